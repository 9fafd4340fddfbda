// The timeline schedule: open-loop load whose answers are kept per time bucket of their intended send time, for the
// fault experiments (before, during and after a fault; nothing is left out as warm-up).
import type { Histogram } from 'hdr-histogram-js';
import type { Dispatcher } from 'undici';
import { encodeHistogram, newMicrosHistogram, percentileMicros, recordMicros } from '../stats/histogram.js';
import { dispatchOptionsOf, TIMEOUT } from './dispatch.js';
import { generate, liveWindowsOf, type Schedule } from './generator.js';
import type { LoadWindowReport } from './live-windows.js';
import { nowMicros } from './pacing.js';
import type { TimelineBucket, TimelineLoadOptions, TimelineLoadResult } from './timeline-types.js';

interface LiveBucket extends Omit<TimelineBucket, 'latencyHistogram'> {
  latency: Histogram;
}

class BucketTally implements Schedule {
  readonly buckets: LiveBucket[];
  readonly pacing = newMicrosHistogram();
  startEpochMillis = 0;
  private readonly request: Dispatcher.DispatchOptions;

  constructor(
    private readonly options: TimelineLoadOptions,
    private readonly onStart: (startEpochMillis: number) => void,
  ) {
    const count = Math.max(1, Math.ceil(options.durationSeconds / options.bucketSeconds));
    this.buckets = Array.from({ length: count }, () => ({
      sent: 0,
      ok: 0,
      non2xx: 0,
      errors: 0,
      timeouts: 0,
      latency: newMicrosHistogram(),
      statuses: {},
      errorCodes: {},
    }));
    this.request = dispatchOptionsOf(options, options.timeoutSeconds);
  }

  started(_startMicros: number, startEpochMillis: number): void {
    this.startEpochMillis = startEpochMillis;
    this.onStart(startEpochMillis);
  }

  due(index: number, intendedMicros: number): Dispatcher.DispatchOptions {
    recordMicros(this.pacing, nowMicros() - intendedMicros);
    this.bucketOf(index).sent++;
    return this.request;
  }

  answered(index: number, intendedMicros: number, status: number, endMicros: number): void {
    const bucket = this.bucketOf(index);
    if (status >= 200 && status < 300) {
      bucket.ok++;
      recordMicros(bucket.latency, endMicros - intendedMicros);
    } else {
      bucket.non2xx++;
      bucket.statuses[status] = (bucket.statuses[status] ?? 0) + 1;
    }
  }

  failed(index: number, _intendedMicros: number, code: string): void {
    const bucket = this.bucketOf(index);
    if (code === TIMEOUT) bucket.timeouts++;
    else {
      bucket.errors++;
      bucket.errorCodes[code] = (bucket.errorCodes[code] ?? 0) + 1;
    }
  }

  private bucketOf(index: number): LiveBucket {
    const seconds = index / this.options.ratePerSecond;
    return this.buckets[Math.min(this.buckets.length - 1, Math.floor(seconds / this.options.bucketSeconds))]!;
  }
}

/** Runs in its own process (timeline-main.ts); `stop` ends the schedule early, the timeline then ends at the last request sent. */
export async function generateTimeline(
  options: TimelineLoadOptions,
  onStart: (startEpochMillis: number) => void = () => undefined,
  stop?: AbortSignal,
  report?: (window: LoadWindowReport) => void,
): Promise<TimelineLoadResult> {
  const tally = new BucketTally(options, onStart);
  const total = Math.round(options.durationSeconds * options.ratePerSecond);
  await generate(
    {
      connections: options.connections,
      timeoutSeconds: options.timeoutSeconds,
      ratePerSecond: options.ratePerSecond,
      count: total,
      idle: 'timers',
      ...(stop !== undefined ? { stop } : {}),
      ...liveWindowsOf(options, report),
    },
    tally,
  );
  // A schedule stopped early leaves empty buckets at the end; the timeline ends with the last one used.
  let lastUsed = tally.buckets.length - 1;
  while (lastUsed > 0 && tally.buckets[lastUsed]!.sent === 0) lastUsed--;
  const usedBuckets = tally.buckets.slice(0, lastUsed + 1);
  for (const unused of tally.buckets.slice(usedBuckets.length)) unused.latency.destroy();
  const result: TimelineLoadResult = {
    ratePerSecond: options.ratePerSecond,
    durationSeconds: Math.min(options.durationSeconds, usedBuckets.length * options.bucketSeconds),
    bucketSeconds: options.bucketSeconds,
    startEpochMillis: tally.startEpochMillis,
    buckets: usedBuckets.map(encodeBucket),
    pacingP99Micros: percentileMicros(tally.pacing, 99),
  };
  tally.pacing.destroy();
  return result;
}

function encodeBucket({ latency, ...bucket }: LiveBucket): TimelineBucket {
  // Whatever is still unanswered after the drain is a timeout.
  const unanswered = bucket.sent - bucket.ok - bucket.non2xx - bucket.errors - bucket.timeouts;
  const encoded = {
    sent: bucket.sent,
    ok: bucket.ok,
    non2xx: bucket.non2xx,
    errors: bucket.errors,
    timeouts: bucket.timeouts + Math.max(0, unanswered),
    latencyHistogram: encodeHistogram(latency),
    statuses: bucket.statuses,
    errorCodes: bucket.errorCodes,
  };
  latency.destroy();
  return encoded;
}
