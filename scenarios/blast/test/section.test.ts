// The blast section's sentences and the analysis under them, from synthetic data: contradicting data changes the words.
import { describe, expect, it } from 'vitest';
import { ChartRegistry } from '../../../scripts/report/html.js';
import { analyzeBlastRun } from '../analysis.js';
import { comparisonSentence, renderBlastSection, summarySentence } from '../section.js';
import { AGENT_CONTAINS, AGENT_SPREADS, blastData } from './synthetic.js';
import sample from './sample-data.json' with { type: 'json' };
import type { BlastData } from '../run.js';

describe('blast radius: the analysis', () => {
  it('counts touched instances per kind, the struck one apart from the others', () => {
    const { episodes, comparisons } = analyzeBlastRun(blastData(AGENT_SPREADS, 4));
    const crash = episodes.find((one) => one.fault === 'feature-crash-main-thread' && one.mode === 'agent')!;
    expect(crash).toMatchObject({
      instances: 4,
      counts: true,
      clients: { all: 3, others: 2 },
      logs: { all: 3, others: 2 },
      failedRequests: 180,
    });
    expect(comparisons.map((one) => [one.fault, one.widerBy])).toEqual([
      ['log-flood', 0],
      ['feature-crash-main-thread', 2],
      ['sidecar-kill', 2],
    ]);
  });

  it('counts a stream as stalled when its backlog grew by more than a second of its records while the fault lasted', () => {
    const stalled = (growth: number) =>
      analyzeBlastRun(blastData([{ fault: 'log-flood', mode: 'agent', othersFailed: 0, othersBacklogGrowth: growth }])).episodes[0]!;
    // The synthetic load is 30 requests per second: 31 records piled up is a stall, 30 is not.
    expect(stalled(31)).toMatchObject({ stalled: { all: 2, others: 2 }, logs: { others: 2 }, clients: { others: 0 } });
    expect(stalled(30)).toMatchObject({ stalled: { all: 0, others: 0 }, logs: { others: 0 } });
  });

  it('does not count an episode whose fault was not seen, or whose host failed before it', () => {
    const data = blastData([{ fault: 'sidecar-kill', mode: 'agent', othersFailed: 2, injected: false }]);
    expect(analyzeBlastRun(data).episodes[0]).toMatchObject({ counts: false, why: expect.stringMatching(/not seen to happen/) });
    const sick = blastData([{ fault: 'sidecar-kill', mode: 'agent', othersFailed: 2 }]);
    sick.episodes[0]!.instances[1]!.failedBefore = 3;
    expect(analyzeBlastRun(sick).episodes[0]).toMatchObject({ counts: false, why: expect.stringMatching(/3 requests failed before/) });
  });
});

describe('blast radius: the section', () => {
  it("says the agent spread a fault in one app's work when it did, and that it did not when it did not", () => {
    const spreads = summarySentence(analyzeBlastRun(blastData(AGENT_SPREADS)).comparisons);
    expect(spreads).toMatch(
      /^Under the agent, a fault in one app's cross-cutting work reached other apps: ts feature-crash-main-thread \(2 of 2 others, against 0\)\.$/,
    );
    const contains = summarySentence(analyzeBlastRun(blastData(AGENT_CONTAINS)).comparisons);
    expect(contains).toMatch(/^No fault in one app's cross-cutting work \(ts log-flood, ts feature-crash-main-thread\) reached more/);
    expect(summarySentence([])).toMatch(/nothing is compared/);
  });

  it("words each comparison from its figures, and names the agent's own death", () => {
    const [flood, crash, kill] = analyzeBlastRun(blastData(AGENT_SPREADS)).comparisons;
    expect(comparisonSentence(flood!)).toMatch(/reached as many of the other instances/);
    expect(comparisonSentence(crash!)).toMatch(
      /reached 2 more of the other 2 instances under the agent .*2 of 2 other instances touched under the agent \(180 failed requests, 30 log records lost\), 0 of 2 with a sidecar each \(60 failed requests, 10 lost\)/,
    );
    expect(comparisonSentence(kill!)).toMatch(/the agent's own death/);
    const narrower = analyzeBlastRun(
      blastData([
        { fault: 'log-flood', mode: 'sidecar', othersFailed: 1 },
        { fault: 'log-flood', mode: 'agent', othersFailed: 0 },
      ]),
    ).comparisons[0]!;
    expect(comparisonSentence(narrower)).toMatch(/reached 1 fewer of the other 2 instances under the agent/);
  });

  it('renders the stored sample of a real run with its chart and a row per episode', () => {
    const charts = new ChartRegistry();
    const html = renderBlastSection(analyzeBlastRun(sample as unknown as BlastData), charts);
    expect(html.match(/<tr>/g)?.length).toBe((sample as unknown as BlastData).episodes.length + 1);
    expect(html).toContain('<canvas');
  });
});
