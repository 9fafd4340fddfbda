// Runs the open-loop generator as a separate, pinned node process and returns its raw result.
import { compiledScript } from '../paths.js';
import { GENERATOR_NODE_FLAGS, runJsonChild } from './node-child.js';
import type { OpenLoopOptions, OpenLoopResult } from './open-loop-types.js';

export type { OpenLoopOptions, OpenLoopResult } from './open-loop-types.js';

/** `onStart` gets the generator's pid, so a sampler can count it as the load generator role. */
export async function runOpenLoop(options: OpenLoopOptions, generatorCpus?: string, onStart?: (pid: number) => void): Promise<OpenLoopResult> {
  const script = compiledScript('scripts/load/open-loop-main');
  const budgetSeconds = options.warmupSeconds + options.durationSeconds + options.timeoutSeconds + 30;
  return runJsonChild<OpenLoopResult>(script, [JSON.stringify(options)], {
    nodeFlags: GENERATOR_NODE_FLAGS,
    timeoutSeconds: budgetSeconds,
    ...(onStart !== undefined ? { onStart } : {}),
    ...(generatorCpus !== undefined ? { cpus: generatorCpus } : {}),
  });
}
