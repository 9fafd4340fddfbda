// Starts a registry-following load program as its own node process; `stop()` ends it and resolves with its outcome.
import { compiledScript } from '../paths.js';
import { startLoadChild } from './load-child.js';
import type { RegistryLoadOptions, RegistryLoadResult } from './registry-load-types.js';

export interface RunningRegistryLoad<Result extends RegistryLoadResult = RegistryLoadResult> {
  pid: number;
  /** Resolves once the first request is scheduled (the registry answered). */
  started: Promise<number>;
  stop(): Promise<Result>;
}

/**
 * `script`: by default registry-main (the same request every time); a program of its own that calls
 * generateFollowingRegistry when its requests carry something per index (the upgrade's request ids).
 */
export function startRegistryLoad<Result extends RegistryLoadResult = RegistryLoadResult>(
  options: RegistryLoadOptions | object,
  script = compiledScript('scripts/load/registry-main'),
  generatorCpus?: string,
): RunningRegistryLoad<Result> {
  const load = startLoadChild<Result>(script, options, generatorCpus !== undefined ? { cpus: generatorCpus } : {});
  return {
    pid: load.pid,
    started: load.started,
    stop: () => {
      load.stop();
      return load.result;
    },
  };
}
