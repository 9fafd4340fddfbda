import { describe, expect, it } from 'vitest';
import { fullJitterSeconds } from '../../src/egress/backoff.js';

describe('full jitter backoff', () => {
  it('retry n waits between 0 and base * 2^(n-1)', () => {
    expect(fullJitterSeconds(1, 0.025, 0.25, () => 0)).toBe(0);
    expect(fullJitterSeconds(1, 0.025, 0.25, () => 0.999999)).toBeCloseTo(0.025, 5);
    expect(fullJitterSeconds(2, 0.025, 0.25, () => 0.999999)).toBeCloseTo(0.05, 5);
    expect(fullJitterSeconds(3, 0.025, 0.25, () => 0.5)).toBeCloseTo(0.05, 9);
  });

  it('the ceiling never exceeds backoffMax', () => {
    expect(fullJitterSeconds(10, 0.025, 0.25, () => 0.999999)).toBeLessThanOrEqual(0.25);
    expect(fullJitterSeconds(10, 0.025, 0.25, () => 0.999999)).toBeCloseTo(0.25, 5);
  });

  it('every wait stays within its bounds over many draws', () => {
    for (let retry = 1; retry <= 8; retry++) {
      const ceiling = Math.min(0.25, 0.025 * 2 ** (retry - 1));
      for (let i = 0; i < 200; i++) {
        const wait = fullJitterSeconds(retry, 0.025, 0.25);
        expect(wait).toBeGreaterThanOrEqual(0);
        expect(wait).toBeLessThan(ceiling);
      }
    }
  });
});
