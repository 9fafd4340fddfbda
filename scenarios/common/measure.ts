// Shared measuring steps of the load scenarios: a sampled open-loop window and per-role figures from it.
import { runOpenLoop, type OpenLoopResult } from '../../scripts/load/open-loop.js';
import { checkOpenLoopStep, type Validity } from '../../scripts/load/validity.js';
import type { ProcSampler, Role, RoleSample } from '../../scripts/sampling/sampler.js';
import { cpuMillisPer1000Requests, cpuSecondsBetween } from '../../scripts/sampling/derive.js';
import type { ScenarioContext } from '../../scripts/engine/scenario.js';
import type { EventCell } from '../../scripts/engine/events.js';
import { liveLoadWindows } from '../../scripts/engine/load-windows.js';
import { delay } from '../../scripts/orchestration/ready.js';

export interface RoleWindow {
  role: Role;
  cpuSeconds: number | null;
  /** null for the idle window, which answers no request. */
  cpuMillisPer1000Requests: number | null;
  /** At the end of the window. */
  rssBytes: number | null;
  /** RssAnon (private) and Pss at the end of the window; absent in results written before they were read. */
  anonBytes?: number | null;
  pssBytes?: number | null;
}

export function roleWindows(before: Map<Role, RoleSample>, after: Map<Role, RoleSample>, requests: number): RoleWindow[] {
  const roles = [...new Set([...before.keys(), ...after.keys()])];
  return roles.map((role) => {
    const cpuSeconds = cpuSecondsBetween(before.get(role), after.get(role));
    const end = after.get(role);
    return {
      role,
      cpuSeconds,
      cpuMillisPer1000Requests: requests > 0 ? cpuMillisPer1000Requests(cpuSeconds, requests) : null,
      rssBytes: end?.rssBytes ?? null,
      anonBytes: end?.anonBytes ?? null,
      pssBytes: end?.pssBytes ?? null,
    };
  });
}

/** Roughly how long node takes to load the generator before its schedule starts. */
const GENERATOR_BOOT_SECONDS = 0.15;

export interface SampledLoad {
  load: OpenLoopResult;
  validity: Validity;
  /** CPU over the measured window only: warm-up excluded by reading after it. */
  windows: RoleWindow[];
}

/** What each request of a load step is: a GET of a path unless said otherwise. */
export interface LoadRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * One open-loop step with the sampler reading every role right after the warm-up and right after the window,
 * so CPU per request covers the measured requests only.
 */
/** `cell`: whose load this is, for the live view's windows (--live). */
export async function sampledOpenLoop(
  context: ScenarioContext,
  sampler: ProcSampler,
  origin: string,
  request: string | LoadRequest,
  ratePerSecond: number,
  windowSeconds = context.tier.windowSeconds,
  cell?: EventCell,
): Promise<SampledLoad> {
  const { warmupSeconds } = context.tier;
  const { method = 'GET', ...rest } = typeof request === 'string' ? { path: request } : request;
  let before: Map<Role, RoleSample> | undefined;
  let generatorPid: number | undefined;
  let warmupDone: Promise<void> = Promise.resolve();
  const live = liveLoadWindows(context, `${method} ${rest.path} at ${ratePerSecond}/s`, cell);
  const load = await runOpenLoop(
    {
      origin,
      method,
      ...rest,
      ratePerSecond,
      durationSeconds: windowSeconds,
      warmupSeconds,
      connections: 16,
      timeoutSeconds: 2,
      ...live.options,
    },
    context.pinning.generatorCpus,
    (pid) => {
      generatorPid = pid;
      sampler.track({ pid, role: 'loadgen', label: 'open-loop generator' });
      // The generator's clock starts once node has loaded it, a fraction of a second after spawn.
      warmupDone = delay((warmupSeconds + GENERATOR_BOOT_SECONDS) * 1000).then(async () => {
        before = await sampler.sampleNow();
      });
    },
    live.onWindow,
  );
  await warmupDone;
  const after = await sampler.sampleNow();
  if (generatorPid !== undefined) sampler.untrack(generatorPid);
  return {
    load,
    validity: checkOpenLoopStep(load, context.options.tier === 'smoke'),
    windows: roleWindows(before ?? new Map(), after, load.ok),
  };
}
