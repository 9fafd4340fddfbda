import { describe, expect, it } from 'vitest';
import type { ResourcesData } from '../run.js';
import { tickResolution } from '../section.js';

const withWindows = (...ok: number[]) => ({ runs: ok.map((count) => ({ load: { ok: count } })) }) as unknown as ResourcesData;

describe("the resources section's CPU resolution", () => {
  it("states one clock tick per 1000 requests from the run's own loaded windows", () => {
    expect(tickResolution(withWindows(340, 350, 360), 100)).toContain('about 350 requests one tick is 28.6 ms per 1000 requests');
  });

  it('is finer when the windows are longer', () => {
    expect(tickResolution(withWindows(5000, 5000, 5000), 100)).toContain('one tick is 2.0 ms per 1000 requests');
  });

  it('says nothing when no window counted a request', () => {
    expect(tickResolution(withWindows(0, 0), 100)).toBe('');
  });
});
