// The polyglot scenario's checkouts: each keyed apart in headlines and shown side by side, a skipped one said, and a run
// from before the second checkout still valid with the same keys (so `npm run report -- --compare` matches it).
import { plannedLangs } from '../../../scripts/bench/run.js';
import { describe, expect, it } from 'vitest';
import { ChartRegistry } from '../../../scripts/report/html.js';
import { validateResults } from '../../../scripts/results/validate.js';
import type { Mode } from '../../../scripts/results/types.js';
import { SCENARIOS } from '../../test/support/registry.js';
import { syntheticPolyglot, type SecondCheckout } from '../../test/synthetic-polyglot.js';
import { syntheticLoad, syntheticResults } from '../../test/synthetic-results.js';
import { analyzePolyglot } from '../analysis.js';
import { polyglotHeadlines } from '../headlines.js';
import { renderPolyglotSection } from '../section.js';
import { POLYGLOT_CHECKOUTS, checkoutName } from '../topology.js';
import { polyglotScenario } from '../index.js';
import { measuredCheckouts } from '../run.js';

// Every mode the scenario measures, the native floor included.
const MODES: Mode[] = ['none', 'library', 'sidecar', 'native'];

function keysOf(second: SecondCheckout): string[] {
  return polyglotHeadlines(analyzePolyglot(syntheticPolyglot(syntheticLoad, MODES, second))).map((one) => one.key);
}

function validates(second: SecondCheckout): string[] {
  const results = syntheticResults();
  results.scenarios = [
    {
      id: 'polyglot',
      status: 'ok',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationSeconds: 1,
      messages: [],
      data: syntheticPolyglot(syntheticLoad, MODES, second),
    },
  ];
  return validateResults(results, SCENARIOS);
}

describe('polyglot checkouts', () => {
  it('the second checkout puts web in java, customers in rust and payment in ts; the run builds the union of both', () => {
    expect(POLYGLOT_CHECKOUTS.map((langs) => checkoutName(langs))).toEqual(['ts-python-go', 'java-rust-ts']);
    expect(plannedLangs({ langs: [] }, [polyglotScenario]).sort()).toEqual(['go', 'java', 'python', 'rust', 'ts']);
  });

  it('the first checkout keeps the keys of older runs; the second has the same figures under its name', () => {
    const keys = keysOf('measured');
    const first = keys.filter((key) => !key.startsWith('polyglot/java-rust-ts/'));
    const second = keys.filter((key) => key.startsWith('polyglot/java-rust-ts/'));
    expect(first).toContain('polyglot/sidecar/50/p99-added');
    expect(first).toContain('polyglot/sidecar/50/p50-added-per-traversal');
    expect(first).toContain('polyglot/sidecar/50/sidecar/cpu');
    // The native floor's keys as main had them before the second checkout: what --compare matches older runs by.
    expect(first).toContain('polyglot/native/50/p50-added');
    expect(first).toContain('polyglot/sidecar/50/p50-added-over-native');
    expect(first).toContain('polyglot/native/50/proxy/cpu');
    // A ratio over the floor exists only where the floor's added latency is above zero; the synthetic p99 is noise around zero.
    const comparable = (list: string[]) => list.filter((key) => !key.endsWith('p99-added-over-native'));
    expect(comparable(second).map((key) => key.replace('polyglot/java-rust-ts/', 'polyglot/'))).toEqual(comparable(first));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("a run from before the second checkout still validates and yields the first checkout's keys unchanged", () => {
    expect(validates('absent')).toEqual([]);
    expect(keysOf('absent')).toEqual(keysOf('measured').filter((key) => !key.startsWith('polyglot/java-rust-ts/')));
    expect(analyzePolyglot(syntheticPolyglot(syntheticLoad, MODES, 'absent')).checkouts.map((one) => one.name)).toEqual(['ts-python-go']);
  });

  it('both checkouts validate; a skipped one validates too and gives no figures', () => {
    expect(validates('measured')).toEqual([]);
    expect(validates('skipped')).toEqual([]);
    expect(keysOf('skipped').some((key) => key.startsWith('polyglot/java-rust-ts/'))).toBe(false);
  });

  it('the section sets both checkouts side by side, and says which one was not measured', () => {
    const both = renderPolyglotSection(analyzePolyglot(syntheticPolyglot(syntheticLoad, MODES, 'measured')), new ChartRegistry());
    expect(both).toContain('2 checkouts side by side');
    expect(both).toContain('java-rust-ts: added vs none [95% CI]');
    expect(both).toContain('ts-python-go: added vs none [95% CI]');
    expect(both).not.toContain('was not measured');
    // Mode native stands in both checkouts' columns: the floor each sidecar figure is set against.
    expect(both).toMatch(/<td>native<\/td><td>p50<\/td>(<td>[^<]*(<span[^>]*>[^<]*<\/span>)?[^<]*<\/td>){4}<td>[\d.]+ (µs|ms)/);
    const skipped = renderPolyglotSection(analyzePolyglot(syntheticPolyglot(syntheticLoad, MODES, 'skipped')), new ChartRegistry());
    expect(skipped).toContain('One checkout');
    expect(skipped).toContain('The checkout java-rust-ts (web (java), customers (rust), payment (ts)) was not measured');
    expect(skipped).not.toContain('java-rust-ts: added vs none');
  });
});

describe('which checkouts a run measures', () => {
  it('the default quick run measures the first; naming the scenario, --full and smoke measure every one', () => {
    expect(measuredCheckouts({ tier: 'quick', scenariosGiven: false })).toEqual(POLYGLOT_CHECKOUTS.slice(0, 1));
    expect(measuredCheckouts({ tier: 'quick', scenariosGiven: true })).toEqual(POLYGLOT_CHECKOUTS);
    expect(measuredCheckouts({ tier: 'full', scenariosGiven: false })).toEqual(POLYGLOT_CHECKOUTS);
    expect(measuredCheckouts({ tier: 'smoke', scenariosGiven: false })).toEqual(POLYGLOT_CHECKOUTS);
  });
});
