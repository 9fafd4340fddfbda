// Every anchor an exercise or a workshop page points to is a section of a real report: one rendered, as the bench
// renders it, from the stored sample data of every scenario.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newRunId, newRunResults } from '../../bench/run-results.js';
import { parseBenchArgs } from '../../bench/options.js';
import { planPinning } from '../../env/pinning.js';
import { REPO_ROOT } from '../../paths.js';
import { SCENARIOS } from '../../registry.js';
import { renderReport } from '../../report/render.js';
import type { BenchOptions, RunResults } from '../../results/types.js';
import { validateResults } from '../../results/validate.js';
import { EXERCISES } from '../exercises.js';
import { anchorsOf, workshopPages } from './pages.js';

/**
 * A scenario's stored sample (scenarios/<id>/test/sample-data.json, from a quick run). The upgrade scenario stores
 * none, so this folder keeps the upgrade data of one run of `npm run workshop -- upgrade` (run 20261205-013118-smoke,
 * smoke tier), used until scenarios/upgrade/test/ has its own.
 */
function samplePath(id: string): string | undefined {
  return [join(REPO_ROOT, 'scenarios', id, 'test', 'sample-data.json'), join(REPO_ROOT, 'scripts', 'workshop', 'test', `${id}-sample-data.json`)].find((path) => existsSync(path));
}

async function sampleRun(): Promise<RunResults> {
  const options = parseBenchArgs(['--no-pin'], SCENARIOS) as BenchOptions;
  const results = await newRunResults(newRunId('quick'), { ...options, scenarios: SCENARIOS.map((scenario) => scenario.id) }, await planPinning(false));
  results.status = 'complete';
  results.scenarios = SCENARIOS.map((scenario) => {
    const path = samplePath(scenario.id);
    if (path === undefined) throw new Error(`no stored sample of the ${scenario.id} scenario's data`);
    return { id: scenario.id, status: 'ok', startedAt: results.startedAt, durationSeconds: 1, messages: [], data: JSON.parse(readFileSync(path, 'utf8')) };
  });
  return results;
}

let ids: Set<string>;
let html: string;

beforeAll(async () => {
  const results = await sampleRun();
  expect(validateResults(results, SCENARIOS)).toEqual([]);
  html = renderReport(results, SCENARIOS);
  ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!));
}, 60_000);

describe('the anchors of the workshop', () => {
  it('the sample report drew every section from its data', () => {
    expect(html).not.toContain('could not be drawn from the results');
    for (const scenario of SCENARIOS) expect(ids).toContain(scenario.id);
  });

  for (const exercise of EXERCISES) {
    it(`${exercise.name}: its anchors are sections of the report`, () => {
      for (const anchor of [exercise.anchor, ...(exercise.alsoSee ?? [])]) expect(ids, `#${anchor}`).toContain(anchor);
    });

    it(`${exercise.name}: its page points to its anchor and names its command`, () => {
      const text = readFileSync(join(REPO_ROOT, 'workshop', 'exercises', `${exercise.name}.md`), 'utf8');
      expect(text).toContain(`index.html#${exercise.anchor}`);
      expect(text).toContain(`npm run workshop -- ${exercise.name}\n`);
    });
  }

  for (const path of workshopPages()) {
    it(`${relative(REPO_ROOT, path)}: every index.html#anchor it names is in the report`, () => {
      for (const anchor of anchorsOf(path)) expect(ids, `${relative(REPO_ROOT, path)} names #${anchor}`).toContain(anchor);
    });
  }
});
