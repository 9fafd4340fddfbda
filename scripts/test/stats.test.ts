import { describe, expect, it } from 'vitest';
import { estimateDifference, estimateMedian, isWithinNoise, median, quantile, seededRandom } from '../stats/summary.js';

describe('statistics', () => {
  it('quantile interpolates linearly between order statistics', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30], 0)).toBe(10);
    expect(quantile([10, 20, 30], 1)).toBe(30);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('the bootstrap interval of a median contains the median and lies within the data', () => {
    const values = [10, 12, 11, 13, 9, 10.5, 11.5];
    const estimate = estimateMedian(values)!;
    expect(estimate.median).toBe(11);
    expect(estimate.low).toBeLessThanOrEqual(11);
    expect(estimate.high).toBeGreaterThanOrEqual(11);
    expect(estimate.low).toBeGreaterThanOrEqual(9);
    expect(estimate.high).toBeLessThanOrEqual(13);
    expect(estimate.n).toBe(7);
  });

  it('the same values always give the same interval (seeded resampling)', () => {
    expect(estimateMedian([3, 1, 4, 1, 5, 9, 2, 6])).toEqual(estimateMedian([3, 1, 4, 1, 5, 9, 2, 6]));
  });

  it('no values give no estimate rather than NaN figures', () => {
    expect(estimateMedian([])).toBeNull();
    expect(estimateDifference([], [1])).toBeNull();
  });

  it('a difference between samples of the same spread is within noise', () => {
    const random = seededRandom(7);
    const a = Array.from({ length: 5 }, () => 100 + random() * 20);
    const b = Array.from({ length: 5 }, () => 100 + random() * 20);
    expect(estimateDifference(a, b)!.withinNoise).toBe(true);
  });

  it('a shift resting on fewer than three repetitions a side is within noise, however clear', () => {
    expect(estimateDifference([100, 101], [150, 151])!.withinNoise).toBe(true);
    expect(estimateDifference([100], [150])).toMatchObject({ n: 1, low: 50, high: 50, withinNoise: true });
    expect(estimateDifference([100, 101, 99], [150, 149, 151])!.withinNoise).toBe(false);
  });

  it('a clear shift is outside the noise and has the right sign', () => {
    const difference = estimateDifference([100, 101, 99, 100, 102], [150, 149, 151, 150, 152])!;
    expect(difference.withinNoise).toBe(false);
    expect(difference.median).toBe(50);
    expect(difference.low).toBeGreaterThan(0);
  });

  it('an interval spanning zero is within noise, one above zero is not', () => {
    expect(isWithinNoise({ low: -1, high: 2 })).toBe(true);
    expect(isWithinNoise({ low: 0.5, high: 2 })).toBe(false);
  });
});
