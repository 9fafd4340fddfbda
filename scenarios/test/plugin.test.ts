// A scenario is a plugin: one folder and one line in the registry, and the engine runs, validates, analyses and reports it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/paths.js';
import type { AnyScenario } from '../../scripts/engine/scenario.js';
import { defaultScenarios, parseBenchArgs } from '../../scripts/bench/options.js';
import { analyseRun } from '../../scripts/report/analysed-run.js';
import { evaluateClaims } from '../../scripts/report/claims-table.js';
import { renderReport } from '../../scripts/report/render.js';
import { validateResults } from '../../scripts/results/validate.js';
import { exampleScenario } from './example/index.js';
import { SCENARIOS } from './support/registry.js';
import { syntheticResults } from './synthetic-results.js';

// The one line: a registry with the example in it.
// First: the first rule for a claim decides it, and the example's K5 stands in for the scale scenario's here.
const registry: readonly AnyScenario[] = [exampleScenario, ...SCENARIOS];

function runWith(data: unknown) {
  const results = syntheticResults();
  results.scenarios.push({
    id: 'example',
    status: 'ok',
    startedAt: '2026-01-01T00:05:00.000Z',
    durationSeconds: 1,
    settings: { count: 2 },
    messages: [],
    data,
  });
  return results;
}

describe('a scenario is a plugin', () => {
  it('the bench accepts it by name and runs it in the tiers its share says', () => {
    expect(parseBenchArgs(['--scenario', 'example'], registry)).toMatchObject({ scenarios: ['example'] });
    expect(defaultScenarios(registry, 'quick')).toContain('example');
    expect(() => parseBenchArgs(['--scenario', 'example'], SCENARIOS)).toThrow(/unknown value "example"/);
  });

  it('its run gets its own settings, and its data is validated against its own schema', async () => {
    const outcome = await exampleScenario.run({ settings: { count: 3 } } as never);
    expect(outcome.data).toEqual({ counted: 3 });
    expect(validateResults(runWith({ counted: 2 }), registry)).toEqual([]);
    expect(validateResults(runWith({ counted: -1 }), registry).join()).toMatch(/\/scenarios\/\d+\/data\/counted/);
  });

  it('its section, settings, headline and claim reach the report, computed from its analysis', () => {
    const results = runWith({ counted: 2 });
    const html = renderReport(results, registry);
    expect(html).toContain('<p class="example">doubled: 4</p>');
    expect(html).toContain('example count');
    const report = analyseRun(results, registry);
    expect(report.headlines.find((one) => one.key === 'example/counted')?.estimate.median).toBe(2);
    expect(evaluateClaims(report, registry).find((row) => row.id === 'K5')).toMatchObject({ verdict: 'supported', evidence: 'doubled 4' });
    expect(evaluateClaims(analyseRun(runWith({ counted: 1 }), registry), registry).find((row) => row.id === 'K5')?.verdict).toBe(
      'not supported',
    );
  });

  it('without it the claim it decides is not measured', () => {
    expect(evaluateClaims(analyseRun(syntheticResults(), SCENARIOS), SCENARIOS).find((row) => row.id === 'K5')?.verdict).toBe(
      'not measured',
    );
  });

  it("the scenarios README lists exactly the registered scenarios, in the registry's order", () => {
    const readme = readFileSync(join(REPO_ROOT, 'scenarios', 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([a-z-]+)` \| (?:any|single|polyglot) \|/gm)].map((match) => match[1]);
    expect(listed).toEqual(SCENARIOS.map((scenario) => scenario.id));
  });
});
