// Medians of repetitions with bootstrap 95% confidence intervals, and whether a difference is inside the noise.

/** Resamples per interval: enough that the 2.5% and 97.5% points are stable to a few percent. */
export const BOOTSTRAP_RESAMPLES = 2000;
export const CONFIDENCE_LEVEL = 0.95;

export interface Estimate {
  /** Median of the repetitions. */
  median: number;
  /** Bootstrap 95% interval of the median. */
  low: number;
  high: number;
  /** Repetitions the estimate rests on. */
  n: number;
}

export interface Difference extends Estimate {
  /** True when the interval spans zero, or rests on too few repetitions: the two cannot be told apart in this run. */
  withinNoise: boolean;
}

/** With fewer repetitions a side, a bootstrap interval is no interval (one sample gives zero width): within noise. */
export const MIN_REPETITIONS_FOR_A_DIFFERENCE = 3;

/** Linear interpolation between order statistics (type 7, as R and numpy default). */
export function quantile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const lowValue = sorted[lower]!;
  return lowValue + (sorted[upper]! - lowValue) * (position - lower);
}

export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** mulberry32: a seeded generator, so the same results always give the same intervals. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function resampledMedian(values: readonly number[], random: () => number, scratch: number[]): number {
  for (let index = 0; index < values.length; index++) scratch[index] = values[Math.floor(random() * values.length)]!;
  scratch.sort((a, b) => a - b);
  return quantile(scratch, 0.5);
}

function interval(statistics: number[]): { low: number; high: number } {
  statistics.sort((a, b) => a - b);
  const tail = (1 - CONFIDENCE_LEVEL) / 2;
  return { low: quantile(statistics, tail), high: quantile(statistics, 1 - tail) };
}

/** Median with a percentile-bootstrap interval; null without values. */
export function estimateMedian(values: readonly number[], seed = 1): Estimate | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  const random = seededRandom(seed);
  const scratch = new Array<number>(finite.length);
  const medians = Array.from({ length: BOOTSTRAP_RESAMPLES }, () => resampledMedian(finite, random, scratch));
  return { median: median(finite), ...interval(medians), n: finite.length };
}

/** median(treatment) - median(baseline), with a bootstrap interval resampling each group on its own. */
export function estimateDifference(baseline: readonly number[], treatment: readonly number[], seed = 1): Difference | null {
  const a = baseline.filter(Number.isFinite);
  const b = treatment.filter(Number.isFinite);
  if (a.length === 0 || b.length === 0) return null;
  const random = seededRandom(seed);
  const scratchA = new Array<number>(a.length);
  const scratchB = new Array<number>(b.length);
  const differences = Array.from(
    { length: BOOTSTRAP_RESAMPLES },
    () => resampledMedian(b, random, scratchB) - resampledMedian(a, random, scratchA),
  );
  const bounds = interval(differences);
  const n = Math.min(a.length, b.length);
  return { median: median(b) - median(a), ...bounds, n, withinNoise: n < MIN_REPETITIONS_FOR_A_DIFFERENCE || isWithinNoise(bounds) };
}

export function isWithinNoise(bounds: { low: number; high: number }): boolean {
  return bounds.low <= 0 && bounds.high >= 0;
}
