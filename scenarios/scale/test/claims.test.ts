// K5 from synthetic scale and blast figures: each outcome of its rule (memory and blast radius), and the agent counted once per host.
import { describe, expect, it } from 'vitest';
import type { AnalysedRun, Analyzer } from '../../../scripts/engine/scenario.js';
import type { RunResults } from '../../../scripts/results/types.js';
import { analyzeScale, analyzeScaleRun } from '../analysis.js';
import { costK5 } from '../claims.js';
import type { ScaleData, ScalePoint } from '../run.js';
import { analyzeBlastRun } from '../../blast/analysis.js';
import type { BlastData } from '../../blast/run.js';
import { AGENT_CONTAINS, AGENT_SPREADS, blastData } from '../../blast/test/synthetic.js';

const MIB = 1024 * 1024;

/** Idle points of one language and mode: the apps' RSS per instance, and beside them a sidecar each or one agent. */
function points(lang: string, mode: 'sidecar' | 'agent' | 'library', besideMiB: number, counts = [1, 2, 4]): ScalePoint[] {
  return counts.map((instances) => {
    const beside = mode === 'agent' ? besideMiB : mode === 'sidecar' ? besideMiB * instances : 0;
    const window = (role: 'app' | 'sidecar', rss: number) => ({
      role,
      cpuSeconds: 0.01,
      cpuMillisPer1000Requests: null,
      rssBytes: rss * MIB,
      anonBytes: (rss / 2) * MIB,
      pssBytes: ((rss * 3) / 4) * MIB,
    });
    return {
      lang,
      mode,
      repetition: 0,
      instances,
      windowSeconds: 2,
      roles: beside > 0 ? [window('app', 20 * instances), window('sidecar', beside)] : [window('app', 20 * instances)],
    };
  });
}

/** A run with the scale data and, by default, a blast radius no wider under the agent except for its own death. */
function runOf(data: ScaleData | null, blast: BlastData | null = blastData(AGENT_CONTAINS)): AnalysedRun {
  return {
    results: {} as RunResults,
    calibration: null,
    analysisOf: <A>(analyze: Analyzer<A>) => {
      if (data !== null && (analyze as unknown) === analyzeScaleRun) return analyzeScaleRun(data) as A;
      if (blast !== null && (analyze as unknown) === analyzeBlastRun) return analyzeBlastRun(blast) as A;
      return null;
    },
  };
}

const data = (...sets: ScalePoint[][]): ScaleData => ({ maxInstances: 4, points: sets.flat() });

describe('K5: one agent per host against a sidecar per instance', () => {
  it('divides the one agent over the instances of its host', () => {
    const agent = analyzeScale(data(points('ts', 'agent', 100))).find((line) => line.mode === 'agent')!;
    expect(agent.points.map((point) => point.perInstance.rssBytes / MIB)).toEqual([120, 70, 45]);
  });

  it('is supported when the agent saves a noticeable amount per instance in every language', () => {
    const finding = costK5(
      runOf(data(points('ts', 'sidecar', 100), points('ts', 'agent', 100), points('go', 'sidecar', 80), points('go', 'agent', 90))),
    );
    expect(finding.verdict).toBe('supported');
    // go saves the least at 4 instances: 80 - 90 / 4 = 57.5 MiB.
    expect(finding.deciding).toMatchObject({ value: 57.5 * MIB, label: expect.stringMatching(/^go: .* at 4 instances/) });
    expect(finding.evidence).toMatch(/sidecar-kill \(the agent's own death, not weighed\): 2 of 2 under the agent, 0 of 2/);
  });

  it("depends when the agent is cheaper but a fault in one app's work reaches the other apps under it", () => {
    const finding = costK5(runOf(data(points('ts', 'sidecar', 100), points('ts', 'agent', 100)), blastData(AGENT_SPREADS)));
    expect(finding.verdict).toBe('depends');
    expect(finding.deciding).toMatchObject({
      unit: 'count',
      value: 2,
      comparedWith: { value: 0 },
      label: expect.stringMatching(/^ts, feature-crash-main-thread/),
    });
  });

  it('is not supported when not cheaper, however narrow the blast radius', () => {
    const finding = costK5(runOf(data(points('ts', 'sidecar', 10), points('ts', 'agent', 40)), blastData(AGENT_CONTAINS)));
    expect(finding.verdict).toBe('not supported');
  });

  it("is not measured without the blast radius: no blast run, or no fault in one app's work counted in both modes", () => {
    const scale = data(points('ts', 'sidecar', 100), points('ts', 'agent', 100));
    expect(costK5(runOf(scale, null))).toMatchObject({
      verdict: 'not measured',
      evidence: expect.stringMatching(/blast scenario did not run/),
    });
    const onlyDeath = blastData(AGENT_SPREADS.filter((one) => one.fault === 'sidecar-kill'));
    expect(costK5(runOf(scale, onlyDeath)).verdict).toBe('not measured');
    const unverified = blastData(AGENT_SPREADS.map((one) => (one.mode === 'agent' ? { ...one, injected: false } : one)));
    expect(costK5(runOf(scale, unverified)).verdict).toBe('not measured');
  });

  it('is not supported when the agent saves nothing noticeable anywhere (an agent as big as its sidecars together)', () => {
    const finding = costK5(runOf(data(points('ts', 'sidecar', 10), points('ts', 'agent', 40))));
    expect(finding.verdict).toBe('not supported');
    expect(finding.deciding?.value).toBe(0);
  });

  it('depends when it saves in one language and not in another', () => {
    expect(
      costK5(runOf(data(points('ts', 'sidecar', 100), points('ts', 'agent', 100), points('go', 'sidecar', 5), points('go', 'agent', 20))))
        .verdict,
    ).toBe('depends');
  });

  it('is not measured without both modes at 2 instances or more, or without the scenario', () => {
    expect(costK5(runOf(null)).verdict).toBe('not measured');
    expect(costK5(runOf(data(points('ts', 'sidecar', 100), points('ts', 'library', 0)))).verdict).toBe('not measured');
    const single = costK5(runOf(data(points('ts', 'sidecar', 100, [1]), points('ts', 'agent', 100, [1]))));
    expect(single.verdict).toBe('not measured');
    expect(single.deciding).toBeUndefined();
  });
});
