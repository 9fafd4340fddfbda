// How long and how often each tier measures: smoke proves the machinery, quick fits 5 minutes, full is for figures.
import type { Tier, TierSettings } from '../results/types.js';

export type { TierSettings };

export const TIERS: Record<Tier, TierSettings> = {
  smoke: {
    tier: 'smoke',
    repetitions: 1,
    warmupSeconds: 0.3,
    windowSeconds: 0.7,
    fixedRatesPerSecond: [200],
    saturationSeconds: 1,
    sampleIntervalSeconds: 0.25,
    idleSeconds: 0.5,
    calibration: { ratePerSecond: 200, windowSeconds: 0.7, warmupSeconds: 0.3 },
  },
  // Every language and mode, at one compared rate and its saturation, with sub-second windows: a 5-minute overview.
  quick: {
    tier: 'quick',
    repetitions: 3,
    warmupSeconds: 0.3,
    windowSeconds: 0.7,
    fixedRatesPerSecond: [500],
    saturationSeconds: 1,
    sampleIntervalSeconds: 0.25,
    idleSeconds: 0.4,
    calibration: { ratePerSecond: 1000, windowSeconds: 0.7, warmupSeconds: 0.3 },
  },
  full: {
    tier: 'full',
    repetitions: 5,
    warmupSeconds: 5,
    windowSeconds: 5,
    fixedRatesPerSecond: [200, 1000, 2000],
    // Warm windows of 1 s scattered by 2x on a shared core, 5 s ones held (sidecar/README.md, the saturation step).
    saturationSeconds: 5,
    sampleIntervalSeconds: 0.5,
    idleSeconds: 3,
    calibration: { ratePerSecond: 1000, windowSeconds: 5, warmupSeconds: 5 },
  },
};

/**
 * The languages whose native floor (mode native) single-service scenarios measure: the quick tier keeps to its first
 * language so it stays within five minutes (the polyglot topology still measures it); smoke and full take every one.
 */
export function nativeLangsOf(tier: Tier, langs: readonly string[]): string[] {
  return tier === 'quick' ? langs.slice(0, 1) : [...langs];
}
