// Open-loop load: requests fire at t0 + i/rate whatever the answers do, latency is timed from that intended moment.
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { Histogram } from 'hdr-histogram-js';
import { encodeHistogram, newMicrosHistogram, recordMicros, summarizeHistogram } from '../stats/histogram.js';
import type { OpenLoopOptions, OpenLoopResult } from './open-loop-types.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

interface Tally {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  pending: number;
  /** 2xx answers that arrived inside the measured window, whichever request they answered: delivered throughput. */
  okInWindow: number;
  windowStartMicros: number;
  windowEndMicros: number;
  latency: Histogram;
  pacing: Histogram;
}

/** One request in flight; a class rather than closures keeps the per-request cost to one object. */
class TimedRequest implements Dispatcher.DispatchHandler {
  private status = 0;
  constructor(
    private readonly tally: Tally,
    private readonly intendedMicros: number,
    private readonly measured: boolean,
  ) {}

  // Its presence tells undici this handler speaks the current (controller) API.
  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    const tally = this.tally;
    tally.pending--;
    const now = nowMicros();
    const ok = this.status >= 200 && this.status < 300;
    if (ok && now >= tally.windowStartMicros && now < tally.windowEndMicros) tally.okInWindow++;
    if (!this.measured) return;
    if (ok) {
      tally.ok++;
      recordMicros(tally.latency, now - this.intendedMicros);
    } else {
      tally.non2xx++;
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const tally = this.tally;
    tally.pending--;
    if (!this.measured) return;
    if (TIMEOUT_CODES.has((error as { code?: string }).code ?? '')) tally.timeouts++;
    else tally.errors++;
  }
}

function nowMicros(): number {
  return performance.now() * 1000;
}

/** Runs the load in this process; meant for a pinned child process of its own (see open-loop.ts). */
export async function generateOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const timeoutMillis = Math.round(options.timeoutSeconds * 1000);
  const pool = new Pool(options.origin, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: timeoutMillis,
    bodyTimeout: timeoutMillis,
    ...(options.socketPath ? { socketPath: options.socketPath } : {}),
  });
  const tally: Tally = {
    ok: 0, non2xx: 0, errors: 0, timeouts: 0, pending: 0, okInWindow: 0, windowStartMicros: Infinity, windowEndMicros: Infinity,
    latency: newMicrosHistogram(), pacing: newMicrosHistogram(),
  };
  const dispatchOptions: Dispatcher.DispatchOptions = {
    origin: options.origin,
    method: options.method as Dispatcher.HttpMethod,
    path: options.path,
    headers: options.headers ?? {},
    body: options.body ?? null,
    headersTimeout: timeoutMillis,
    bodyTimeout: timeoutMillis,
  };
  const intervalMicros = 1e6 / options.ratePerSecond;
  const warmupCount = Math.round(options.warmupSeconds * options.ratePerSecond);
  const totalCount = warmupCount + Math.round(options.durationSeconds * options.ratePerSecond);

  const startMicros = nowMicros() + 1000;
  tally.windowStartMicros = startMicros + warmupCount * intervalMicros;
  tally.windowEndMicros = tally.windowStartMicros + options.durationSeconds * 1e6;
  await spinSchedule(startMicros, intervalMicros, totalCount, (index, intendedMicros) => {
    const measured = index >= warmupCount;
    if (measured) recordMicros(tally.pacing, nowMicros() - intendedMicros);
    tally.pending++;
    pool.dispatch(dispatchOptions, new TimedRequest(tally, intendedMicros, measured));
  });

  // Every request gets its full timeout to answer; whatever is still pending then is a timeout.
  const drainDeadline = performance.now() + timeoutMillis + 100;
  while (tally.pending > 0 && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const sent = totalCount - warmupCount;
  const unanswered = sent - tally.ok - tally.non2xx - tally.errors - tally.timeouts;
  tally.timeouts += Math.max(0, unanswered);
  await pool.destroy().catch(() => undefined);

  const result: OpenLoopResult = {
    targetRatePerSecond: options.ratePerSecond,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    sent,
    ok: tally.ok,
    non2xx: tally.non2xx,
    errors: tally.errors,
    timeouts: tally.timeouts,
    achievedRatePerSecond: tally.okInWindow / options.durationSeconds,
    latencyHistogram: encodeHistogram(tally.latency),
    latency: summarizeHistogram(tally.latency),
    pacingHistogram: encodeHistogram(tally.pacing),
    pacing: summarizeHistogram(tally.pacing),
  };
  tally.latency.destroy();
  tally.pacing.destroy();
  return result;
}

/**
 * Fires `fire(i, intended)` for i in [0, count) at t0 + i * interval. A setImmediate loop, not timers:
 * timers have millisecond granularity, the spin holds pacing error to tens of µs at the price of a core.
 * Overdue requests are all sent at once with their original intended times, so a stall is measured, not hidden.
 */
function spinSchedule(
  startMicros: number,
  intervalMicros: number,
  count: number,
  fire: (index: number, intendedMicros: number) => void,
): Promise<void> {
  return new Promise((resolve) => {
    let index = 0;
    const tick = (): void => {
      const now = nowMicros();
      while (index < count) {
        const intendedMicros = startMicros + index * intervalMicros;
        if (intendedMicros > now) break;
        fire(index, intendedMicros);
        index++;
      }
      if (index < count) setImmediate(tick);
      else resolve();
    };
    setImmediate(tick);
  });
}
