// A finished step's figures for the run's events, from what the load tools return: every scenario reports them alike.
import type { ClosedLoopResult } from '../load/closed-loop-types.js';
import type { OpenLoopResult } from '../load/open-loop-types.js';
import type { TimelineLoadResult } from '../load/timeline-types.js';
import type { Validity } from '../load/validity.js';
import { windowFigures } from '../faults/figures.js';
import type { ClientsSaw, EventCell, StepFigures } from './events.js';

export function openLoopFigures(load: OpenLoopResult, validity: Validity, cell?: EventCell): StepFigures {
  return {
    ...(cell !== undefined ? { cell: { lang: cell.lang, mode: cell.mode } } : {}),
    ratePerSecond: load.targetRatePerSecond,
    latency: { p50Micros: load.latency.p50Micros, p99Micros: load.latency.p99Micros },
    pacingP99Micros: load.pacing.p99Micros,
    requests: { sent: load.sent, failed: load.non2xx + load.errors + load.timeouts },
    valid: validity.valid,
  };
}

export function closedLoopFigures(result: ClosedLoopResult, validity: Validity, cell?: EventCell): StepFigures {
  return {
    ...(cell !== undefined ? { cell: { lang: cell.lang, mode: cell.mode } } : {}),
    ratePerSecond: result.requestsPerSecond,
    valid: validity.valid,
  };
}

/** What the clients got over the whole timeline and while the fault was in force ([injected, ended) on its clock). */
export function clientsSaw(timeline: TimelineLoadResult, injectedAtSeconds: number, endedAtSeconds: number): ClientsSaw {
  const whole = windowFigures(timeline, { startSeconds: 0, endSeconds: Infinity });
  const during = windowFigures(timeline, { startSeconds: injectedAtSeconds, endSeconds: endedAtSeconds });
  const timeouts = timeline.buckets.reduce((sum, bucket) => sum + bucket.timeouts, 0);
  return {
    sent: whole.requests,
    failed: whole.failed,
    sentDuringFault: during.requests,
    failedDuringFault: during.failed,
    failures: { ...whole.statuses, ...whole.errorCodes, ...(timeouts > 0 ? { timeout: timeouts } : {}) },
  };
}
