// Closed-loop throughput with autocannon, run as a pinned child: for saturation, never for latency figures.
import { compiledScript } from '../paths.js';
import { runJsonChild } from './node-child.js';
import type { ClosedLoopOptions, ClosedLoopResult } from './closed-loop-types.js';

export type { ClosedLoopOptions, ClosedLoopResult } from './closed-loop-types.js';

export async function runClosedLoop(options: ClosedLoopOptions, generatorCpus?: string): Promise<ClosedLoopResult> {
  return runJsonChild<ClosedLoopResult>(compiledScript('scripts/load/closed-loop-main'), [JSON.stringify(options)], {
    timeoutSeconds: options.durationSeconds + options.timeoutSeconds + 30,
    ...(generatorCpus !== undefined ? { cpus: generatorCpus } : {}),
  });
}
