// End to end: the bench's smoke run (`npm run bench -- --smoke` without its build step, which npm test already did:
// rebuilding dist/ here would race the other test files running from it) fits a minute and leaves valid results.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { REPO_ROOT } from '../paths.js';
import { validateResults } from '../results/validate.js';
import type { RunResults } from '../results/types.js';

let outDir: string | undefined;
afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('bench smoke run', () => {
  it('writes results.json matching the schema, the run report and the list of runs, within 60 s', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'scl-smoke-'));
    const started = performance.now();
    const run = await execa('node', [join(REPO_ROOT, 'dist/scripts/bench/main.js'), '--smoke', '--out', outDir], { cwd: REPO_ROOT, reject: false, all: true, timeout: 90_000 });
    const seconds = (performance.now() - started) / 1000;
    expect(run.exitCode, String(run.all)).toBe(0);
    // The run itself must fit a minute; other test files run beside this one on two cores, so the wall clock
    // gets a looser bound.
    expect(seconds).toBeLessThan(90);
    const [runId] = (await readdir(outDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const results = JSON.parse(await readFile(join(outDir, runId!, 'results.json'), 'utf8')) as RunResults;
    expect(validateResults(results)).toEqual([]);
    expect(results.status).toBe('complete');
    const runSeconds = (Date.parse(results.finishedAt!) - Date.parse(results.startedAt)) / 1000;
    expect(runSeconds).toBeLessThan(60);
    expect(results.options.tier).toBe('smoke');
    expect(results.scenarios.map((scenario) => scenario.id)).toContain('ipc');
    expect(results.scenarios.find((scenario) => scenario.id === 'ipc')!.status).toBe('ok');
    // Calibration ran and every step says it is a smoke step.
    expect(results.calibration!.every((reading) => reading.validity.smoke)).toBe(true);
    expect(existsSync(join(outDir, runId!, 'index.html'))).toBe(true);
    expect(await readFile(join(outDir, 'index.html'), 'utf8')).toContain(runId!);
    // The report is rebuilt from the JSON alone.
    const rebuilt = await execa('node', [join(REPO_ROOT, 'dist/scripts/report/main.js'), join(outDir, runId!, 'results.json')], { reject: false, all: true });
    expect(rebuilt.exitCode, String(rebuilt.all)).toBe(0);
  }, 120_000);

  it('a bad option exits 2 with the valid values listed', async () => {
    const run = await execa('node', [join(REPO_ROOT, 'dist/scripts/bench/main.js'), '--scenario', 'nope'], { reject: false, all: true });
    expect(run.exitCode).toBe(2);
    expect(String(run.all)).toMatch(/SCL_ERR_BAD_FLAG.*valid values: latency, resources, scale, ipc, features, propagation, profile/);
  });
});
