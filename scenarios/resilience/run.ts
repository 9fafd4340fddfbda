// resilience: the payment service answering 503 to a fifth of requests, or 500 ms late to a tenth; what the caller's egress makes of it.
import { NO_FAULT, type ProxyCounts, type ProxyFault } from '../../scripts/faults/fault-proxy.js';
import { baselineFigures } from '../../scripts/faults/figures.js';
import { countStoredPayments } from '../../scripts/faults/payments-db.js';
import { scrape, sumSeries } from '../../scripts/faults/prometheus-text.js';
import { episodeValidity, type Verification } from '../../scripts/faults/verification.js';
import { startTimelineLoad, type RunningTimeline, type TimelineLoadResult } from '../../scripts/load/timeline.js';
import type { Validity } from '../../scripts/load/validity.js';
import type { Lang, Message, Mode } from '../../scripts/results/types.js';
import type { TierSettings } from '../../scripts/bench/tiers.js';
import { startRunControlPlane } from '../../scripts/topology.js';
import { faultPlanKind, shortCells, type FaultPlanKind } from '../common/fault-plan.js';
import { checkoutBody, startCheckoutTopology, type CheckoutTopology } from './topology.js';
import { clientsSaw } from '../../scripts/engine/step-figures.js';
import { liveLoadWindows } from '../../scripts/engine/load-windows.js';
import { skippedMessages, type Cell, type ScenarioRunner, type ScenarioContext } from '../../scripts/engine/scenario.js';
import { sleepUntil } from '../../scripts/orchestration/ready.js';

export const RESILIENCE_FAULT_IDS = ['payment-503', 'payment-slow'] as const;
export type ResilienceFaultId = (typeof RESILIENCE_FAULT_IDS)[number];

/** The words are made from the values, so the report and the claims say what was injected. */
function describedFault(fault: ProxyFault, describe: (fault: ProxyFault) => string): { how: string; fault: ProxyFault } {
  return { how: describe(fault), fault };
}

export const RESILIENCE_FAULTS: Record<ResilienceFaultId, { how: string; fault: ProxyFault }> = {
  'payment-503': describedFault(
    { ...NO_FAULT, errorRatio: 0.2 },
    (fault) =>
      `payment answers ${fault.errorStatus} to ${fault.errorRatio * 100}% of requests, after it has charged (the answer is lost, the charge is not)`,
  ),
  'payment-slow': describedFault(
    { ...NO_FAULT, delayRatio: 0.1, delaySeconds: 0.5 },
    (fault) => `payment answers ${fault.delaySeconds * 1000} ms late to ${fault.delayRatio * 100}% of requests`,
  ),
};

/** The caller's own egress counters (library: web's /metrics; sidecar: the ambassador's), null in mode none. */
export interface CallerCounts {
  retries: number | null;
  budgetExhausted: number | null;
  circuitOpened: number | null;
}

export interface ResilienceEpisode {
  fault: ResilienceFaultId;
  lang: Lang;
  mode: Mode;
  how: string;
  injectedAtSeconds: number;
  endedAtSeconds: number;
  untilSeconds: number;
  timeline: TimelineLoadResult;
  /** The proxy's counts when the fault began, when it ended, and after the last answer. */
  proxy: { atInjection: ProxyCounts; atEnd: ProxyCounts; final: ProxyCounts };
  caller: { atInjection: CallerCounts; atEnd: CallerCounts; final: CallerCounts };
  /** Rows in payment's own `payments` table after the run; null when its file was not found. */
  storedPayments: number | null;
  verification: Verification;
  validity: Validity;
}

export interface ResilienceData {
  plan: FaultPlanKind;
  request: string;
  ratePerSecond: number;
  beforeSeconds: number;
  duringSeconds: number;
  afterSeconds: number;
  bucketSeconds: number;
  faults: { id: ResilienceFaultId; how: string }[];
  episodes: ResilienceEpisode[];
}

const SHORT_FAULTS: readonly ResilienceFaultId[] = ['payment-503'];
const START_SECONDS = 3;

/**
 * Rates every language holds with three services (and, in sidecar mode, three sidecars) sharing the system's core:
 * Python's checkout chain in sidecar mode was near saturation at 25 checkouts/s on the shared 2-core machine this was
 * written on. The short version runs ts only.
 */
export function resiliencePlan(kind: FaultPlanKind, tier: TierSettings) {
  if (tier.tier === 'smoke') return { ratePerSecond: 30, beforeSeconds: 0.6, duringSeconds: 1.5, afterSeconds: 1, bucketSeconds: 0.25 };
  if (kind === 'short') return { ratePerSecond: 30, beforeSeconds: 1, duringSeconds: 2, afterSeconds: 1, bucketSeconds: 0.25 };
  if (tier.tier === 'quick') return { ratePerSecond: 15, beforeSeconds: 2, duringSeconds: 8, afterSeconds: 3, bucketSeconds: 0.25 };
  return { ratePerSecond: 15, beforeSeconds: 5, duringSeconds: 30, afterSeconds: 10, bucketSeconds: 0.5 };
}

function episodesOf(kind: FaultPlanKind, cells: readonly Cell[]): { cell: Cell; fault: ResilienceFaultId }[] {
  // The short version compares the ambassador with the library's egress (both retry), and both with no retries at all.
  const chosen = kind === 'short' ? shortCells(cells, ['none', 'library', 'sidecar']) : cells;
  const faults = kind === 'short' ? SHORT_FAULTS : RESILIENCE_FAULT_IDS;
  return faults.flatMap((fault) => chosen.map((cell) => ({ cell, fault })));
}

async function callerCounts(topology: CheckoutTopology): Promise<CallerCounts> {
  const url = topology.web.instance.metricsUrl;
  const text = url === undefined ? null : await scrape(url);
  const read = (name: string) => (text === null ? null : (sumSeries(text, name, { target: 'payment' }) ?? 0));
  return {
    retries: read('scl_egress_retries_total'),
    budgetExhausted: read('scl_egress_retry_budget_exhausted_total'),
    circuitOpened: read('scl_egress_circuit_opened_total'),
  };
}

const WARMUP_CHECKOUTS = 20;

/**
 * Checks out until one succeeds (discovery has found both peers, the path works end to end), then a few more, so
 * the baseline is not the processes' first moments.
 */
async function warmUp(topology: CheckoutTopology, timeoutSeconds = 15): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last = 'no answer';
  let succeeded = 0;
  while (succeeded < WARMUP_CHECKOUTS) {
    if (Date.now() > deadline)
      throw new Error(`checkouts did not succeed within ${timeoutSeconds} s before the fault (last: ${last.slice(0, 300)})`);
    try {
      const response = await fetch(`${topology.web.instance.publicUrl}/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: checkoutBody(topology.customerId),
      });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 201) {
        succeeded++;
        continue;
      }
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function runResilienceEpisode(
  context: ScenarioContext,
  topology: CheckoutTopology,
  cell: Cell,
  faultId: ResilienceFaultId,
  plan: ReturnType<typeof resiliencePlan>,
): Promise<ResilienceEpisode> {
  await warmUp(topology);
  const total = plan.beforeSeconds + plan.duringSeconds + plan.afterSeconds;
  const live = liveLoadWindows(context, `resilience: ${faultId} on ${cell.lang}/${cell.mode}`, cell);
  const load: RunningTimeline = startTimelineLoad(
    {
      origin: topology.web.instance.publicUrl,
      method: 'POST',
      path: '/checkout',
      headers: { 'content-type': 'application/json' },
      body: checkoutBody(topology.customerId),
      ratePerSecond: plan.ratePerSecond,
      durationSeconds: total,
      bucketSeconds: plan.bucketSeconds,
      connections: 64,
      timeoutSeconds: 10,
      ...live.options,
    },
    context.pinning.generatorCpus,
    live.onWindow,
  );
  try {
    return await measureEpisode(context, topology, cell, faultId, plan, load);
  } finally {
    topology.proxy.setFault(NO_FAULT);
    load.stop();
    await load.result.catch(() => undefined);
  }
}

async function measureEpisode(
  context: ScenarioContext,
  topology: CheckoutTopology,
  cell: Cell,
  faultId: ResilienceFaultId,
  plan: ReturnType<typeof resiliencePlan>,
  load: RunningTimeline,
): Promise<ResilienceEpisode> {
  const { fault, how } = RESILIENCE_FAULTS[faultId];
  const total = plan.beforeSeconds + plan.duringSeconds + plan.afterSeconds;
  const startEpochMillis = await load.started;
  const at = (epochMillis: number) => (epochMillis - startEpochMillis) / 1000;
  // The caller's counters are read a moment early, so the fault starts on time, on a bucket's edge.
  await sleepUntil(startEpochMillis + (plan.beforeSeconds - 0.2) * 1000);
  const callerAtInjection = await callerCounts(topology);
  await sleepUntil(startEpochMillis + plan.beforeSeconds * 1000);
  const proxyAtInjection = topology.proxy.snapshot();
  const injectedEpochMillis = Date.now();
  topology.proxy.setFault(fault);
  context.emit({ type: 'fault-injected', fault: faultId, how, cell });
  await sleepUntil(startEpochMillis + (plan.beforeSeconds + plan.duringSeconds) * 1000);
  topology.proxy.setFault(NO_FAULT);
  const endedEpochMillis = Date.now();
  context.emit({ type: 'fault-cleared', fault: faultId, cell });
  const proxyAtEnd = topology.proxy.snapshot();
  const callerAtEnd = await callerCounts(topology);
  const timeline = await load.result;
  await topology.proxy.idle();
  const proxyFinal = topology.proxy.snapshot();
  const callerFinal = await callerCounts(topology);
  const injected =
    faultId === 'payment-503'
      ? proxyAtEnd.injectedErrors - proxyAtInjection.injectedErrors
      : proxyAtEnd.injectedDelays - proxyAtInjection.injectedDelays;
  const tries = proxyAtEnd.requests - proxyAtInjection.requests;
  const verification: Verification = {
    injected: injected > 0,
    evidence: `the proxy answered ${injected} of ${tries} payment requests ${faultId === 'payment-503' ? 'with 503' : '500 ms late'} during the fault`,
  };
  const before = baselineFigures(timeline, at(injectedEpochMillis));
  const validity = episodeValidity(verification, before, timeline.pacingP99Micros, context.options.tier === 'smoke');
  context.emit({
    type: 'step-finished',
    label: `resilience: ${faultId} on ${cell.lang}/${cell.mode}`,
    figures: { cell, ratePerSecond: plan.ratePerSecond, valid: validity.valid },
    fault: { id: faultId, clients: clientsSaw(timeline, at(injectedEpochMillis), at(endedEpochMillis)) },
  });
  return {
    fault: faultId,
    lang: cell.lang,
    mode: cell.mode,
    how,
    injectedAtSeconds: at(injectedEpochMillis),
    endedAtSeconds: at(endedEpochMillis),
    untilSeconds: total,
    timeline,
    proxy: { atInjection: proxyAtInjection, atEnd: proxyAtEnd, final: proxyFinal },
    caller: { atInjection: callerAtInjection, atEnd: callerAtEnd, final: callerFinal },
    storedPayments: await countStoredPayments(topology.payment.instance.dataDir),
    verification,
    validity,
  };
}

/** This scenario has no knobs of its own: the tier's shared ones are enough. */
export type ResilienceSettings = Record<string, never>;

export const resilienceRunner: ScenarioRunner<ResilienceData, ResilienceSettings> = {
  estimateSeconds(tier, _settings, cells, options) {
    const kind = options === undefined ? (tier.tier === 'full' ? 'complete' : 'short') : faultPlanKind({ options });
    const plan = resiliencePlan(kind, tier);
    return episodesOf(kind, cells).length * (START_SECONDS + plan.beforeSeconds + plan.duringSeconds + plan.afterSeconds + 1);
  },

  async run(context) {
    const messages: Message[] = skippedMessages(context);
    const kind = faultPlanKind(context);
    const plan = resiliencePlan(kind, context.tier);
    const planned = episodesOf(kind, context.cells);
    if (planned.length === 0)
      return {
        status: 'skipped',
        data: null,
        messages: [...messages, { level: 'skipped', scope: 'resilience', text: 'no runnable cell' }],
      };
    if (kind === 'short')
      messages.push({
        level: 'info',
        scope: 'resilience',
        text: `short version: ${SHORT_FAULTS.join(', ')} on ${[...new Set(planned.map(({ cell }) => `${cell.lang}/${cell.mode}`))].join(', ')}; name the scenario (--scenario resilience) or use --full for every fault on every cell`,
      });
    const data: ResilienceData = {
      plan: kind,
      request: 'POST /checkout on web: GET customers, then POST payment with an Idempotency-Key, through egress',
      ...plan,
      faults: RESILIENCE_FAULT_IDS.map((id) => ({ id, how: RESILIENCE_FAULTS[id].how })),
      episodes: [],
    };
    const controlPlane = await startRunControlPlane(context.runDir);
    try {
      for (const [index, { cell, fault }] of planned.entries()) {
        context.step(`resilience: ${fault} on ${cell.lang}/${cell.mode}`);
        let topology: CheckoutTopology | undefined;
        try {
          topology = await startCheckoutTopology(cell, context.runDir, controlPlane, `resilience-${index}-${cell.lang}-${cell.mode}`);
          const episode = await runResilienceEpisode(context, topology, cell, fault, plan);
          data.episodes.push(episode);
          if (!episode.validity.valid)
            messages.push({ level: 'warning', scope: `${cell.lang}/${cell.mode} ${fault}`, text: episode.validity.reasons.join('; ') });
        } catch (error) {
          messages.push({
            level: 'error',
            scope: `${cell.lang}/${cell.mode} ${fault}`,
            text: (error as Error).message.split('\n')[0] ?? 'failed',
          });
        } finally {
          await topology?.stop();
        }
      }
    } finally {
      await controlPlane.stop();
    }
    return { status: messages.some((message) => message.level === 'error') ? 'partial' : 'ok', data, messages };
  },
};
