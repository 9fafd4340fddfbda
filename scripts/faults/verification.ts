// Each fault proves it was met before its figures count; an episode is valid only with that proof and a clean baseline.
import type { Validity } from '../load/validity.js';
import type { WindowFigures } from './figures.js';

export interface Verification {
  /** The fault was observed where it acts (the collector answered with it, the process died, the marker printed). */
  injected: boolean;
  /** What was observed, in words. */
  evidence: string;
}

/** Above this pacing p99 the generator was late itself: the timeline blurs, so the episode carries a warning. */
export const TIMELINE_PACING_WARNING_MICROS = 5000;

export function episodeValidity(
  verification: Verification,
  before: WindowFigures,
  pacingP99Micros: number | null,
  smoke: boolean,
): Validity {
  const reasons: string[] = [];
  const warnings: string[] = [];
  if (!verification.injected) reasons.push(`the fault was not observed, so its figures do not count: ${verification.evidence}`);
  if (before.requests === 0) reasons.push('no request was sent before the fault: there is no baseline');
  else if (before.failed > 0)
    reasons.push(`${before.failed} of ${before.requests} requests failed before the fault: the system was not healthy to begin with`);
  if (pacingP99Micros !== null && pacingP99Micros > TIMELINE_PACING_WARNING_MICROS)
    warnings.push(
      `the load generator was up to ${(pacingP99Micros / 1000).toFixed(1)} ms late (p99): the timeline is blurred by that much`,
    );
  return { valid: reasons.length === 0, reasons, warnings, smoke };
}

/** A count that must have moved during the fault: the usual proof that clients met it. */
export function countMoved(what: string, before: number | null, after: number | null): Verification {
  if (before === null || after === null) return { injected: false, evidence: `${what}: could not be read` };
  const moved = after - before;
  return { injected: moved > 0, evidence: `${what}: ${moved}` };
}

/** Several proofs that must all hold. */
export function allOf(...verifications: Verification[]): Verification {
  return { injected: verifications.every((one) => one.injected), evidence: verifications.map((one) => one.evidence).join('; ') };
}
