// Open-loop load kept per time bucket: requests fire at t0 + i/rate whatever the answers do, each answer lands in its request's bucket.
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { Histogram } from 'hdr-histogram-js';
import { encodeHistogram, newMicrosHistogram, percentileMicros, recordMicros } from '../stats/histogram.js';
import type { TimelineLoadOptions, TimelineLoadResult } from './timeline-types.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

interface LiveBucket {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: Histogram;
  statuses: Record<string, number>;
  errorCodes: Record<string, number>;
}

/** One request in flight; a class rather than closures keeps the per-request cost to one object. */
class BucketedRequest implements Dispatcher.DispatchHandler {
  private status = 0;
  constructor(
    private readonly bucket: LiveBucket,
    private readonly intendedMicros: number,
    private readonly done: () => void,
  ) {}

  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    const bucket = this.bucket;
    if (this.status >= 200 && this.status < 300) {
      bucket.ok++;
      recordMicros(bucket.latency, nowMicros() - this.intendedMicros);
    } else {
      bucket.non2xx++;
      bucket.statuses[this.status] = (bucket.statuses[this.status] ?? 0) + 1;
    }
    this.done();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const code = (error as { code?: string }).code ?? error.name;
    if (TIMEOUT_CODES.has(code)) this.bucket.timeouts++;
    else {
      this.bucket.errors++;
      this.bucket.errorCodes[code] = (this.bucket.errorCodes[code] ?? 0) + 1;
    }
    this.done();
  }
}

function nowMicros(): number {
  return performance.now() * 1000;
}

/**
 * Runs in its own process (timeline-main.ts). Timers, not a spinning loop: fault figures are milliseconds to
 * seconds, and the core is better left to the processes under test. Overdue requests go out at once with their
 * original intended times, so a stall is measured, not hidden.
 */
export async function generateTimeline(options: TimelineLoadOptions, onStart: (startEpochMillis: number) => void = () => undefined, stop?: AbortSignal): Promise<TimelineLoadResult> {
  const timeoutMillis = Math.round(options.timeoutSeconds * 1000);
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: timeoutMillis, bodyTimeout: timeoutMillis });
  const dispatchOptions: Dispatcher.DispatchOptions = {
    origin: options.origin,
    method: options.method as Dispatcher.HttpMethod,
    path: options.path,
    headers: options.headers ?? {},
    body: options.body ?? null,
    headersTimeout: timeoutMillis,
    bodyTimeout: timeoutMillis,
  };
  const total = Math.round(options.durationSeconds * options.ratePerSecond);
  const bucketCount = Math.max(1, Math.ceil(options.durationSeconds / options.bucketSeconds));
  const buckets: LiveBucket[] = Array.from({ length: bucketCount }, () => ({ sent: 0, ok: 0, non2xx: 0, errors: 0, timeouts: 0, latency: newMicrosHistogram(), statuses: {}, errorCodes: {} }));
  const pacing = newMicrosHistogram();
  const intervalMicros = 1e6 / options.ratePerSecond;
  let pending = 0;
  const done = (): void => {
    pending--;
  };

  const startMicros = nowMicros() + 5000;
  const startEpochMillis = Date.now() + 5;
  onStart(startEpochMillis);
  await new Promise<void>((resolve) => {
    let index = 0;
    const tick = (): void => {
      const now = nowMicros();
      while (index < total) {
        const intendedMicros = startMicros + index * intervalMicros;
        if (intendedMicros > now) break;
        recordMicros(pacing, now - intendedMicros);
        const bucket = buckets[Math.min(bucketCount - 1, Math.floor((index * intervalMicros) / 1e6 / options.bucketSeconds))]!;
        bucket.sent++;
        pending++;
        pool.dispatch(dispatchOptions, new BucketedRequest(bucket, intendedMicros, done));
        index++;
      }
      // Stopped early: the timeline ends at the last request sent.
      if (index >= total || stop?.aborted === true) return resolve();
      setTimeout(tick, Math.max(0, (startMicros + index * intervalMicros - nowMicros()) / 1000));
    };
    setTimeout(tick, 5);
  });

  const drainDeadline = performance.now() + timeoutMillis + 200;
  while (pending > 0 && performance.now() < drainDeadline) await new Promise((resolve) => setTimeout(resolve, 10));
  await pool.destroy().catch(() => undefined);

  // A schedule stopped early leaves empty buckets at the end; the timeline ends with the last one used.
  let lastUsed = buckets.length - 1;
  while (lastUsed > 0 && buckets[lastUsed]!.sent === 0) lastUsed--;
  const usedBuckets = buckets.slice(0, lastUsed + 1);
  for (const unused of buckets.slice(usedBuckets.length)) unused.latency.destroy();
  const result: TimelineLoadResult = {
    ratePerSecond: options.ratePerSecond,
    durationSeconds: Math.min(options.durationSeconds, usedBuckets.length * options.bucketSeconds),
    bucketSeconds: options.bucketSeconds,
    startEpochMillis,
    buckets: usedBuckets.map((bucket) => {
      // Whatever is still unanswered after the drain is a timeout.
      const unanswered = bucket.sent - bucket.ok - bucket.non2xx - bucket.errors - bucket.timeouts;
      const encoded = { sent: bucket.sent, ok: bucket.ok, non2xx: bucket.non2xx, errors: bucket.errors, timeouts: bucket.timeouts + Math.max(0, unanswered), latencyHistogram: encodeHistogram(bucket.latency), statuses: bucket.statuses, errorCodes: bucket.errorCodes };
      bucket.latency.destroy();
      return encoded;
    }),
    pacingP99Micros: percentileMicros(pacing, 99),
  };
  pacing.destroy();
  return result;
}
