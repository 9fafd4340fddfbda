// Every load step checks itself: a step that missed its rate or saw failures is marked invalid, never reported as a figure.
import type { OpenLoopResult } from './open-loop-types.js';

/** Achieved rate may fall short of the target by at most this fraction (Dapr's perf tests use 1%); more is fine. */
export const MAX_RATE_SHORTFALL_RATIO = 0.01;
/**
 * ...or by this many requests, whichever is more: a window of 100 requests cannot be 1% off, and a request or two in
 * flight across the window's edges is not saturation.
 */
export const MAX_RATE_SHORTFALL_REQUESTS = 2;
/** Any failed request invalidates a latency step: a latency of failures is not a latency. */
export const MAX_FAILED_REQUESTS = 0;
/** Above this pacing p99 the generator itself was late; the step stays valid but carries a warning. */
export const PACING_P99_WARNING_MICROS = 1000;

export interface Validity {
  valid: boolean;
  /** Why the step is invalid, in plain words; empty when valid. */
  reasons: string[];
  /** Worth knowing but not disqualifying. */
  warnings: string[];
  /** Smoke runs are too short to mean anything; their steps are checked but marked so. */
  smoke: boolean;
}

export function checkOpenLoopStep(result: OpenLoopResult, smoke = false): Validity {
  const reasons: string[] = [];
  const warnings: string[] = [];
  const target = result.targetRatePerSecond;
  const shortfall = (target - result.achievedRatePerSecond) / target;
  const allowed = Math.max(MAX_RATE_SHORTFALL_RATIO, MAX_RATE_SHORTFALL_REQUESTS / (target * result.durationSeconds));
  // Only a shortfall is saturation: answers to warm-up requests landing in the window make a step look over-delivered.
  if (shortfall > allowed) {
    reasons.push(
      `achieved ${result.achievedRatePerSecond.toFixed(1)} req/s against a target of ${target} req/s (more than ${Number((allowed * 100).toFixed(1))}% short)`,
    );
  }
  // Failures are counted over the requests sent in the window (one still unanswered at the end is a timeout).
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > MAX_FAILED_REQUESTS) {
    reasons.push(
      `${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers of ${result.sent} sent in the window`,
    );
  }
  if (result.pacing.p99Micros !== null && result.pacing.p99Micros > PACING_P99_WARNING_MICROS) {
    warnings.push(`generator pacing p99 was ${result.pacing.p99Micros} µs: the generator itself was late`);
  }
  return { valid: reasons.length === 0, reasons, warnings, smoke };
}

export interface ClosedLoopCounts {
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Closed-loop steps have no target rate; they are valid when nothing failed and something was answered. */
export function checkClosedLoopStep(result: ClosedLoopCounts, smoke = false): Validity {
  const reasons: string[] = [];
  if (result.requests === 0) reasons.push('no request was answered');
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > MAX_FAILED_REQUESTS) reasons.push(`${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  return { valid: reasons.length === 0, reasons, warnings: [], smoke };
}
