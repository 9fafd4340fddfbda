// A scenario's raw data in a run, typed by the caller; null when the scenario did not run or returned none.
import type { RunResults, ScenarioId } from './types.js';

export function scenarioData<T>(results: RunResults, id: ScenarioId): T | null {
  return (results.scenarios.find((one) => one.id === id)?.data as T | undefined) ?? null;
}
