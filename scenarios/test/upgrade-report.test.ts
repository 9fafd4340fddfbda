// The upgrade section and the C7 verdict, from synthetic upgrade figures.
import { claimsOf, SCENARIOS } from './support/registry.js';
import { describe, expect, it } from 'vitest';
import type { UpgradeData } from '../upgrade/types.js';
import { upgradeData } from './synthetic-upgrade.js';
import { renderReport } from '../../scripts/report/render.js';
import type { RunResults } from '../../scripts/results/types.js';
import { validateResults } from '../../scripts/results/validate.js';
import { syntheticResults } from './synthetic-results.js';

function withUpgrade(data: UpgradeData): RunResults {
  const results = syntheticResults();
  results.options.scenarios.push('upgrade');
  results.scenarios.push({ id: 'upgrade', status: 'ok', startedAt: '2026-01-01T00:05:00.000Z', durationSeconds: 600, messages: [], data });
  return results;
}

const verdict = (data: UpgradeData) => claimsOf(withUpgrade(data)).find((row) => row.id === 'C7')!;

describe('the upgrade in the report', () => {
  it('one sidecar language against three libraries, no failed request and everywhere in effect supports C7', () => {
    const row = verdict(upgradeData());
    expect(row.verdict).toBe('supported');
    expect(row.evidence).toMatch(/library path: code in up to 3 language/);
    expect(row.evidence).toMatch(/sidecar path: code in up to 1 language/);
  });

  it("a sidecar rollout that failed more requests than the library's, or left old behaviour behind, does not support C7", () => {
    expect(verdict(upgradeData({ sidecarFailed: 5, libraryFailed: 0 })).verdict).toBe('not supported');
    expect(verdict(upgradeData({ sidecarTookEffect: false })).verdict).toBe('not supported');
  });

  it('with one language only, both paths touch one codebase: C7 depends', () => {
    expect(verdict(upgradeData({ libraryLangs: ['ts'] })).verdict).toBe('depends');
  });

  it('the results file with the upgrade scenario matches the schema, and the section draws its charts', () => {
    const results = withUpgrade(upgradeData());
    expect(validateResults(results, SCENARIOS)).toEqual([]);
    const html = renderReport(results, SCENARIOS);
    expect(html).toMatch(/One upgrade, every instance/);
    expect(html).toMatch(/mixed-version window/);
    // Per upgrade: lines and times bars, and one timeline per path.
    expect(html.match(/timeline|while 1 instances moved/g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/could not be drawn/);
  });
});
