// The fixed-rate schedule: one request at a fixed rate to one target, a warm-up left out, latency and pacing error
// of the measured window into histograms (the latency scenarios, calibration, the sidecar's hop benchmark).
import type { Dispatcher } from 'undici';
import { encodeHistogram, newMicrosHistogram, recordMicros, summarizeHistogram } from '../stats/histogram.js';
import { dispatchOptionsOf, TIMEOUT } from './dispatch.js';
import { generate, liveWindowsOf, type Schedule } from './generator.js';
import type { LoadWindowReport } from './live-windows.js';
import { nowMicros } from './pacing.js';
import type { OpenLoopOptions, OpenLoopResult } from './open-loop-types.js';

class FixedRateTally implements Schedule {
  ok = 0;
  non2xx = 0;
  errors = 0;
  timeouts = 0;
  /** 2xx answers that arrived inside the measured window, whichever request they answered: delivered throughput. */
  okInWindow = 0;
  private windowStartMicros = Infinity;
  private windowEndMicros = Infinity;
  readonly latency = newMicrosHistogram();
  readonly pacing = newMicrosHistogram();
  private readonly request: Dispatcher.DispatchOptions;

  constructor(
    private readonly options: OpenLoopOptions,
    readonly warmupCount: number,
  ) {
    this.request = dispatchOptionsOf(options, options.timeoutSeconds);
  }

  started(startMicros: number): void {
    this.windowStartMicros = startMicros + (this.warmupCount * 1e6) / this.options.ratePerSecond;
    this.windowEndMicros = this.windowStartMicros + this.options.durationSeconds * 1e6;
  }

  due(index: number, intendedMicros: number): Dispatcher.DispatchOptions {
    if (index >= this.warmupCount) recordMicros(this.pacing, nowMicros() - intendedMicros);
    return this.request;
  }

  answered(index: number, intendedMicros: number, status: number, endMicros: number): void {
    const ok = status >= 200 && status < 300;
    if (ok && endMicros >= this.windowStartMicros && endMicros < this.windowEndMicros) this.okInWindow++;
    if (index < this.warmupCount) return;
    if (ok) {
      this.ok++;
      recordMicros(this.latency, endMicros - intendedMicros);
    } else {
      this.non2xx++;
    }
  }

  failed(index: number, _intendedMicros: number, code: string): void {
    if (index < this.warmupCount) return;
    if (code === TIMEOUT) this.timeouts++;
    else this.errors++;
  }
}

/** Runs the load in this process; meant for a pinned child process of its own (see open-loop.ts). */
export async function generateOpenLoop(options: OpenLoopOptions, report?: (window: LoadWindowReport) => void): Promise<OpenLoopResult> {
  const warmupCount = Math.round(options.warmupSeconds * options.ratePerSecond);
  const totalCount = warmupCount + Math.round(options.durationSeconds * options.ratePerSecond);
  const tally = new FixedRateTally(options, warmupCount);
  await generate(
    { ...connectionsOf(options), ratePerSecond: options.ratePerSecond, count: totalCount, idle: 'spin', ...liveWindowsOf(options, report) },
    tally,
  );
  const sent = totalCount - warmupCount;
  // Whatever was neither answered nor failed by the end of the drain is a timeout.
  const unanswered = sent - tally.ok - tally.non2xx - tally.errors - tally.timeouts;
  const result: OpenLoopResult = {
    targetRatePerSecond: options.ratePerSecond,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    sent,
    ok: tally.ok,
    non2xx: tally.non2xx,
    errors: tally.errors,
    timeouts: tally.timeouts + Math.max(0, unanswered),
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

function connectionsOf(options: OpenLoopOptions): { connections: number; timeoutSeconds: number; socketPath?: string } {
  return {
    connections: options.connections,
    timeoutSeconds: options.timeoutSeconds,
    ...(options.socketPath !== undefined ? { socketPath: options.socketPath } : {}),
  };
}
