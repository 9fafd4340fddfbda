// The hop benchmark's view of one open-loop step: the percentiles it prints and writes to --json, from the engine's result.
import type { HistogramSummaryMicros } from '../../scripts/stats/histogram.js';
import type { OpenLoopResult as EngineResult } from '../../scripts/load/open-loop-types.js';

export type Percentiles = { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };

export interface OpenLoopResult {
  sent: number;
  ok: number;
  /** Non-2xx answers, errors and timeouts. */
  failed: number;
  achievedRatePerSecond: number;
  /** From the intended send time to the end of the answer (coordinated omission handled), 2xx only. */
  latencyMicros: Percentiles;
  /** How late each request left: the generator's own error. */
  pacingMicros: Percentiles;
}

function percentiles(summary: HistogramSummaryMicros): Percentiles {
  const value = (micros: number | null) => micros ?? 0;
  return {
    p50: value(summary.p50Micros),
    p90: value(summary.p90Micros),
    p99: value(summary.p99Micros),
    p999: value(summary.p99_9Micros),
    max: value(summary.maxMicros),
    mean: Math.round(value(summary.meanMicros)),
  };
}

export function hopFigures(result: EngineResult): OpenLoopResult {
  return {
    sent: result.sent,
    ok: result.ok,
    failed: result.non2xx + result.errors + result.timeouts,
    achievedRatePerSecond: result.achievedRatePerSecond,
    latencyMicros: percentiles(result.latency),
    pacingMicros: percentiles(result.pacing),
  };
}
