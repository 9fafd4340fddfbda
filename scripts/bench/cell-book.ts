// Which cells each scenario may measure: those that can run, less those an earlier scenario found unfit (conformance).
import type { AnyScenario, Cell } from '../engine/scenario.js';
import type { BenchOptions } from '../results/types.js';
import type { CellPlan } from './cells.js';

export type SkippedCell = { cell: Cell; reason: string };

export class CellBook {
  private available: Cell[];
  private readonly skipped: SkippedCell[];

  constructor(plan: CellPlan, private readonly options: Pick<BenchOptions, 'langs'>) {
    this.available = [...plan.cells];
    this.skipped = [...plan.skipped];
  }

  /** A single-service scenario measures the cells of --langs; the others every cell that can run. */
  cellsFor(scenario: Pick<AnyScenario, 'topology'>): { cells: Cell[]; available: Cell[]; skippedCells: SkippedCell[] } {
    const single = scenario.topology === 'single';
    const ofLangs = <T extends { lang: string }>(cells: readonly T[]) => cells.filter((cell) => this.options.langs.includes(cell.lang));
    return {
      cells: single ? ofLangs(this.available) : [...this.available],
      available: [...this.available],
      skippedCells: single ? this.skipped.filter(({ cell }) => this.options.langs.includes(cell.lang)) : [...this.skipped],
    };
  }

  /** A cell that failed conformance is named once and measured by no later scenario. */
  remove(failed: readonly SkippedCell[]): void {
    this.available = this.available.filter((cell) => !failed.some((one) => one.cell.lang === cell.lang && one.cell.mode === cell.mode));
    this.skipped.push(...failed);
  }
}
