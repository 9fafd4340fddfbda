// Which cells each scenario may measure: those that can run, less those an earlier scenario found unfit (conformance).
import { modesLeftOut, modesOf, type AnyScenario, type Cell } from '../engine/scenario.js';
import type { BenchOptions } from '../results/types.js';
import { nativeLangsOf } from './tiers.js';
import type { CellPlan } from './cells.js';

export type SkippedCell = { cell: Cell; reason: string };

export class CellBook {
  private available: Cell[];
  private readonly skipped: SkippedCell[];

  constructor(
    plan: CellPlan,
    private readonly options: Pick<BenchOptions, 'langs' | 'tier' | 'modesGiven'>,
  ) {
    this.available = [...plan.cells];
    this.skipped = [...plan.skipped];
  }

  /**
   * A single-service scenario measures the cells of --langs; the others every cell that can run. Either way only
   * the modes it measures (mode native only where the hop's cost is measured), less those its tier leaves out of a
   * run of the default modes: another mode is neither measured nor skipped there.
   */
  cellsFor(scenario: Pick<AnyScenario, 'topology' | 'modes' | 'tiers'>): {
    cells: Cell[];
    available: Cell[];
    skippedCells: SkippedCell[];
  } {
    const single = scenario.topology === 'single';
    const leftOut = modesLeftOut(scenario, this.options)?.modes ?? [];
    const modes = modesOf(scenario).filter((mode) => !leftOut.includes(mode));
    const ofModes = (cells: readonly Cell[]) => cells.filter((cell) => modes.includes(cell.mode));
    const nativeLangs = nativeLangsOf(this.options.tier, this.options.langs);
    const ofLangs = (cells: readonly Cell[]) =>
      cells.filter((cell) => this.options.langs.includes(cell.lang) && (cell.mode !== 'native' || nativeLangs.includes(cell.lang)));
    const skipped = this.skipped.filter(({ cell }) => modes.includes(cell.mode));
    return {
      cells: ofModes(single ? ofLangs(this.available) : this.available),
      available: ofModes(this.available),
      skippedCells: single ? skipped.filter(({ cell }) => this.options.langs.includes(cell.lang)) : skipped,
    };
  }

  /** A cell that failed conformance is named once and measured by no later scenario. */
  remove(failed: readonly SkippedCell[]): void {
    this.available = this.available.filter((cell) => !failed.some((one) => one.cell.lang === cell.lang && one.cell.mode === cell.mode));
    this.skipped.push(...failed);
  }
}
