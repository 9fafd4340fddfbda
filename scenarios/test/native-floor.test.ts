// The native floor (mode native: HAProxy doing only the hop) beside the sidecar's figures: ratios, headlines, K1, K2.
import { describe, expect, it } from 'vitest';
import { validateResults } from '../../scripts/results/validate.js';
import { renderReport } from '../../scripts/report/render.js';
import { floorRatio, floorWords } from '../common/floor.js';
import { claimsOf, headlinesOf, SCENARIOS } from './support/registry.js';
import { syntheticResults } from './synthetic-results.js';
import { analyzeScale } from '../scale/analysis.js';
import type { ScaleData } from '../scale/run.js';

const MIB = 1024 * 1024;
const WITH_NATIVE = ['none', 'library', 'sidecar', 'native'] as const;

describe('the native floor', () => {
  it('a ratio is sidecar over native, its interval the widest the two intervals allow; no floor above zero, no ratio', () => {
    expect(floorRatio({ median: 300, low: 280, high: 320, n: 3 }, { median: 60, low: 50, high: 80, n: 3 })).toEqual({
      median: 5,
      low: 3.5,
      high: 6.4,
      n: 3,
    });
    expect(floorRatio({ median: 300, low: 280, high: 320, n: 3 }, { median: 0, low: -5, high: 5, n: 3 })).toBeNull();
    expect(floorRatio({ median: 300, low: 280, high: 320, n: 3 }, null)).toBeNull();
    expect(floorRatio({ median: 300, low: 280, high: 320, n: 3 }, { median: 10, low: -2, high: 20, n: 3 })!.high).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(floorWords(null, true)).toBe('no native floor in this run');
    expect(floorWords({ median: 4.25, low: 3, high: 5, n: 3 }, false)).toBe('4.3 times the floor');
  });

  it('quotes the sidecar over the floor as headlines: added latency at p50 and p99, CPU per 1000 requests and RSS of the process', () => {
    const results = syntheticResults({
      modes: [...WITH_NATIVE],
      sidecarAddedMicros: 250,
      nativeAddedMicros: 50,
      sidecarRssBytes: 60 * MIB,
      nativeRssBytes: 8 * MIB,
    });
    expect(validateResults(results, SCENARIOS)).toEqual([]);
    const byKey = new Map(headlinesOf(results).map((one) => [one.key, one]));
    const p50 = byKey.get('latency/ts/sidecar/1000/p50-added-over-native')!;
    expect(p50.unit).toBe('x');
    // 250 µs added by the sidecar, 50 µs by HAProxy: about five times (the synthetic loads are noisy around their centre).
    expect(p50.estimate.median).toBeGreaterThan(3.5);
    expect(p50.estimate.median).toBeLessThan(7);
    expect(byKey.has('latency/ts/sidecar/200/p99-added-over-native')).toBe(true);
    expect(byKey.get('resources/ts/sidecar/sidecar/cpu-over-native')!.estimate.median).toBeCloseTo(100 / 20);
    expect(byKey.get('resources/ts/sidecar/sidecar/rss-over-native')!.estimate.median).toBeCloseTo(60 / 8);
    expect(byKey.has('resources/ts/native/proxy/rss')).toBe(true);
  });

  it('K1 and K2 say the floor beside the sidecar, with verdicts computed as without it', () => {
    const withFloor = claimsOf(syntheticResults({ modes: [...WITH_NATIVE] }));
    const without = claimsOf(syntheticResults());
    for (const id of ['K1', 'K2']) {
      const row = withFloor.find((one) => one.id === id)!;
      expect(row.verdict).toBe(without.find((one) => one.id === id)!.verdict);
    }
    expect(withFloor.find((one) => one.id === 'K1')!.evidence).toMatch(
      /ts sidecar [\d.]+ (µs|ms) added at p50, 1000 req\/s, the native hop [\d.]+ (µs|ms): [\d.]+ times the floor/,
    );
    const k2 = withFloor.find((one) => one.id === 'K2')!.evidence;
    // Per added instance: the app (50 MiB) and its HAProxy (8 MiB).
    expect(k2).toMatch(/native \(HAProxy\) 58\.0 MiB/);
    expect(k2).toMatch(/the sidecar 100\.0 ms CPU per 1000 requests, HAProxy 20\.0 ms: 5\.0 times the floor/);
    expect(without.find((one) => one.id === 'K1')!.evidence).toMatch(/no native floor in this run/);
  });

  it('the report shows the native cells and the floor in the latency and resources sections', () => {
    const html = renderReport(syntheticResults({ modes: [...WITH_NATIVE] }), SCENARIOS);
    expect(html).toMatch(/The floor of this hop \(mode native, HAProxy in front of the same app\): at p50 the sidecar adds/);
    expect(html).toMatch(/The floor of a process beside the app/);
    expect(html).toMatch(/conformance does\s+not apply to it/);
  });

  it('says memory per role and per added instance three ways: RSS, private (RssAnon) and PSS', () => {
    const results = syntheticResults({ modes: [...WITH_NATIVE], sidecarRssBytes: 60 * MIB, nativeRssBytes: 8 * MIB });
    expect(validateResults(results, SCENARIOS)).toEqual([]);
    const html = renderReport(results, SCENARIOS);
    expect(html).toMatch(/private, RssAnon \(loaded\)/);
    expect(html).toMatch(/PSS per added instance/);
    // Scale: app 50 MiB + sidecar 60 MiB per instance in RSS; the synthetic private memory is half of it, PSS three quarters.
    const lines = analyzeScale(results.scenarios.find((one) => one.id === 'scale')!.data as ScaleData);
    const perInstance = (mode: string) => {
      const line = lines.find((one) => one.mode === mode)!;
      return [line.rssBytesPerInstance, line.anonBytesPerInstance, line.pssBytesPerInstance].map((bytes) => bytes! / MIB);
    };
    expect(perInstance('sidecar').map((mib) => Number(mib.toFixed(1)))).toEqual([110, 55, 82.5]);
    expect(perInstance('native').map((mib) => Number(mib.toFixed(1)))).toEqual([58, 29, 43.5]);
  });
});
