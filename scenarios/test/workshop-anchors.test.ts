// Every anchor an exercise or a workshop page points to is a section of a real report: one rendered, as the bench
// renders it, from the stored sample data of every scenario.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/paths.js';
import { SCENARIOS } from '../../scripts/registry.js';
import { renderReport } from '../../scripts/report/render.js';
import { validateResults } from '../../scripts/results/validate.js';
import { EXERCISES } from '../../scripts/workshop/exercises.js';
import { sampleRun } from './support/sample-run.js';
import { anchorsOf, workshopPages } from '../../scripts/workshop/test/pages.js';

let ids: Set<string>;
let html: string;

beforeAll(async () => {
  const results = sampleRun();
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
