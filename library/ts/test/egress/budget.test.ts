import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../../src/egress/budget.js';

function budget(ratio: number, minPerSecond: number, windowSeconds: number) {
  const clock = { millis: 0 };
  return { budget: new RetryBudget({ ratio, minPerSecond, windowSeconds }, () => clock.millis), clock };
}

describe('retry budget', () => {
  it('allows ratio x calls in the window plus minPerSecond x window', () => {
    const { budget: b } = budget(0.2, 10, 10);
    for (let i = 0; i < 50; i++) b.recordCall();
    expect(b.allowance()).toBeCloseTo(0.2 * 50 + 10 * 10, 9);
  });

  it('refuses the retry that would exceed the allowance', () => {
    const { budget: b } = budget(0.5, 0, 10);
    for (let i = 0; i < 4; i++) b.recordCall();
    expect(b.tryRetry()).toBe(true);
    expect(b.tryRetry()).toBe(true);
    expect(b.tryRetry()).toBe(false);
  });

  it('the floor allows retries without any call', () => {
    const { budget: b } = budget(0.2, 1, 2);
    expect(b.tryRetry()).toBe(true);
    expect(b.tryRetry()).toBe(true);
    expect(b.tryRetry()).toBe(false);
  });

  it('calls and retries older than the window are forgotten', () => {
    const { budget: b, clock } = budget(1, 0, 10);
    b.recordCall();
    expect(b.tryRetry()).toBe(true);
    expect(b.tryRetry()).toBe(false);
    clock.millis = 10_000;
    expect(b.allowance()).toBe(0);
    b.recordCall();
    expect(b.tryRetry()).toBe(true);
  });

  it('calls within the window still count after part of it passed', () => {
    const { budget: b, clock } = budget(1, 0, 10);
    b.recordCall();
    clock.millis = 5000;
    b.recordCall();
    expect(b.allowance()).toBe(2);
    clock.millis = 10_500;
    expect(b.allowance()).toBe(1);
  });
});
