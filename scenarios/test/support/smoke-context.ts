// The context a test hands a scenario's episode directly (no bench around it): the smoke tier, unpinned, no cells.
import { TIERS } from '../../../scripts/bench/tiers.js';
import type { ScenarioContext } from '../../../scripts/engine/scenario.js';
import type { Mode } from '../../../scripts/orchestration/recipe.js';

export function smokeContext(runDir: string, scenarios: string[], modes: Mode[]): ScenarioContext {
  return {
    options: { scenarios, langs: ['ts'], modes, tier: 'smoke', topologies: ['single'], outDir: runDir, pin: false, build: false },
    tier: TIERS.smoke,
    settings: {},
    pinning: { applied: false, note: 'not pinned in tests' },
    runDir,
    cells: [],
    available: [],
    skippedCells: [],
    earlier: [],
    step: () => undefined,
    emit: () => undefined,
  };
}
