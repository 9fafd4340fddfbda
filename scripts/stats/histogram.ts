// Latency histograms in microseconds: one configuration everywhere, so encoded histograms merge exactly.
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

/** 1 µs to 60 s at 3 significant digits: every histogram of a run shares this, which makes `add` exact. */
const HISTOGRAM_CONFIG = {
  lowestDiscernibleValue: 1,
  highestTrackableValue: 60_000_000,
  numberOfSignificantValueDigits: 3,
  autoResize: true,
} as const;

export const REPORTED_PERCENTILES = [50, 90, 99, 99.9] as const;
export type ReportedPercentile = (typeof REPORTED_PERCENTILES)[number];

/** Values are null for an empty histogram (JSON has no NaN). */
export interface HistogramSummaryMicros {
  count: number;
  minMicros: number | null;
  meanMicros: number | null;
  p50Micros: number | null;
  p90Micros: number | null;
  p99Micros: number | null;
  p99_9Micros: number | null;
  maxMicros: number | null;
}

export function newMicrosHistogram(): Histogram {
  return hdr.build(HISTOGRAM_CONFIG);
}

/** Records a duration, clamped into the trackable range, so one absurd value cannot throw mid-run. */
export function recordMicros(histogram: Histogram, micros: number): void {
  const value = Math.min(HISTOGRAM_CONFIG.highestTrackableValue, Math.max(1, Math.round(micros)));
  histogram.recordValue(value);
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded);
}

/** Exact merge: counts are added bucket by bucket, never averaged percentiles. */
export function mergeEncodedHistograms(encoded: readonly string[]): string {
  const merged = newMicrosHistogram();
  for (const one of encoded) {
    const histogram = decodeHistogram(one);
    merged.add(histogram);
    histogram.destroy();
  }
  const result = encodeHistogram(merged);
  merged.destroy();
  return result;
}

export function percentileMicros(histogram: Histogram, percentile: number): number | null {
  return histogram.totalCount === 0 ? null : histogram.getValueAtPercentile(percentile);
}

export function summarizeHistogram(histogram: Histogram): HistogramSummaryMicros {
  const empty = histogram.totalCount === 0;
  return {
    count: histogram.totalCount,
    minMicros: empty ? null : histogram.minNonZeroValue,
    meanMicros: empty ? null : histogram.mean,
    p50Micros: percentileMicros(histogram, 50),
    p90Micros: percentileMicros(histogram, 90),
    p99Micros: percentileMicros(histogram, 99),
    p99_9Micros: percentileMicros(histogram, 99.9),
    maxMicros: empty ? null : histogram.maxValue,
  };
}

export function summarizeEncoded(encoded: string): HistogramSummaryMicros {
  const histogram = decodeHistogram(encoded);
  const summary = summarizeHistogram(histogram);
  histogram.destroy();
  return summary;
}

/** The value at `percentile` of an encoded histogram. */
export function encodedPercentileMicros(encoded: string, percentile: number): number | null {
  const histogram = decodeHistogram(encoded);
  const value = percentileMicros(histogram, percentile);
  histogram.destroy();
  return value;
}
