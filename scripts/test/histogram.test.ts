import { describe, expect, it } from 'vitest';
import {
  decodeHistogram,
  encodeHistogram,
  encodedPercentileMicros,
  mergeEncodedHistograms,
  newMicrosHistogram,
  recordMicros,
  summarizeEncoded,
} from '../stats/histogram.js';

function encodedOf(values: number[]): string {
  const histogram = newMicrosHistogram();
  for (const value of values) recordMicros(histogram, value);
  const encoded = encodeHistogram(histogram);
  histogram.destroy();
  return encoded;
}

describe('histograms', () => {
  it('merging encoded histograms is exact: the same as recording every value in one', () => {
    const first = Array.from({ length: 1000 }, (_, i) => 100 + i);
    const second = Array.from({ length: 500 }, (_, i) => 5000 + i * 3);
    const merged = mergeEncodedHistograms([encodedOf(first), encodedOf(second)]);
    const together = encodedOf([...first, ...second]);
    for (const percentile of [50, 90, 99, 99.9, 100]) {
      expect(encodedPercentileMicros(merged, percentile)).toBe(encodedPercentileMicros(together, percentile));
    }
    expect(summarizeEncoded(merged).count).toBe(1500);
  });

  it('an encoded histogram decodes to the same counts and percentiles', () => {
    const encoded = encodedOf([10, 20, 30, 40, 2000]);
    const decoded = decodeHistogram(encoded);
    expect(decoded.totalCount).toBe(5);
    expect(decoded.maxValue).toBeGreaterThanOrEqual(1999);
    decoded.destroy();
  });

  it('values keep three significant digits', () => {
    expect(encodedPercentileMicros(encodedOf([2045]), 50)).toBeGreaterThanOrEqual(2044);
    expect(encodedPercentileMicros(encodedOf([2045]), 50)).toBeLessThanOrEqual(2047);
  });

  it('an empty histogram summarizes to nulls, not NaN', () => {
    const summary = summarizeEncoded(encodedOf([]));
    expect(summary.count).toBe(0);
    expect(summary.p50Micros).toBeNull();
  });

  it('absurd values are clamped into range instead of throwing mid-run', () => {
    expect(() => encodedOf([-5, 0, 1e12])).not.toThrow();
  });
});
