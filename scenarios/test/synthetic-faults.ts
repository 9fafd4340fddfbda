// Hand-made results of the fault scenarios, for the claims tests and the report's browser test.
import type { IsolationData } from '../isolation/run.js';
import type { IsolationEpisode } from '../isolation/episode.js';
import type { LifecycleData, LifecycleRun } from '../lifecycle/run.js';
import type { ResilienceData, ResilienceEpisode } from '../resilience/run.js';
import type { TimelineBucket, TimelineLoadResult } from '../../scripts/load/timeline-types.js';
import type { RunResults, ScenarioId } from '../../scripts/results/types.js';
import { encodeHistogram, newMicrosHistogram, recordMicros } from '../../scripts/stats/histogram.js';
import { syntheticResults } from './synthetic-results.js';

const OK_LATENCY = (() => {
  const histogram = newMicrosHistogram();
  for (let i = 0; i < 10; i++) recordMicros(histogram, 2000);
  return encodeHistogram(histogram);
})();

export function bucket(failed: number, sent = 10): TimelineBucket {
  return {
    sent,
    ok: sent - failed,
    non2xx: failed,
    errors: 0,
    timeouts: 0,
    latencyHistogram: OK_LATENCY,
    statuses: failed > 0 ? { 503: failed } : {},
    errorCodes: {},
  };
}

/** 1 s before, 1 s during with `failedDuring` of 10 failing per bucket, 1 s after; buckets of 0.25 s. */
export function timeline(failedDuring: number): TimelineLoadResult {
  const buckets = [
    ...Array.from({ length: 4 }, () => bucket(0)),
    ...Array.from({ length: 4 }, () => bucket(failedDuring)),
    ...Array.from({ length: 4 }, () => bucket(0)),
  ];
  return { ratePerSecond: 40, durationSeconds: 3, bucketSeconds: 0.25, startEpochMillis: 0, buckets, pacingP99Micros: 100 };
}

export function isolationEpisode(
  fault: IsolationEpisode['fault'],
  mode: IsolationEpisode['mode'],
  options: { failedDuring?: number; appSurvived?: boolean; lost?: number; exact?: boolean } = {},
): IsolationEpisode {
  const appSurvived = options.appSurvived ?? true;
  return {
    fault,
    lang: 'ts',
    mode,
    instanceId: `${fault}-${mode}`,
    how: '',
    injectedAtSeconds: 1,
    endedAtSeconds: 2,
    untilSeconds: 3,
    timeline: timeline(options.failedDuring ?? 0),
    series: [],
    seriesOffsetSeconds: 0,
    events: [],
    verification: { injected: true, evidence: 'seen' },
    validity: { valid: true, reasons: [], warnings: [], smoke: false },
    registry: null,
    logs: {
      source: 'x',
      written: 100,
      delivered: 100 - (options.lost ?? 0),
      duplicates: 0,
      lost: options.lost ?? 0,
      exact: options.exact ?? true,
      processes: [
        {
          pid: 1,
          written: 100,
          exact: options.exact ?? true,
          delivered: 100 - (options.lost ?? 0),
          duplicates: 0,
          lost: options.lost ?? 0,
        },
      ],
    },
    appSurvived,
    appProbes: Array.from({ length: 30 }, (_, index) => ({ atSeconds: index / 10, ok: appSurvived || index < 10 })),
  };
}

export function withScenario(id: ScenarioId, data: unknown): RunResults {
  const results = syntheticResults();
  results.scenarios.push({ id, status: 'ok', startedAt: results.startedAt, durationSeconds: 1, messages: [], data });
  return results;
}

export function isolation(episodes: IsolationEpisode[]): RunResults {
  const data: IsolationData = {
    plan: 'complete',
    request: 'x',
    faults: [],
    episodes,
    episodePlan: {
      beforeSeconds: 1,
      duringSeconds: 1,
      afterSeconds: 1,
      ratePerSecond: 40,
      bucketSeconds: 0.25,
      sampleIntervalSeconds: 0.25,
      settings: {},
    },
    processEpisodePlan: {
      beforeSeconds: 1,
      duringSeconds: 1,
      afterSeconds: 1,
      ratePerSecond: 40,
      bucketSeconds: 0.25,
      sampleIntervalSeconds: 0.25,
      settings: {},
    },
  };
  return withScenario('isolation', data);
}

export function resilienceEpisode(
  mode: ResilienceEpisode['mode'],
  failedDuring: number,
  options: { tries?: number; twice?: number; lang?: string } = {},
): ResilienceEpisode {
  const counts = (requests: number, distinctKeys: number) => ({
    requests,
    injectedErrors: requests > 0 ? 20 : 0,
    injectedDelays: 0,
    keyed: requests,
    distinctKeys,
    charges: distinctKeys,
    keysCharged: distinctKeys,
    keysChargedTwice: options.twice ?? 0,
    upstreamErrors: 0,
  });
  const caller = { retries: mode === 'none' ? null : 0, budgetExhausted: null, circuitOpened: null };
  return {
    fault: 'payment-503',
    lang: options.lang ?? 'ts',
    mode,
    how: '',
    injectedAtSeconds: 1,
    endedAtSeconds: 2,
    untilSeconds: 3,
    timeline: timeline(failedDuring),
    proxy: { atInjection: counts(0, 0), atEnd: counts(options.tries ?? 125, 100), final: counts(options.tries ?? 125, 100) },
    caller: { atInjection: caller, atEnd: caller, final: caller },
    storedPayments: 100,
    verification: { injected: true, evidence: 'seen' },
    validity: { valid: true, reasons: [], warnings: [], smoke: false },
  };
}

export function resilience(episodes: ResilienceEpisode[]): RunResults {
  const data: ResilienceData = {
    plan: 'complete',
    request: 'x',
    ratePerSecond: 40,
    beforeSeconds: 1,
    duringSeconds: 1,
    afterSeconds: 1,
    bucketSeconds: 0.25,
    faults: [],
    episodes,
  };
  return withScenario('resilience', data);
}

export function lifecycleRun(
  mode: LifecycleRun['mode'],
  stopOrder: LifecycleRun['stopOrder'],
  listedAtSeconds: number,
  failedWhileListed: number,
  lang = 'ts',
): LifecycleRun {
  // 50 ms buckets over 4 s: refused until the listing, `failedWhileListed` failures right after it, refused after the exit.
  const size = 0.05;
  const buckets = Array.from({ length: 80 }, (_, index) => {
    const at = index * size;
    if (at < listedAtSeconds || at >= 3.5) return bucket(5, 5);
    if (at >= listedAtSeconds + 0.1 && at < listedAtSeconds + 0.1 + failedWhileListed * size) return bucket(1, 5);
    return bucket(0, 5);
  });
  return {
    lang,
    mode,
    stopOrder,
    timeline: { ratePerSecond: 100, durationSeconds: 4, bucketSeconds: size, startEpochMillis: 0, buckets, pacingP99Micros: 100 },
    spawnedAtSeconds: 0.3,
    readyAtSeconds: listedAtSeconds,
    stopAtSeconds: 3,
    exitedAtSeconds: 3.5,
    registry:
      mode === 'none'
        ? null
        : [
            { atSeconds: listedAtSeconds, state: 'passing' },
            { atSeconds: 3.01, state: 'absent' },
          ],
    exits: [{ role: 'app', exit: 'exit code 0' }],
    logs: null,
  };
}

export function lifecycle(runs: LifecycleRun[]): RunResults {
  const data: LifecycleData = { plan: 'complete', request: 'x', ratePerSecond: 100, bucketSeconds: 0.05, servingSeconds: 2, runs };
  return withScenario('lifecycle', data);
}

/** One run with all three fault scenarios beside the synthetic run's others: every fault section and claim has data. */
export function syntheticFaultResults(): RunResults {
  const results = isolation([
    isolationEpisode('collector-slow', 'library'),
    isolationEpisode('collector-slow', 'sidecar'),
    isolationEpisode('feature-crash', 'library', { failedDuring: 10, appSurvived: false, lost: 30, exact: false }),
    isolationEpisode('feature-crash', 'sidecar', { failedDuring: 10 }),
    isolationEpisode('app-kill', 'library', { failedDuring: 10, appSurvived: false, lost: 40, exact: false }),
    isolationEpisode('app-kill', 'sidecar', { failedDuring: 10, appSurvived: false }),
  ]);
  results.scenarios.push(
    ...resilience([resilienceEpisode('none', 2), resilienceEpisode('library', 0), resilienceEpisode('sidecar', 0)]).scenarios.filter(
      (scenario) => scenario.id === 'resilience',
    ),
  );
  results.scenarios.push(
    ...lifecycle([
      lifecycleRun('none', 'app-first', 0.6, 0),
      lifecycleRun('library', 'app-first', 0.8, 0),
      lifecycleRun('sidecar', 'together', 1.4, 1),
    ]).scenarios.filter((scenario) => scenario.id === 'lifecycle'),
  );
  return results;
}
