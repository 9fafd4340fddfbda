// Figures of a fault timeline: per-window latency and errors, time to recover, memory per role, retry amplification.
import type { TimelineBucket, TimelineLoadResult } from '../load/timeline-types.js';
import type { Role, RoleSeries } from '../sampling/sampler.js';
import { mergeEncodedHistograms, summarizeEncoded } from '../stats/histogram.js';

export interface TimeWindow {
  startSeconds: number;
  endSeconds: number;
}

export interface WindowFigures {
  requests: number;
  ok: number;
  /** Non-2xx answers, connection errors and timeouts. */
  failed: number;
  /** failed / requests; null without requests. */
  errorRate: number | null;
  p50Micros: number | null;
  p99Micros: number | null;
  maxMicros: number | null;
  statuses: Record<string, number>;
  errorCodes: Record<string, number>;
}

/**
 * `middle`: a bucket belongs to the window that holds its middle, so windows side by side lose nothing and count
 * nothing twice. `whole`: only buckets wholly inside count, so no request is blamed on the window next to it (a
 * baseline must not see the fault's first failures).
 */
export type BucketRule = 'middle' | 'whole';

export function bucketsIn(
  timeline: Pick<TimelineLoadResult, 'buckets' | 'bucketSeconds'>,
  window: TimeWindow,
  rule: BucketRule = 'middle',
): TimelineBucket[] {
  const size = timeline.bucketSeconds;
  return timeline.buckets.filter((_, index) => {
    if (rule === 'whole') return index * size >= window.startSeconds - 1e-9 && (index + 1) * size <= window.endSeconds + 1e-9;
    const middle = (index + 0.5) * size;
    return middle >= window.startSeconds && middle < window.endSeconds;
  });
}

/**
 * The baseline stops this long before the fault: a request sent just before it may still be in flight, or making its
 * own calls, when the fault begins, and its failure belongs to the fault.
 */
export const BASELINE_GUARD_SECONDS = 0.25;

/** The healthy stretch a fault is compared with: whole buckets, ending BASELINE_GUARD_SECONDS before the fault. */
export function baselineFigures(timeline: Pick<TimelineLoadResult, 'buckets' | 'bucketSeconds'>, injectedAtSeconds: number): WindowFigures {
  return windowFigures(timeline, { startSeconds: 0, endSeconds: Math.max(0, injectedAtSeconds - BASELINE_GUARD_SECONDS) }, 'whole');
}

export function failedIn(bucket: TimelineBucket): number {
  return bucket.non2xx + bucket.errors + bucket.timeouts;
}

export function windowFigures(
  timeline: Pick<TimelineLoadResult, 'buckets' | 'bucketSeconds'>,
  window: TimeWindow,
  rule: BucketRule = 'middle',
): WindowFigures {
  const buckets = bucketsIn(timeline, window, rule);
  const requests = buckets.reduce((sum, bucket) => sum + bucket.sent, 0);
  const ok = buckets.reduce((sum, bucket) => sum + bucket.ok, 0);
  const failed = buckets.reduce((sum, bucket) => sum + failedIn(bucket), 0);
  const latency = buckets.length === 0 ? null : summarizeEncoded(mergeEncodedHistograms(buckets.map((bucket) => bucket.latencyHistogram)));
  return {
    requests,
    ok,
    failed,
    errorRate: requests === 0 ? null : failed / requests,
    p50Micros: latency?.p50Micros ?? null,
    p99Micros: latency?.p99Micros ?? null,
    maxMicros: latency?.maxMicros ?? null,
    statuses: addCounts(buckets.map((bucket) => bucket.statuses)),
    errorCodes: addCounts(buckets.map((bucket) => bucket.errorCodes)),
  };
}

function addCounts(maps: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const map of maps) for (const [key, count] of Object.entries(map)) total[key] = (total[key] ?? 0) + count;
  return total;
}

/** A bucket counts as recovered when nothing in it failed and its median is within this of the baseline's. */
/** Wide on purpose: on a shared two-core machine a healthy bucket's median swings by tens of milliseconds. */
export const RECOVERED_P50_FACTOR = 3;
export const RECOVERED_P50_SLACK_MICROS = 20_000;

/**
 * Seconds from the end of a fault until the service was back for good: the first bucket from which every bucket up
 * to `untilSeconds` had no failure and a median within RECOVERED_P50_FACTOR x the baseline's + RECOVERED_P50_SLACK.
 * 0 when it never looked hurt after the fault ended; null when it had not recovered by `untilSeconds`.
 */
export function recoverySeconds(
  timeline: Pick<TimelineLoadResult, 'buckets' | 'bucketSeconds'>,
  faultEndSeconds: number,
  untilSeconds: number,
  baselineP50Micros: number | null,
): number | null {
  const bound = (baselineP50Micros ?? 0) * RECOVERED_P50_FACTOR + RECOVERED_P50_SLACK_MICROS;
  const size = timeline.bucketSeconds;
  const first = Math.max(0, Math.floor(faultEndSeconds / size));
  const last = Math.min(timeline.buckets.length, Math.floor(untilSeconds / size + 1e-9));
  let recoveredFrom: number | null = null;
  for (let index = last - 1; index >= first; index--) {
    const bucket = timeline.buckets[index]!;
    const p50 = bucket.ok === 0 ? null : summarizeEncoded(bucket.latencyHistogram).p50Micros;
    const healthy = failedIn(bucket) === 0 && bucket.ok > 0 && p50 !== null && p50 <= bound;
    if (!healthy) break;
    recoveredFrom = index;
  }
  if (recoveredFrom === null) return null;
  return Math.max(0, recoveredFrom * size - faultEndSeconds);
}

/** The highest RSS of a role within a window; `offsetSeconds` is where the sampler's 0 lies on the timeline. */
export function peakRssBytes(series: readonly RoleSeries[], role: Role, offsetSeconds: number, window: TimeWindow): number | null {
  const samples = series.find((one) => one.role === role)?.samples ?? [];
  const inWindow = samples.filter((sample) => {
    const at = sample.elapsedSeconds + offsetSeconds;
    return at >= window.startSeconds && at < window.endSeconds && sample.processes > 0;
  });
  return inWindow.length === 0 ? null : Math.max(...inWindow.map((sample) => sample.rssBytes));
}

/** Tries that reached the service per call made: 1 means no retry went out. */
export function retryAmplification(tries: number, calls: number): number | null {
  return calls === 0 ? null : tries / calls;
}
