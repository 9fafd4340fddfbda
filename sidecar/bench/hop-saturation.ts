// The hop benchmark's saturation step: a closed loop through the sidecar and through HAProxy (same app, same core),
// and each proxy's CPU per answered request, so the sidecar's cost at saturation reads as a multiple of a native proxy's.
import { runClosedLoop } from '../../scripts/load/closed-loop.js';
import type { ManagedProcess } from '../../scripts/orchestration/processes.js';
import { cpuSeconds } from './machine.js';

/** As in the issue that set the target: 10 connections, 1 KB bodies. */
const CONNECTIONS = 10;

export interface SaturationRun {
  target: 'sidecar' | 'haproxy';
  requestsPerSecond: number;
  /** The proxy process's CPU (all its threads) over the window, per answered request. */
  proxyCpuMicrosPerRequest: number;
}

export interface Saturation {
  seconds: number;
  runs: SaturationRun[];
  /** The sidecar's CPU per request over HAProxy's; null without HAProxy. */
  cpuOverNative: number | null;
}

async function saturate(
  target: SaturationRun['target'],
  origin: string,
  proxy: ManagedProcess,
  seconds: number,
  bodyBytes: number,
  generatorCpus: string | undefined,
): Promise<SaturationRun> {
  const before = cpuSeconds(proxy.pid);
  const result = await runClosedLoop(
    {
      url: `${origin}/customers`,
      method: 'POST',
      ...(bodyBytes > 0 ? { body: 'q'.repeat(bodyBytes), headers: { 'content-type': 'application/octet-stream' } } : {}),
      connections: CONNECTIONS,
      durationSeconds: seconds,
      timeoutSeconds: 10,
    },
    generatorCpus,
  );
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`saturation through ${target}: ${failed} of ${result.requests} requests failed`);
  return {
    target,
    requestsPerSecond: Math.round(result.requestsPerSecond),
    proxyCpuMicrosPerRequest: Math.round(((cpuSeconds(proxy.pid) - before) * 1e6) / Math.max(1, result.requests)),
  };
}

export async function measureSaturation(
  targets: { sidecar: { origin: string; process: ManagedProcess }; haproxy?: { origin: string; process: ManagedProcess } },
  seconds: number,
  bodyBytes: number,
  generatorCpus: string | undefined,
): Promise<Saturation> {
  const runs: SaturationRun[] = [];
  for (const [target, at] of Object.entries(targets) as [SaturationRun['target'], { origin: string; process: ManagedProcess }][]) {
    const run = await saturate(target, at.origin, at.process, seconds, bodyBytes, generatorCpus);
    console.log(
      `saturation through ${target.padEnd(7)}: ${run.requestsPerSecond} req/s, ${run.proxyCpuMicrosPerRequest} µs of its CPU per request`,
    );
    runs.push(run);
  }
  const perRequest = (target: SaturationRun['target']) => runs.find((run) => run.target === target)?.proxyCpuMicrosPerRequest;
  const sidecar = perRequest('sidecar')!;
  const native = perRequest('haproxy');
  return { seconds, runs, cpuOverNative: native === undefined || native <= 0 ? null : Number((sidecar / native).toFixed(2)) };
}
