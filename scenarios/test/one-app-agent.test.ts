// Mode agent in latency and resources (an agent serving the cell's one app): its figures, headlines and report
// sections beside the sidecar's, K1 and K2 decided as without it, and the quick tier's plan saying it was left out.
import { describe, expect, it } from 'vitest';
import { validateResults } from '../../scripts/results/validate.js';
import { renderReport } from '../../scripts/report/render.js';
import { MODE_COLORS } from '../../scripts/report/charts.js';
import { analyzeLatency } from '../latency/analysis.js';
import type { LatencyData } from '../latency/types.js';
import { analyzeResourcesRun, roleLabel } from '../resources/analysis.js';
import type { ResourcesData } from '../resources/run.js';
import { AGENT_LEFT_OUT_OF_QUICK } from '../common/one-app-agent.js';
import { analysed, claimsOf, headlinesOf, SCENARIOS } from './support/registry.js';
import { syntheticResults } from './synthetic-results.js';

const MIB = 1024 * 1024;
const WITH_NATIVE = ['none', 'library', 'sidecar', 'native'] as const;
/** An agent that adds nothing and is heavy: K1 would not hold for it, nor K2 read its memory as a sidecar's. */
const AGENT = { addedMicros: 0, rssBytes: 200 * MIB };
const withAgent = () => syntheticResults({ modes: [...WITH_NATIVE], sidecarAddedMicros: 300, agent: AGENT });
const dataOf = <T>(results: ReturnType<typeof syntheticResults>, id: string) => results.scenarios.find((one) => one.id === id)!.data as T;

describe('mode agent in the latency and resources scenarios', () => {
  it('is analysed like any hop: added latency against mode none, and the agent as the cell sidecar role', () => {
    const results = withAgent();
    expect(validateResults(results, SCENARIOS)).toEqual([]);
    const latency = analyzeLatency(dataOf<LatencyData>(results, 'latency'));
    const agent = latency.fixedRates.find((one) => one.mode === 'agent' && one.ratePerSecond === 1000)!;
    expect(agent.validRepetitions).toBe(3);
    expect(agent.percentiles.find((p) => p.percentile === 50)!.added).not.toBeNull();
    // After the other modes, as the run's cells come (MODES' order).
    expect([...new Set(latency.fixedRates.map((one) => one.mode))]).toEqual([...WITH_NATIVE, 'agent']);
    const resources = analyzeResourcesRun(dataOf<ResourcesData>(results, 'resources'));
    const cell = resources.modes.find((one) => one.mode === 'agent')!;
    expect(cell.roles.find((one) => one.role === 'sidecar')!.loadedRssBytes!.median).toBe(200 * MIB);
    expect(cell.startupAddedSeconds).not.toBeNull();
    expect([roleLabel('agent', 'sidecar'), roleLabel('sidecar', 'sidecar'), roleLabel('agent', 'app')]).toEqual([
      'agent',
      'sidecar',
      'app',
    ]);
    // The sidecar's /proc reading of its app is the sidecar's alone.
    expect(resources.procAgreement!.samples).toBe(3);
  });

  it('quotes the agent as headlines of its own: added latency, over the native floor, CPU and RSS of the agent', () => {
    const byKey = new Map(headlinesOf(withAgent()).map((one) => [one.key, one]));
    for (const key of [
      'latency/ts/agent/1000/p50-added',
      'latency/ts/agent/200/p99-added',
      'latency/ts/agent/1000/p50-added-over-native',
      'resources/ts/agent/sidecar/cpu',
      'resources/ts/agent/sidecar/rss-over-native',
    ])
      expect(byKey.has(key), key).toBe(true);
    expect(byKey.get('resources/ts/agent/sidecar/rss')!.label).toBe('ts/agent: RSS under load, agent');
    expect(byKey.get('resources/ts/agent/sidecar/rss-over-native')!.estimate.median).toBeCloseTo(200 / 8);
    // The sidecar's own headlines are what they were without the agent.
    const without = new Map(
      headlinesOf(syntheticResults({ modes: [...WITH_NATIVE], sidecarAddedMicros: 300 })).map((one) => [one.key, one]),
    );
    for (const [key, headline] of without) expect(byKey.get(key), key).toEqual(headline);
  });

  it('K1 and K2 are the sidecar: every verdict and deciding figure is the same with the agent cell, K1 says it beside', () => {
    const withIt = claimsOf(withAgent());
    const without = claimsOf(syntheticResults({ modes: [...WITH_NATIVE], sidecarAddedMicros: 300 }));
    expect(withIt.map((row) => [row.id, row.verdict, row.deciding])).toEqual(without.map((row) => [row.id, row.verdict, row.deciding]));
    const k1 = withIt.find((row) => row.id === 'K1')!;
    expect(k1.verdict).toBe('supported');
    expect(k1.evidence).toMatch(/; ts agent \(serving the one app\) -?[\d.]+ (µs|ms) at 200 req\/s, ts agent .* at 1000 req\/s$/);
    // K2 reads memory from scale and the sidecar's CPU and floor from resources: the agent's 200 MiB is not among them.
    expect(withIt.find((row) => row.id === 'K2')!.evidence).toBe(without.find((row) => row.id === 'K2')!.evidence);
    expect(analysed(withAgent()).scenarios.every((one) => one.error === null)).toBe(true);
  });

  it('the report draws the agent cell in both sections, in its own colour', () => {
    const html = renderReport(withAgent(), SCENARIOS);
    expect(html).toMatch(/Mode agent, the host&#39;s one agent serving this one app .*: at p50 the agent adds [^<]*, a sidecar of its own/);
    expect(html).toMatch(/<td>ts\/agent<\/td><td>agent<\/td>/);
    expect(html).toMatch(/the agent serving the one app 200\.0 MiB, HAProxy 8\.0 MiB/);
    expect(html).toContain(`"label":"agent","data":`);
    expect(html).toContain(MODE_COLORS.agent);
    expect(html).not.toMatch(/left out of the quick tier/);
  });

  it('the plan says the quick tier left mode agent out of latency and resources, and why', () => {
    const results = syntheticResults({ modes: [...WITH_NATIVE] });
    for (const result of results.scenarios.filter((one) => one.id === 'latency' || one.id === 'resources'))
      result.modesLeftOut = { modes: [...AGENT_LEFT_OUT_OF_QUICK.modes], why: AGENT_LEFT_OUT_OF_QUICK.why };
    expect(validateResults(results, SCENARIOS)).toEqual([]);
    const plan = /<section id="plan">(.*?)<\/section>/s.exec(renderReport(results, SCENARIOS))![1]!;
    for (const id of ['latency', 'resources'])
      expect(plan).toContain(`<td>${id}: mode agent</td><td>left out of the quick tier&#39;s default modes: `);
    expect(plan).toMatch(/--modes naming it measures it \(as --full does\)/);
  });
});
