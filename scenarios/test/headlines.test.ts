import { describe, expect, it } from 'vitest';
import { compareHeadlines, type Headline } from '../../scripts/report/headlines.js';
import { claimsOf, headlinesOf as headlines } from './support/registry.js';
import { compareText, holdsNote, renderCompareBody, spreadSummary, type RunHeadlines } from '../../scripts/report/sections/headlines.js';
import type { RunResults } from '../../scripts/results/types.js';
import { syntheticResults } from './synthetic-results.js';

const run = (results: RunResults): RunHeadlines => ({
  results,
  headlines: headlines(results),
  verdicts: claimsOf(results).map((row) => ({ id: row.id, verdict: row.verdict })),
});

describe('headline figures and the comparison of runs', () => {
  it('a run yields added p50 and p99 per hop, CPU and RSS per role, the checkout and the ipc costs', () => {
    const keys = headlines(syntheticResults()).map((one) => one.key);
    expect(keys).toContain('latency/ts/sidecar/1000/p50-added');
    expect(keys).toContain('latency/ts/sidecar/1000/p99-added');
    expect(keys).toContain('polyglot/sidecar/50/p99-added');
    expect(keys).toContain('polyglot/sidecar/50/p50-added-per-traversal');
    expect(keys).toContain('polyglot/sidecar/50/sidecar/cpu');
    expect(keys).toContain('polyglot/java-rust-ts/sidecar/50/p99-added');
    expect(keys).toContain('resources/ts/sidecar/sidecar/cpu');
    expect(keys).toContain('resources/ts/sidecar/sidecar/rss');
    expect(keys).toContain('ipc/http-uds/p50');
    // Mode none is the baseline: nothing is added to it.
    expect(keys.some((key) => key.startsWith('latency/ts/none/'))).toBe(false);
  });

  it('the same run twice has no spread and overlapping intervals; a slower sidecar shows as a spread with intervals apart', () => {
    const same = compareHeadlines([headlines(syntheticResults()), headlines(syntheticResults())]);
    expect(same.every((row) => row.relativeSpread === 0 && row.intervalsOverlap === true)).toBe(true);
    const slower = compareHeadlines([
      headlines(syntheticResults({ sidecarAddedMicros: 250 })),
      headlines(syntheticResults({ sidecarAddedMicros: 600 })),
    ]);
    const p50 = slower.find((row) => row.key === 'latency/ts/sidecar/1000/p50-added')!;
    expect(p50.difference).toBeGreaterThan(250);
    expect(p50.relativeSpread).toBeGreaterThan(0.5);
    expect(p50.intervalsOverlap).toBe(false);
  });

  it('a figure in one run only is listed without a spread, and the summary counts figures per group', () => {
    const a = syntheticResults();
    const b = syntheticResults();
    b.scenarios = b.scenarios.filter((one) => one.id !== 'ipc');
    const rows = compareHeadlines([headlines(a), headlines(b)]);
    expect(rows.find((row) => row.key === 'ipc/http-tcp/p50')).toMatchObject({ relativeSpread: null, holds: null });
    const summary = spreadSummary(rows);
    expect(summary.find((one) => one.group === 'ipc')).toMatchObject({ figures: 0 });
    expect(summary.find((one) => one.group === 'latency')!.figures).toBeGreaterThan(4);
    expect(renderCompareBody([run(a), run(b)])).toMatch(/in one run only/);
  });

  it('three runs: a figure holds within 15% of their median, one that moves does not, and a verdict that flips is named', () => {
    const steady = [250, 260, 270].map((added) => syntheticResults({ sidecarAddedMicros: added }));
    const rows = compareHeadlines(steady.map((one) => headlines(one)));
    const p50 = rows.find((row) => row.key === 'latency/ts/sidecar/1000/p50-added')!;
    expect(p50.estimates).toHaveLength(3);
    expect(p50.holds).toBe(true);
    const moving = compareHeadlines([250, 260, 600].map((added) => headlines(syntheticResults({ sidecarAddedMicros: added })))).find(
      (row) => row.key === 'latency/ts/sidecar/1000/p50-added',
    )!;
    expect(moving.holds).toBe(false);
    expect(moving.fromMedian).toBeGreaterThan(1);
    expect(compareText(steady.map(run))).toMatch(/verdicts: all \d+ the same in every run/);
    // A run whose sidecar adds nothing flips K1.
    const flipped = [...steady.slice(0, 2), syntheticResults({ sidecarAddedMicros: 0 })].map(run);
    expect(compareText(flipped)).toMatch(/verdicts: 1 differ: K1 supported \/ supported \/ (not supported|depends)/);
    expect(renderCompareBody(flipped)).toMatch(/1 verdict\(s\) differed between the runs: K1/);
  });

  it('a figure whose medians move more than 15% holds within noise only when every run found it so, and says which', () => {
    const one = (median: number, low: number, high: number, withinNoise = false): Headline[] => [
      { key: 'latency/ts/sidecar/500/p50-added', group: 'g', label: 'l', unit: 'µs', estimate: { median, low, high, n: 3, withinNoise } },
    ];
    const compare = (...runs: Headline[][]) => compareHeadlines(runs)[0]!;
    // 227 is 17% below the median of 272: the intervals overlap, so the runs cannot be told apart on it.
    expect(compare(one(272, 200, 390), one(283, 210, 380), one(227, 190, 300))).toMatchObject({ holds: true, holdsBy: 'overlap' });
    // The same medians with narrow intervals that do not all overlap: it moved.
    expect(compare(one(272, 265, 280), one(283, 275, 290), one(227, 220, 235))).toMatchObject({ holds: false, holdsBy: null });
    // Near zero, every run within noise of it: holds, however large the relative spread.
    expect(compare(one(12, -20, 40, true), one(-8, -30, 25, true), one(34, 2, 70, true))).toMatchObject({ holdsBy: 'zero' });
    expect(compare(one(270, 260, 280), one(275, 265, 285), one(260, 250, 270))).toMatchObject({ holdsBy: 'median' });
    // The text comparison says on which ground, as the HTML does.
    expect(holdsNote({ holds: true, holdsBy: 'zero' })).toBe(' holds within noise of zero');
    expect(holdsNote({ holds: true, holdsBy: 'overlap' })).toBe(' holds within noise (the intervals overlap)');
    expect(holdsNote({ holds: true, holdsBy: 'median' })).toBe('');
    expect(holdsNote({ holds: false, holdsBy: null })).toBe(' DOES NOT HOLD');
  });
});
