// Results validated end to end: each scenario's data schema is its type's, a stored sample of its data passes, a broken
// copy is refused with the JSON path named, and `npm run report` refuses an invalid file.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/paths.js';
import { dataSchemaSources, generateDataSchemas } from '../../scripts/results/data-schemas.js';
import type { BenchOptions, RunResults } from '../../scripts/results/types.js';
import { validateResults } from '../../scripts/results/validate.js';
import { MODES } from '../../scripts/orchestration/recipe.js';
import { parseBenchArgs } from '../../scripts/bench/options.js';
import { SCENARIOS } from './support/registry.js';
import { storedSampleData } from './support/sample-run.js';
import { syntheticResults } from './synthetic-results.js';
import { upgradeData } from './synthetic-upgrade.js';

/** A stored sample of the scenario's data (scenarios/<id>/test/sample-data.json, from a quick run), or a synthetic one. */
function sampleData(id: string): unknown {
  const stored = storedSampleData(id);
  if (stored !== null) return stored;
  if (id === 'upgrade') return upgradeData();
  throw new Error(`scenarios/${id}/test/sample-data.json is missing: store one from a run's results.json`);
}

function withData(id: string, data: unknown): RunResults {
  const results = syntheticResults();
  results.scenarios = [{ id, status: 'ok', startedAt: '2026-01-01T00:00:00.000Z', durationSeconds: 1, messages: [], data }];
  return results;
}

/** The data's first key removed and a key its type does not have added: both must be refused. */
function broken(data: unknown): unknown {
  const copy = structuredClone(data) as Record<string, unknown>;
  const firstKey = Object.keys(copy)[0]!;
  delete copy[firstKey];
  copy.notInTheSchema = true;
  return copy;
}

describe('the results schema', () => {
  it("every data.schema.json is what its scenario's data type generates (npm run schemas rewrites them)", () => {
    const sources = dataSchemaSources();
    expect(sources.map((source) => source.id).sort()).toEqual(SCENARIOS.map((scenario) => scenario.id).sort());
    for (const [file, text] of generateDataSchemas(sources)) expect(readFileSync(join(REPO_ROOT, file), 'utf8'), file).toBe(text);
  }, 60_000);

  for (const scenario of SCENARIOS) {
    it(`a sample of the ${scenario.id} scenario's data matches, a broken copy is refused with its path`, () => {
      const data = sampleData(scenario.id);
      expect(validateResults(withData(scenario.id, data), SCENARIOS)).toEqual([]);
      const problems = validateResults(withData(scenario.id, broken(data)), SCENARIOS);
      expect(problems.join('\n')).toMatch(/\/scenarios\/0\/data/);
      expect(problems.join('\n')).toMatch(/notInTheSchema/);
    });
  }

  it("the envelope's languages and modes are the harness's own (a mode the bench runs by default must validate)", () => {
    const { $defs } = JSON.parse(readFileSync(join(REPO_ROOT, 'spec/results.schema.json'), 'utf8')) as {
      $defs: Record<string, { enum?: string[] }>;
    };
    expect($defs.mode?.enum).toEqual([...MODES]);
    const options = parseBenchArgs([], SCENARIOS) as BenchOptions;
    expect(validateResults(syntheticResults({ modes: options.modes }), SCENARIOS)).toEqual([]);
  });

  it('npm run report refuses an invalid results file, names the path and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scl-invalid-results-'));
    const path = join(dir, 'results.json');
    writeFileSync(path, JSON.stringify(withData('latency', broken(sampleData('latency')))));
    const run = await execa('node', [join(REPO_ROOT, 'dist/scripts/report/main.js'), path], { reject: false });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/SCL_ERR_RESULTS_INVALID/);
    expect(run.stderr).toMatch(/\/scenarios\/0\/data/);
    expect(existsSync(join(dir, 'index.html'))).toBe(false);
  });
});
