// The upgrade's agent path (one agent per host, restarted once per host) beside the sidecar path, from synthetic figures.
import { describe, expect, it } from 'vitest';
import { agentAgainstSidecar } from '../upgrade/agent-comparison.js';
import { fleetHosts, fleetMembers } from '../upgrade/plan.js';
import { analyzeUpgrade, appsPerHost, restartsOf, rolloutOf, switchSpreadSeconds } from '../upgrade/summary.js';
import type { RolloutFigures, UpgradeData, UpgradeFigures } from '../upgrade/types.js';
import { renderReport } from '../../scripts/report/render.js';
import type { RunResults } from '../../scripts/results/types.js';
import { validateResults } from '../../scripts/results/validate.js';
import { SCENARIOS } from './support/registry.js';
import { storedSampleData } from './support/sample-run.js';
import { syntheticResults } from './synthetic-results.js';
import { agentRollout, upgradeData, type AgentOutcome } from './synthetic-upgrade.js';

/**
 * The sidecar rollout of the synthetic fleet with one replacement per instance of the agent's six, as a real one has;
 * its instances show the new behaviour one second apart, 5 s from the first to the last.
 */
function sidecarOfSix(upgrade: UpgradeFigures): RolloutFigures {
  const sidecar = rolloutOf(upgrade, 'sidecar')!;
  const agent = rolloutOf(upgrade, 'agent')!;
  return {
    ...sidecar,
    replacements: agent.replacements.map(({ host: _host, ...one }) => ({ ...one, replaced: 'sidecar' as const })),
    records: {
      ...sidecar.records,
      perInstance: agent.replacements.map((one, index) => ({
        ...sidecar.records.perInstance[0]!,
        instanceId: one.instanceId,
        firstNewSeconds: 7 + index,
      })),
    },
  };
}

function upgradeWithAgent(outcome: AgentOutcome): UpgradeFigures {
  const upgrade = upgradeData({ agent: outcome }).upgrades[0]!;
  return { ...upgrade, rollouts: upgrade.rollouts.map((one) => (one.path === 'sidecar' ? sidecarOfSix(upgrade) : one)) };
}

function withUpgrade(data: UpgradeData): RunResults {
  const results = syntheticResults();
  results.options.scenarios.push('upgrade');
  results.scenarios.push({ id: 'upgrade', status: 'ok', startedAt: '2026-01-01T00:05:00.000Z', durationSeconds: 600, messages: [], data });
  return results;
}

describe('the agent fleet', () => {
  it('instance i of every service runs on host i, so one host restarting leaves every service an instance elsewhere', () => {
    const members = fleetMembers(['go', 'ts'], 2, 'agent');
    expect(fleetHosts(members).map(({ host, members: served }) => [host, served.map((one) => one.instanceId)])).toEqual([
      ['host-1', ['customers-1', 'payment-1', 'web-1']],
      ['host-2', ['customers-2', 'payment-2', 'web-2']],
    ]);
    // Languages are dealt as on the other paths: the same fleet, only grouped onto hosts.
    expect(members.map((one) => one.lang)).toEqual(fleetMembers(['go', 'ts'], 2, 'sidecar').map((one) => one.lang));
    expect(() => fleetHosts(fleetMembers(['ts'], 2, 'sidecar'))).toThrow(/no host/);
  });

  it("first to last instance on the new behaviour: the spread of the instances' first new records, none when one never showed it", () => {
    expect(switchSpreadSeconds(agentRollout({ spreadSeconds: 2.25 }))).toBe(2.25);
    const never = agentRollout();
    never.records.perInstance[4]!.firstNewSeconds = null;
    expect(switchSpreadSeconds(never)).toBeNull();
  });

  it('a host counts one restart for all its apps; every other path one per instance', () => {
    const agent = agentRollout();
    expect(agent.replacements).toHaveLength(6);
    expect(restartsOf(agent)).toBe(2);
    expect(appsPerHost(agent)).toEqual({ hosts: 2, fewest: 3, most: 3 });
    expect(restartsOf(sidecarOfSix(upgradeWithAgent({})))).toBe(6);
    expect(analyzeUpgrade(upgradeData()).agent).toMatchObject({ path: 'agent', rollouts: 2, maxLanguages: 1 });
  });
});

describe('the agent path against the sidecar path, in one sentence from the figures', () => {
  it('fewer restarts, no failure, a shorter rollout and window: each said with both figures', () => {
    const sentence = agentAgainstSidecar(upgradeWithAgent({ failed: 0, durationSeconds: 3.5, mixedWindowSeconds: 0.25 }));
    expect(sentence).toBe(
      "The agent path restarted 2 agents (one per host, serving 3 apps each), fewer restarts than the sidecar path's 6 sidecars" +
        '; during its rollout 0 of 175 checkouts failed: none, as on the sidecar path' +
        "; the rollout took 3.5 s, shorter than the sidecar path's 6.0 s" +
        "; the fleet answered with both versions for 0.25 s, shorter than the sidecar path's 0.40 s" +
        "; from the first instance on the new behaviour to the last took 1.50 s, shorter than the sidecar path's 5.00 s.",
    );
  });

  it('an agent path that does worse is said to: a larger share failed, a longer rollout and window, not everywhere in effect', () => {
    const sentence = agentAgainstSidecar(
      upgradeWithAgent({ failed: 12, sent: 400, durationSeconds: 9.25, mixedWindowSeconds: 3.1, spreadSeconds: 6, tookEffect: false }),
    );
    expect(sentence).toContain("12 of 400 checkouts failed: a larger share than the sidecar path's 0 of 300");
    expect(sentence).toContain("took 9.3 s, longer than the sidecar path's 6.0 s");
    expect(sentence).toContain("both versions for 3.10 s, longer than the sidecar path's 0.40 s");
    expect(sentence).toContain("new behaviour to the last took 6.00 s, longer than the sidecar path's 5.00 s");
    expect(sentence).toMatch(/did not take effect everywhere on the agent path\.$/);
  });

  it('figures that read the same are said to be the same, not longer or shorter', () => {
    const sentence = agentAgainstSidecar(upgradeWithAgent({ durationSeconds: 6.04, mixedWindowSeconds: 0.401 }));
    expect(sentence).toContain("took 6.0 s, as long as the sidecar path's 6.0 s");
    expect(sentence).toContain("both versions for 0.40 s, as long as the sidecar path's 0.40 s");
  });

  it('no sentence without an agent rollout (results made before the agent path was measured)', () => {
    expect(agentAgainstSidecar(upgradeData({ agent: null }).upgrades[0]!)).toBeNull();
  });
});

describe('the agent path in the report', () => {
  it('one more row and timeline per upgrade, the sentence under the table; the results match the schema', () => {
    const results = withUpgrade(upgradeData({ agent: { failed: 3, mixedWindowSeconds: 1.5 } }));
    expect(validateResults(results, SCENARIOS)).toEqual([]);
    const html = renderReport(results, SCENARIOS);
    expect(html.match(/<td>agent path<\/td>/g)).toHaveLength(2);
    expect(html).toMatch(/2 agents <span class="muted">\(one per host, 3 apps each\)/);
    // The first-to-last column: the agent's host-2 apps show the new behaviour 1.5 s after host-1's.
    expect(html).toMatch(/<td>agent path<\/td>(<td>[\s\S]*?<\/td>){5}<td>1\.50 s<\/td>/);
    // One timeline per upgrade, its caption twice (the chart's label and its figcaption).
    expect(html.match(/while 6 instances moved host by host \(2 agents\)/g)).toHaveLength(4);
    expect(html).toMatch(/The agent path restarted 2 agents/);
    expect(html).toMatch(/groups the same instances onto 2 hosts \(3 apps each/);
    expect(html).not.toMatch(/could not be drawn/);
  });

  it('a stored sample without the agent path still validates, and its section says the path was not measured', () => {
    const stored = storedSampleData('upgrade') as UpgradeData;
    const results = withUpgrade(stored);
    expect(validateResults(results, SCENARIOS)).toEqual([]);
    const html = renderReport(results, SCENARIOS);
    expect(html).toMatch(/<td>agent path<\/td><td><span class="muted">not measured<\/span>/);
    expect(html).not.toMatch(/The agent path restarted/);
  });
});
