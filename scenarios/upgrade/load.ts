// Starts the rollout load (load-main.ts, the engine's registry-following schedule) and stops it on demand.
import { startRegistryLoad, type RunningRegistryLoad } from '../../scripts/load/registry-load.js';
import { compiledScript } from '../../scripts/paths.js';
import type { RolloutLoadOptions, RolloutLoadResult } from './load-types.js';

export type RunningLoad = RunningRegistryLoad<RolloutLoadResult>;

export function startRolloutLoad(options: RolloutLoadOptions): RunningLoad {
  return startRegistryLoad<RolloutLoadResult>(options, compiledScript('scenarios/upgrade/load-main'));
}
