// End to end: every exercise runs in its smoke form through `npm run workshop`'s compiled entry, without its build step
// (npm test built everything first), and its report has every section the exercise and its page point to.
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { REPO_ROOT } from '../../paths.js';
import type { RunResults } from '../../results/types.js';
import { EXERCISES } from '../exercises.js';
import { anchorsOf, WORKSHOP_DIR } from './pages.js';

/**
 * `node dist/scripts/workshop/main.js <exercise> --smoke --no-build` took, one after the other on the 2-core machine
 * while other agents' builds and tests loaded it (load average at the start of each, in brackets): drift 29 s (8.2),
 * retries 50 s (10.3), extra-hop 61 s (8.3), feature-crash 69 s (10.1), memory-per-instance 71 s (8.9), agent 77 s
 * (6.0), upgrade 157 s (5.3): 513 s in all. The upgrade's smoke form keeps to TypeScript and Go (its smokeForm): over
 * all five languages, as the exercise runs it, it took 238 s (4.4), most of it building Rust and Java twice. An earlier
 * measure at load averages of 14 to 28 found two to three times these figures (drift 72 s, memory-per-instance 146 s).
 * This file, under vitest at load averages of 6 to 9, took 438 s (upgrade 125 s, memory-per-instance 78 s, drift 18 s).
 */
/** One exercise's bound: a hang detector, not a speed test: several times the figures above, for a loaded machine. */
const BOUND_SECONDS = 600;

let outDir: string | undefined;
afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

/** The ids of a report's elements: the anchors a page may point to. */
async function reportIds(indexHtml: string): Promise<Set<string>> {
  return new Set([...(await readFile(indexHtml, 'utf8')).matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!));
}

describe('exercises in their smoke form', () => {
  for (const exercise of EXERCISES) {
    it(
      `${exercise.name}: runs, completes, and its report holds every section the exercise and its page point to`,
      async () => {
        outDir ??= await mkdtemp(join(tmpdir(), 'scl-workshop-'));
        const out = join(outDir, exercise.name);
        const started = performance.now();
        const run = await execa(
          'node',
          [join(REPO_ROOT, 'dist/scripts/workshop/main.js'), exercise.name, '--smoke', '--no-build', '--out', out],
          { cwd: REPO_ROOT, reject: false, all: true, timeout: BOUND_SECONDS * 1000 },
        );
        console.info(`workshop ${exercise.name} --smoke took ${((performance.now() - started) / 1000).toFixed(1)} s`);
        expect(run.exitCode, String(run.all)).toBe(0);
        const [runId] = (await readdir(out, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
        const index = join(out, runId!, 'index.html');
        expect(run.stdout).toContain(`complete: file://${index}#${exercise.anchor}`);
        const results = JSON.parse(await readFile(join(out, runId!, 'results.json'), 'utf8')) as RunResults;
        expect(results.options).toMatchObject({ tier: 'smoke', scenarios: exercise.scenarios });
        for (const scenario of results.scenarios) expect([scenario.id, scenario.status]).toEqual([scenario.id, 'ok']);
        const ids = await reportIds(index);
        const page = join(WORKSHOP_DIR, 'exercises', `${exercise.name}.md`);
        for (const anchor of [exercise.anchor, ...(exercise.alsoSee ?? []), ...anchorsOf(page)])
          expect(ids, `#${anchor} in the report of ${exercise.name}`).toContain(anchor);
      },
      (BOUND_SECONDS + 30) * 1000,
    );
  }
});
