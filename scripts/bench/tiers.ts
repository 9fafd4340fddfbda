// How long and how often each tier measures: smoke proves the machinery, quick fits 5 minutes, full is for figures.
import type { Tier } from '../results/types.js';

export interface TierSettings {
  tier: Tier;
  /** Repetitions of each measured step, modes interleaved within each. */
  repetitions: number;
  /** Load before each measured window, at the same rate, not recorded. */
  warmupSeconds: number;
  windowSeconds: number;
  /** Rates (req/s) at which modes are compared. */
  fixedRatesPerSecond: number[];
  /** Points of the latency-vs-rate curve, as fractions of the measured saturation throughput. */
  curveFractions: number[];
  /** The open-loop generator holds its pacing only up to about this rate on one core (DESIGN.md). */
  curveMaxRatePerSecond: number;
  saturationSeconds: number;
  sampleIntervalSeconds: number;
  idleSeconds: number;
  scaleMaxInstances: number;
  ipcTaskMillis: number;
  propagationChanges: number;
  profileSeconds: number;
  calibration: { ratePerSecond: number; windowSeconds: number; warmupSeconds: number };
}

export const TIERS: Record<Tier, TierSettings> = {
  smoke: {
    tier: 'smoke', repetitions: 1, warmupSeconds: 0.3, windowSeconds: 0.7, fixedRatesPerSecond: [200],
    curveFractions: [], curveMaxRatePerSecond: 1000, saturationSeconds: 1, sampleIntervalSeconds: 0.25,
    idleSeconds: 0.5, scaleMaxInstances: 1, ipcTaskMillis: 50, propagationChanges: 2, profileSeconds: 1,
    calibration: { ratePerSecond: 200, windowSeconds: 0.7, warmupSeconds: 0.3 },
  },
  quick: {
    tier: 'quick', repetitions: 3, warmupSeconds: 1, windowSeconds: 2, fixedRatesPerSecond: [200, 1000],
    curveFractions: [0.3, 0.6, 0.9], curveMaxRatePerSecond: 3000, saturationSeconds: 2, sampleIntervalSeconds: 0.5,
    idleSeconds: 1, scaleMaxInstances: 3, ipcTaskMillis: 150, propagationChanges: 5, profileSeconds: 4,
    calibration: { ratePerSecond: 1000, windowSeconds: 2, warmupSeconds: 1 },
  },
  full: {
    tier: 'full', repetitions: 5, warmupSeconds: 10, windowSeconds: 10, fixedRatesPerSecond: [200, 500, 1000, 2000],
    curveFractions: [0.1, 0.25, 0.5, 0.7, 0.8, 0.9, 0.95, 1], curveMaxRatePerSecond: 3000, saturationSeconds: 5,
    sampleIntervalSeconds: 0.5, idleSeconds: 10, scaleMaxInstances: 6, ipcTaskMillis: 1000, propagationChanges: 20,
    profileSeconds: 15, calibration: { ratePerSecond: 1000, windowSeconds: 10, warmupSeconds: 10 },
  },
};
