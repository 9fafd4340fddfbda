// From raw latency steps to per-percentile medians, added latency against mode none, and the latency-vs-rate curve.
import type { LatencyData, LatencyStep } from './types.js';
import { encodedPercentileMicros, REPORTED_PERCENTILES, type ReportedPercentile } from '../../scripts/stats/histogram.js';
import { estimateDifference, estimateMedian, type Difference, type Estimate } from '../../scripts/stats/summary.js';
import type { Lang, Mode } from '../../scripts/results/types.js';

export interface PercentileFigure {
  percentile: ReportedPercentile;
  /** Valid repetitions that do not report this percentile: at least half of it would be the generator's own lateness. */
  withheld: number;
  /** Median over valid repetitions of that repetition's percentile, µs. */
  latency: Estimate | null;
  /** This mode minus mode none at the same rate, µs; null for none itself. */
  added: Difference | null;
}

export interface FixedRateFigure {
  lang: Lang;
  mode: Mode;
  ratePerSecond: number;
  validRepetitions: number;
  invalidRepetitions: number;
  percentiles: PercentileFigure[];
}

/**
 * Latency is counted from the intended send time, so the generator's own lateness is inside every reading. A step
 * reports a percentile only where its lateness at that percentile stays under this share of the latency it would
 * report there: above it, the figure says more about the generator than about the service.
 */
export const MAX_LATENESS_SHARE = 0.5;

function percentileValues(steps: readonly LatencyStep[], percentile: number): number[] {
  return steps.flatMap((step) => {
    const value = encodedPercentileMicros(step.load.latencyHistogram, percentile);
    const lateness = encodedPercentileMicros(step.load.pacingHistogram, percentile);
    return value === null || (lateness !== null && lateness >= MAX_LATENESS_SHARE * value) ? [] : [value];
  });
}

export function analyzeFixedRates(data: LatencyData): FixedRateFigure[] {
  const fixed = data.steps.filter((step) => step.kind === 'fixed');
  const keys = [...new Set(fixed.map((step) => `${step.lang}|${step.mode}|${step.ratePerSecond}`))];
  return keys.map((key) => {
    const [lang, mode, rate] = key.split('|') as [Lang, Mode, string];
    const ratePerSecond = Number(rate);
    const of = (m: Mode) => fixed.filter((step) => step.lang === lang && step.mode === m && step.ratePerSecond === ratePerSecond);
    const mine = of(mode);
    const valid = mine.filter((step) => step.validity.valid);
    const baseline = of('none').filter((step) => step.validity.valid);
    return {
      lang,
      mode,
      ratePerSecond,
      validRepetitions: valid.length,
      invalidRepetitions: mine.length - valid.length,
      percentiles: REPORTED_PERCENTILES.map((percentile) => {
        const values = percentileValues(valid, percentile);
        return {
          percentile,
          withheld: valid.length - values.length,
          latency: estimateMedian(values),
          added: mode === 'none' ? null : estimateDifference(percentileValues(baseline, percentile), values),
        };
      }),
    };
  });
}

export interface CurvePoint {
  ratePerSecond: number;
  valid: boolean;
  p50Micros: number | null;
  p99Micros: number | null;
  reasons: string[];
}

export function analyzeCurve(data: LatencyData): { lang: Lang; mode: Mode; points: CurvePoint[] }[] {
  const curve = data.steps.filter((step) => step.kind === 'curve');
  const keys = [...new Set(curve.map((step) => `${step.lang}|${step.mode}`))];
  return keys.map((key) => {
    const [lang, mode] = key.split('|') as [Lang, Mode];
    const points = curve
      .filter((step) => step.lang === lang && step.mode === mode)
      .sort((a, b) => a.ratePerSecond - b.ratePerSecond)
      .map((step) => ({
        ratePerSecond: step.ratePerSecond,
        valid: step.validity.valid,
        p50Micros: step.validity.valid ? encodedPercentileMicros(step.load.latencyHistogram, 50) : null,
        p99Micros: step.validity.valid ? encodedPercentileMicros(step.load.latencyHistogram, 99) : null,
        reasons: step.validity.reasons,
      }));
    return { lang, mode, points };
  });
}

/** Everything the latency section, headlines and K1 read: computed once per report. */
export interface LatencyAnalysis {
  data: LatencyData;
  fixedRates: FixedRateFigure[];
  curves: ReturnType<typeof analyzeCurve>;
}

export function analyzeLatency(data: LatencyData): LatencyAnalysis {
  return { data, fixedRates: analyzeFixedRates(data), curves: analyzeCurve(data) };
}
