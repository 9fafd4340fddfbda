// Runs the fixed-rate open-loop load as a separate, pinned node process and returns its raw result.
import { compiledScript } from '../paths.js';
import { startLoadChild } from './load-child.js';
import type { LoadWindowReport } from './live-windows.js';
import type { OpenLoopOptions, OpenLoopResult } from './open-loop-types.js';

export type { OpenLoopOptions, OpenLoopResult } from './open-loop-types.js';

/**
 * `onStart` gets the generator's pid, so a sampler can count it as the load generator role; `onWindow` the live windows
 * that `options.liveWindowSeconds` asks for.
 */
export async function runOpenLoop(
  options: OpenLoopOptions,
  generatorCpus?: string,
  onStart?: (pid: number) => void,
  onWindow?: (window: LoadWindowReport) => void,
): Promise<OpenLoopResult> {
  const timeoutSeconds = options.warmupSeconds + options.durationSeconds + options.timeoutSeconds + 30;
  const load = startLoadChild<OpenLoopResult>(compiledScript('scripts/load/open-loop-main'), options, {
    timeoutSeconds,
    ...(generatorCpus !== undefined ? { cpus: generatorCpus } : {}),
    ...(onWindow !== undefined ? { onWindow } : {}),
  });
  onStart?.(load.pid);
  return load.result;
}
