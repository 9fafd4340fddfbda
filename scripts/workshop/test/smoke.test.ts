// End to end: exercises run in their smoke form through `npm run workshop`'s compiled entry, without its build step
// (npm test built everything first), and each report has the section its exercise points to.
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { REPO_ROOT } from '../../paths.js';
import type { RunResults } from '../../results/types.js';
import { findExercise } from '../exercises.js';

/**
 * The two cheapest smoke forms. `node dist/scripts/workshop/main.js <exercise> --smoke --no-build` took, on the 2-core
 * machine while other agents' builds and tests loaded it (load average 14 to 28): drift 72 s, retries 80 s, extra-hop
 * 89 s, feature-crash 123 s, memory-per-instance 146 s; upgrade's smoke form is its normal form (minutes of builds
 * in a scratch tree). All of them would take several times the three minutes npm test may spend here, so it runs the
 * two cheapest: the conformance gate every exercise starts with, and the fault proxy's short version.
 */
const SMOKE_EXERCISES: readonly string[] = ['drift', 'retries'];
/** One exercise's bound: well above the figures above, so only a real regression (a hang, a quick tier) trips it. */
const BOUND_SECONDS = 240;

let outDir: string | undefined;
afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

describe('exercises in their smoke form', () => {
  for (const name of SMOKE_EXERCISES) {
    it(
      `${name}: runs, completes, and its report holds the answering section`,
      async () => {
        const exercise = findExercise(name)!;
        outDir ??= await mkdtemp(join(tmpdir(), 'scl-workshop-'));
        const out = join(outDir, name);
        const started = performance.now();
        const run = await execa('node', [join(REPO_ROOT, 'dist/scripts/workshop/main.js'), name, '--smoke', '--no-build', '--out', out], {
          cwd: REPO_ROOT,
          reject: false,
          all: true,
          timeout: BOUND_SECONDS * 1000,
        });
        console.info(`workshop ${name} --smoke took ${((performance.now() - started) / 1000).toFixed(1)} s`);
        expect(run.exitCode, String(run.all)).toBe(0);
        const [runId] = (await readdir(out, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
        expect(run.stdout).toContain(`complete: file://${join(out, runId!, 'index.html')}#${exercise.anchor}`);
        const results = JSON.parse(await readFile(join(out, runId!, 'results.json'), 'utf8')) as RunResults;
        expect(results.options).toMatchObject({ tier: 'smoke', scenarios: exercise.scenarios });
        for (const scenario of results.scenarios) expect([scenario.id, scenario.status]).toEqual([scenario.id, 'ok']);
        expect(await readFile(join(out, runId!, 'index.html'), 'utf8')).toContain(`id="${exercise.anchor}"`);
      },
      (BOUND_SECONDS + 30) * 1000,
    );
  }
});
