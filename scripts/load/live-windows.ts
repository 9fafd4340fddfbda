// Windows of a load as it runs, for the live view: answers counted as they arrive and handed on once per window.
// Off unless asked for; the figures of the step itself are the schedule's, untouched by this.
import type { Histogram } from 'hdr-histogram-js';
import type { Dispatcher } from 'undici';
import { newMicrosHistogram, percentileMicros, recordMicros } from '../stats/histogram.js';
import type { Schedule } from './schedule.js';
import { nowMicros } from './pacing.js';

/** One window as the child reports it: what was sent and what came back in it, by the time things happened. */
export interface LoadWindowReport {
  /** Seconds since request 0 was due, at the window's start. */
  fromSeconds: number;
  seconds: number;
  /** Requests sent in the window. */
  sent: number;
  /** Answers and failures that arrived in the window (2xx, and non-2xx, errors and timeouts). */
  ok: number;
  failed: number;
  /** Of the 2xx answers that arrived in the window, from their intended send time. */
  p99Micros: number | null;
}

/**
 * Wraps a schedule: every call passes through unchanged, and counters beside it are read and reset by a timer.
 * The timer fires between the pacing loop's ticks, so its cost (a percentile of a small histogram, one line written)
 * is paid once per window, not per request.
 */
export class LiveWindows implements Schedule {
  private sent = 0;
  private ok = 0;
  private failedCount = 0;
  private readonly latency: Histogram = newMicrosHistogram();
  private startMicros = 0;
  private windowStartMicros = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly inner: Schedule,
    private readonly everySeconds: number,
    private readonly report: (window: LoadWindowReport) => void,
  ) {}

  started(startMicros: number, startEpochMillis: number): void {
    this.startMicros = startMicros;
    this.windowStartMicros = startMicros;
    this.timer = setInterval(() => this.flush(), this.everySeconds * 1000);
    this.inner.started?.(startMicros, startEpochMillis);
  }

  due(index: number, intendedMicros: number): Dispatcher.DispatchOptions | undefined {
    const request = this.inner.due(index, intendedMicros);
    if (request !== undefined) this.sent++;
    return request;
  }

  answered(index: number, intendedMicros: number, status: number, endMicros: number): void {
    this.inner.answered(index, intendedMicros, status, endMicros);
    if (status >= 200 && status < 300) {
      this.ok++;
      recordMicros(this.latency, endMicros - intendedMicros);
    } else {
      this.failedCount++;
    }
  }

  failed(index: number, intendedMicros: number, code: string): void {
    this.inner.failed(index, intendedMicros, code);
    this.failedCount++;
  }

  /** The last, partial window, then no more. */
  stop(): void {
    clearInterval(this.timer);
    if (this.sent + this.ok + this.failedCount > 0) this.flush();
    this.latency.destroy();
  }

  private flush(): void {
    const now = nowMicros();
    this.report({
      fromSeconds: Math.max(0, (this.windowStartMicros - this.startMicros) / 1e6),
      seconds: (now - this.windowStartMicros) / 1e6,
      sent: this.sent,
      ok: this.ok,
      failed: this.failedCount,
      p99Micros: percentileMicros(this.latency, 99),
    });
    this.windowStartMicros = now;
    this.sent = 0;
    this.ok = 0;
    this.failedCount = 0;
    this.latency.reset();
  }
}
