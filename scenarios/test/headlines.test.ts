import { describe, expect, it } from 'vitest';
import { compareHeadlines } from '../../scripts/report/headlines.js';
import { headlinesOf as headlines } from './support/registry.js';
import { renderCompareBody, spreadSummary } from '../../scripts/report/sections/headlines.js';
import { syntheticResults } from './synthetic-results.js';

describe('headline figures and the comparison of two runs', () => {
  it('a run yields added p50 and p99 per hop, CPU and RSS per role, the checkout and the ipc costs', () => {
    const keys = headlines(syntheticResults()).map((one) => one.key);
    expect(keys).toContain('latency/ts/sidecar/1000/p50-added');
    expect(keys).toContain('latency/ts/sidecar/1000/p99-added');
    expect(keys).toContain('polyglot/sidecar/50/p99-added');
    expect(keys).toContain('polyglot/sidecar/50/p50-added-per-traversal');
    expect(keys).toContain('polyglot/sidecar/50/sidecar/cpu');
    expect(keys).toContain('resources/ts/sidecar/sidecar/cpu');
    expect(keys).toContain('resources/ts/sidecar/sidecar/rss');
    expect(keys).toContain('ipc/http-uds/p50');
    // Mode none is the baseline: nothing is added to it.
    expect(keys.some((key) => key.startsWith('latency/ts/none/'))).toBe(false);
  });

  it('the same run twice has no spread and overlapping intervals; a slower sidecar shows as a spread with intervals apart', () => {
    const same = compareHeadlines(headlines(syntheticResults()), headlines(syntheticResults()));
    expect(same.every((row) => row.relativeSpread === 0 && row.intervalsOverlap === true)).toBe(true);
    const slower = compareHeadlines(headlines(syntheticResults({ sidecarAddedMicros: 250 })), headlines(syntheticResults({ sidecarAddedMicros: 600 })));
    const p50 = slower.find((row) => row.key === 'latency/ts/sidecar/1000/p50-added')!;
    expect(p50.difference).toBeGreaterThan(250);
    expect(p50.relativeSpread).toBeGreaterThan(0.5);
    expect(p50.intervalsOverlap).toBe(false);
  });

  it('a figure in one run only is listed without a spread, and the summary counts figures per group', () => {
    const a = syntheticResults();
    const b = syntheticResults();
    b.scenarios = b.scenarios.filter((one) => one.id !== 'ipc');
    const rows = compareHeadlines(headlines(a), headlines(b));
    expect(rows.find((row) => row.key === 'ipc/http-tcp/p50')).toMatchObject({ b: null, relativeSpread: null });
    const summary = spreadSummary(rows);
    expect(summary.find((one) => one.group === 'ipc')).toMatchObject({ figures: 0 });
    expect(summary.find((one) => one.group === 'latency')!.figures).toBeGreaterThan(4);
    expect(renderCompareBody({ results: a, headlines: headlines(a) }, { results: b, headlines: headlines(b) })).toMatch(/in one run only/);
  });
});
