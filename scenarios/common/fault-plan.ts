// How long and on which cells the fault scenarios run: a short version in the default quick run, every fault otherwise.
import type { Cell, ScenarioContext } from '../../scripts/engine/scenario.js';

export type FaultPlanKind = 'short' | 'complete';

/**
 * The default quick run (no --scenario) and smoke runs take the short version, to keep the quick run within its
 * five minutes; naming the scenario with --scenario, or --full, runs every fault on every cell.
 */
export function faultPlanKind(context: Pick<ScenarioContext, 'options'>): FaultPlanKind {
  const { tier, scenariosGiven } = context.options;
  if (tier === 'smoke') return 'short';
  return tier === 'quick' && scenariosGiven !== true ? 'short' : 'complete';
}

/** The short version runs on one language (ts when it runs, else the first) and on the modes that have features. */
export function shortCells(cells: readonly Cell[], modes: readonly Cell['mode'][]): Cell[] {
  const lang = cells.some((cell) => cell.lang === 'ts') ? 'ts' : cells[0]?.lang;
  return cells.filter((cell) => cell.lang === lang && modes.includes(cell.mode));
}
