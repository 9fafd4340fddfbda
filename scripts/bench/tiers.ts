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
  /** Conformance vectors the consistency scenario runs: a named subset (scenarios/consistency.ts) or all of them. */
  conformanceVectors: 'smoke' | 'quick' | 'all';
  /** Vectors run side by side; a failure is run again alone before it counts. */
  conformanceConcurrency: number;
  /** Checkouts per second at which the polyglot topology's modes are compared. */
  polyglotRatesPerSecond: number[];
  /** The features scenario for every language of the run, or for the first only (the sidecar's cost is language-free). */
  featuresEveryLanguage: boolean;
}

export const TIERS: Record<Tier, TierSettings> = {
  smoke: {
    tier: 'smoke', repetitions: 1, warmupSeconds: 0.3, windowSeconds: 0.7, fixedRatesPerSecond: [200],
    curveFractions: [], curveMaxRatePerSecond: 1000, saturationSeconds: 1, sampleIntervalSeconds: 0.25,
    idleSeconds: 0.5, scaleMaxInstances: 1, ipcTaskMillis: 50, propagationChanges: 2, profileSeconds: 1,
    calibration: { ratePerSecond: 200, windowSeconds: 0.7, warmupSeconds: 0.3 },
    conformanceVectors: 'smoke', conformanceConcurrency: 3, polyglotRatesPerSecond: [50], featuresEveryLanguage: false,
  },
  // Every language and mode in every scenario but features (one language: the sidecar's features are the same code
  // beside every app), at one compared rate and its saturation (the curve is --full's), with sub-second windows: a 5-minute overview.
  quick: {
    tier: 'quick', repetitions: 3, warmupSeconds: 0.3, windowSeconds: 0.7, fixedRatesPerSecond: [500],
    curveFractions: [], curveMaxRatePerSecond: 3000, saturationSeconds: 1, sampleIntervalSeconds: 0.25,
    idleSeconds: 0.4, scaleMaxInstances: 2, ipcTaskMillis: 100, propagationChanges: 3, profileSeconds: 2,
    calibration: { ratePerSecond: 1000, windowSeconds: 0.7, warmupSeconds: 0.3 },
    conformanceVectors: 'quick', conformanceConcurrency: 4, polyglotRatesPerSecond: [50], featuresEveryLanguage: false,
  },
  full: {
    tier: 'full', repetitions: 5, warmupSeconds: 5, windowSeconds: 5, fixedRatesPerSecond: [200, 1000, 2000],
    curveFractions: [0.25, 0.5, 0.75, 0.9, 1], curveMaxRatePerSecond: 3000, saturationSeconds: 3,
    sampleIntervalSeconds: 0.5, idleSeconds: 3, scaleMaxInstances: 4, ipcTaskMillis: 500, propagationChanges: 10,
    profileSeconds: 10, calibration: { ratePerSecond: 1000, windowSeconds: 5, warmupSeconds: 5 },
    conformanceVectors: 'all', conformanceConcurrency: 3, polyglotRatesPerSecond: [25, 50, 100], featuresEveryLanguage: true,
  },
};
