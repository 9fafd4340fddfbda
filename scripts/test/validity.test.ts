import { describe, expect, it } from 'vitest';
import { checkClosedLoopStep, checkOpenLoopStep } from '../load/validity.js';
import type { OpenLoopResult } from '../load/open-loop-types.js';

const summary = {
  count: 1000,
  minMicros: 100,
  meanMicros: 200,
  p50Micros: 200,
  p90Micros: 300,
  p99Micros: 400,
  p99_9Micros: 500,
  maxMicros: 600,
};

function step(overrides: Partial<OpenLoopResult>): OpenLoopResult {
  return {
    targetRatePerSecond: 1000,
    durationSeconds: 1,
    warmupSeconds: 0,
    sent: 1000,
    ok: 1000,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    achievedRatePerSecond: 1000,
    latencyHistogram: '',
    latency: summary,
    pacingHistogram: '',
    pacing: { ...summary, p99Micros: 20 },
    ...overrides,
  };
}

describe('load step validity', () => {
  it('a step that held its rate with no failure is valid', () => {
    expect(checkOpenLoopStep(step({}))).toEqual({ valid: true, reasons: [], warnings: [], smoke: false });
  });

  it('a step more than 1% under its target rate is invalid', () => {
    const validity = checkOpenLoopStep(step({ ok: 985, achievedRatePerSecond: 985, timeouts: 0, non2xx: 15 }));
    expect(validity.valid).toBe(false);
    expect(validity.reasons.join()).toMatch(/achieved 985/);
  });

  it('a step that delivered more than asked (warm-up answers landing in the window) stays valid', () => {
    expect(checkOpenLoopStep(step({ achievedRatePerSecond: 1080 })).valid).toBe(true);
  });

  it("at a low rate two requests at the window's edges are allowed, three are not", () => {
    const low = { targetRatePerSecond: 50, durationSeconds: 2, sent: 100 };
    expect(checkOpenLoopStep(step({ ...low, ok: 98, achievedRatePerSecond: 49 })).valid).toBe(true);
    const three = checkOpenLoopStep(step({ ...low, ok: 97, achievedRatePerSecond: 48.5 }));
    expect(three.valid).toBe(false);
    expect(three.reasons.join()).toMatch(/more than 2% short/);
  });

  it('a step within 1% of its rate but with one timeout is invalid', () => {
    const validity = checkOpenLoopStep(step({ ok: 999, achievedRatePerSecond: 999, timeouts: 1 }));
    expect(validity.valid).toBe(false);
    expect(validity.reasons.join()).toMatch(/1 timeouts/);
  });

  it('errors and non-2xx answers invalidate a step', () => {
    expect(checkOpenLoopStep(step({ errors: 1 })).valid).toBe(false);
    expect(checkOpenLoopStep(step({ non2xx: 1 })).valid).toBe(false);
  });

  it('late pacing warns without invalidating, and smoke steps are marked', () => {
    const validity = checkOpenLoopStep(step({ pacing: { ...summary, p99Micros: 5000 } }), true);
    expect(validity.valid).toBe(true);
    expect(validity.warnings).toHaveLength(1);
    expect(validity.smoke).toBe(true);
  });

  it('a closed-loop step with no answer or with failures is invalid', () => {
    expect(checkClosedLoopStep({ requests: 0, errors: 0, timeouts: 0, non2xx: 0 }).valid).toBe(false);
    expect(checkClosedLoopStep({ requests: 100, errors: 2, timeouts: 0, non2xx: 0 }).valid).toBe(false);
    expect(checkClosedLoopStep({ requests: 100, errors: 0, timeouts: 0, non2xx: 0 }).valid).toBe(true);
  });
});
