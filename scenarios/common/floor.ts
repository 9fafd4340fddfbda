// The native floor of a hop: a sidecar figure over the same figure of mode native (HAProxy in front of the app).
import type { Estimate } from '../../scripts/stats/summary.js';
import { formatNumber } from '../../scripts/report/html.js';

/**
 * sidecar / native, medians over medians. Its interval is the widest the two 95% intervals allow (sidecar low over
 * native high, sidecar high over native low), so it is never narrower than what was measured. Null when either is
 * missing, or the floor is not above zero (a ratio to zero or to a negative added latency says nothing).
 */
export function floorRatio(sidecar: Estimate | null | undefined, native: Estimate | null | undefined): Estimate | null {
  if (sidecar == null || native == null || native.median <= 0) return null;
  const high = native.low > 0 ? sidecar.high / native.low : Number.POSITIVE_INFINITY;
  return { median: sidecar.median / native.median, low: sidecar.low / native.high, high, n: Math.min(sidecar.n, native.n) };
}

/** "3.2 times the floor", or why there is no ratio. */
export function floorWords(ratio: Estimate | null, nativeMissing: boolean): string {
  if (nativeMissing) return 'no native floor in this run';
  return ratio === null ? 'the native floor is not above zero: no ratio' : `${formatNumber(ratio.median, 1)} times the floor`;
}
