// The fault claims (C3, A1, K3 from lifecycle, C5's log loss) from hand-made episodes.
import { describe, expect, it } from 'vitest';
import type { IsolationData } from '../../scenarios/isolation.js';
import type { IsolationEpisode } from '../../scenarios/isolation-episode.js';
import type { LifecycleData, LifecycleRun } from '../../scenarios/lifecycle.js';
import type { ResilienceData, ResilienceEpisode } from '../../scenarios/resilience.js';
import type { TimelineBucket, TimelineLoadResult } from '../load/timeline-types.js';
import { appKillLoss, claimA1, claimC3, costK3FromLifecycle } from '../report/claims-faults.js';
import { analyzeLifecycle } from '../report/analysis/faults.js';
import type { RunResults, ScenarioId } from '../results/types.js';
import { encodeHistogram, newMicrosHistogram, recordMicros } from '../stats/histogram.js';
import { syntheticResults } from './synthetic-results.js';

const OK_LATENCY = (() => {
  const histogram = newMicrosHistogram();
  for (let i = 0; i < 10; i++) recordMicros(histogram, 2000);
  return encodeHistogram(histogram);
})();

function bucket(failed: number, sent = 10): TimelineBucket {
  return { sent, ok: sent - failed, non2xx: failed, errors: 0, timeouts: 0, latencyHistogram: OK_LATENCY, statuses: failed > 0 ? { 503: failed } : {}, errorCodes: {} };
}

/** 1 s before, 1 s during with `failedDuring` of 10 failing per bucket, 1 s after; buckets of 0.25 s. */
function timeline(failedDuring: number): TimelineLoadResult {
  const buckets = [...Array.from({ length: 4 }, () => bucket(0)), ...Array.from({ length: 4 }, () => bucket(failedDuring)), ...Array.from({ length: 4 }, () => bucket(0))];
  return { ratePerSecond: 40, durationSeconds: 3, bucketSeconds: 0.25, startEpochMillis: 0, buckets, pacingP99Micros: 100 };
}

function isolationEpisode(fault: IsolationEpisode['fault'], mode: IsolationEpisode['mode'], options: { failedDuring?: number; appSurvived?: boolean; lost?: number; exact?: boolean } = {}): IsolationEpisode {
  const appSurvived = options.appSurvived ?? true;
  return {
    fault, lang: 'ts', mode, instanceId: `${fault}-${mode}`, how: '', injectedAtSeconds: 1, endedAtSeconds: 2, untilSeconds: 3,
    timeline: timeline(options.failedDuring ?? 0), series: [], seriesOffsetSeconds: 0, events: [],
    verification: { injected: true, evidence: 'seen' }, validity: { valid: true, reasons: [], warnings: [], smoke: false },
    registry: null,
    logs: { source: 'x', written: 100, delivered: 100 - (options.lost ?? 0), duplicates: 0, lost: options.lost ?? 0, exact: options.exact ?? true, processes: [{ pid: 1, written: 100, exact: options.exact ?? true, delivered: 100 - (options.lost ?? 0), duplicates: 0, lost: options.lost ?? 0 }] },
    appSurvived,
    appProbes: Array.from({ length: 30 }, (_, index) => ({ atSeconds: index / 10, ok: appSurvived || index < 10 })),
  };
}

function withScenario(id: ScenarioId, data: unknown): RunResults {
  const results = syntheticResults();
  results.scenarios.push({ id, status: 'ok', startedAt: results.startedAt, durationSeconds: 1, messages: [], data });
  return results;
}

function isolation(episodes: IsolationEpisode[]): RunResults {
  const data: IsolationData = {
    plan: 'complete', request: 'x', faults: [], episodes, processFaultDuringSeconds: 1,
    episodePlan: { beforeSeconds: 1, duringSeconds: 1, afterSeconds: 1, ratePerSecond: 40, bucketSeconds: 0.25, sampleIntervalSeconds: 0.25, settings: {} },
  };
  return withScenario('isolation', data);
}

describe('C3: the sidecar isolates the app', () => {
  it('is supported when the sidecar\'s crash and the collector faults leave clients untouched while the library\'s crash fails them', () => {
    const row = claimC3(isolation([
      isolationEpisode('collector-slow', 'sidecar'), isolationEpisode('feature-crash', 'sidecar', { failedDuring: 0 }),
      isolationEpisode('feature-crash', 'library', { failedDuring: 10, appSurvived: false }),
    ]));
    expect(row.verdict).toBe('supported');
  });

  it('depends when the app survives the sidecar\'s crash but clients fail as much as with the library', () => {
    const row = claimC3(isolation([
      isolationEpisode('collector-slow', 'sidecar'), isolationEpisode('feature-crash', 'sidecar', { failedDuring: 10 }),
      isolationEpisode('feature-crash', 'library', { failedDuring: 10, appSurvived: false }),
    ]));
    expect(row.verdict).toBe('depends');
    expect(row.evidence).toMatch(/while the sidecar was down/);
  });

  it('is not supported when a collector fault fails clients in sidecar mode, and not measured without sidecar episodes', () => {
    expect(claimC3(isolation([isolationEpisode('collector-500', 'sidecar', { failedDuring: 5 })])).verdict).toBe('not supported');
    expect(claimC3(isolation([isolationEpisode('collector-500', 'library')])).verdict).toBe('not measured');
  });

  it('a killed app loses nothing in sidecar mode and at least what its queue held in library mode', () => {
    const loss = appKillLoss(isolation([isolationEpisode('app-kill', 'sidecar', { appSurvived: false }), isolationEpisode('app-kill', 'library', { appSurvived: false, lost: 38, exact: false })]));
    expect(loss).toEqual({ sidecarLost: 0, libraryLost: 38, cells: 1 });
  });
});

function resilienceEpisode(mode: ResilienceEpisode['mode'], failedDuring: number, options: { tries?: number; twice?: number } = {}): ResilienceEpisode {
  const counts = (requests: number, distinctKeys: number) => ({ requests, injectedErrors: requests > 0 ? 20 : 0, injectedDelays: 0, keyed: requests, distinctKeys, charges: distinctKeys, keysCharged: distinctKeys, keysChargedTwice: options.twice ?? 0, upstreamErrors: 0 });
  const caller = { retries: mode === 'none' ? null : 0, budgetExhausted: null, circuitOpened: null };
  return {
    fault: 'payment-503', lang: 'ts', mode, how: '', injectedAtSeconds: 1, endedAtSeconds: 2, untilSeconds: 3, timeline: timeline(failedDuring),
    proxy: { atInjection: counts(0, 0), atEnd: counts(options.tries ?? 125, 100), final: counts(options.tries ?? 125, 100) },
    caller: { atInjection: caller, atEnd: caller, final: caller }, storedPayments: 100,
    verification: { injected: true, evidence: 'seen' }, validity: { valid: true, reasons: [], warnings: [], smoke: false },
  };
}

function resilience(episodes: ResilienceEpisode[]): RunResults {
  const data: ResilienceData = { plan: 'complete', request: 'x', ratePerSecond: 40, beforeSeconds: 1, duringSeconds: 1, afterSeconds: 1, bucketSeconds: 0.25, faults: [], episodes };
  return withScenario('resilience', data);
}

describe('A1: the ambassador makes outbound calls resilient', () => {
  it('is supported when the ambassador hides the 503s that fail mode none, with no double charge', () => {
    expect(claimA1(resilience([resilienceEpisode('none', 2), resilienceEpisode('sidecar', 0)])).verdict).toBe('supported');
  });

  it('depends when a key was charged twice, and is not supported when the ambassador fails as often as no egress', () => {
    expect(claimA1(resilience([resilienceEpisode('none', 2), resilienceEpisode('sidecar', 0, { twice: 1 })])).verdict).toBe('depends');
    expect(claimA1(resilience([resilienceEpisode('none', 2), resilienceEpisode('sidecar', 2)])).verdict).toBe('not supported');
  });
});

function lifecycleRun(mode: LifecycleRun['mode'], stopOrder: LifecycleRun['stopOrder'], listedAtSeconds: number, failedWhileListed: number): LifecycleRun {
  // 50 ms buckets over 4 s: refused until the listing, `failedWhileListed` failures right after it, refused after the exit.
  const size = 0.05;
  const buckets = Array.from({ length: 80 }, (_, index) => {
    const at = index * size;
    if (at < listedAtSeconds || at >= 3.5) return bucket(5, 5);
    if (at >= listedAtSeconds + 0.1 && at < listedAtSeconds + 0.1 + failedWhileListed * size) return bucket(1, 5);
    return bucket(0, 5);
  });
  return {
    lang: 'ts', mode, stopOrder, timeline: { ratePerSecond: 100, durationSeconds: 4, bucketSeconds: size, startEpochMillis: 0, buckets, pacingP99Micros: 100 },
    spawnedAtSeconds: 0.3, readyAtSeconds: listedAtSeconds, stopAtSeconds: 3, exitedAtSeconds: 3.5,
    registry: mode === 'none' ? null : [{ atSeconds: listedAtSeconds, state: 'passing' }, { atSeconds: 3.01, state: 'absent' }],
    exits: [{ role: 'app', exit: 'exit code 0' }], logs: null,
  };
}

function lifecycle(runs: LifecycleRun[]): RunResults {
  const data: LifecycleData = { plan: 'complete', request: 'x', ratePerSecond: 100, bucketSeconds: 0.05, servingSeconds: 2, runs };
  return withScenario('lifecycle', data);
}

describe('K3 from the lifecycle scenario', () => {
  it('counts only the failures while listed, bucket by whole bucket', () => {
    const [figure] = analyzeLifecycle({ plan: 'complete', request: 'x', ratePerSecond: 100, bucketSeconds: 0.05, servingSeconds: 2, runs: [lifecycleRun('library', 'app-first', 1, 3)] });
    expect(figure).toMatchObject({ failedWhileStarting: 3, failedWhileStopping: 0 });
    expect(figure!.secondsToServing).toBeCloseTo(0.7);
    expect(figure!.failedBeforeServing.failed).toBe(figure!.failedBeforeServing.requests);
  });

  it('is supported when sidecar mode is listed clearly later, not supported when it matches the library', () => {
    expect(costK3FromLifecycle(lifecycle([lifecycleRun('library', 'app-first', 0.8, 0), lifecycleRun('sidecar', 'together', 1.5, 0)]))!.verdict).toBe('supported');
    expect(costK3FromLifecycle(lifecycle([lifecycleRun('library', 'app-first', 0.8, 0), lifecycleRun('sidecar', 'together', 0.8, 0)]))!.verdict).toBe('not supported');
  });

  it('is supported when the sidecar fails requests while listed that the library does not', () => {
    expect(costK3FromLifecycle(lifecycle([lifecycleRun('library', 'app-first', 0.8, 0), lifecycleRun('sidecar', 'together', 0.8, 2)]))!.verdict).toBe('supported');
  });
});
