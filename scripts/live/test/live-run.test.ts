// A real bench run with --live: its events arrive over a real socket while it runs, and its port is closed when it ends,
// normally or on Ctrl-C.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../../orchestration/built.js';
import { SCENARIOS } from '../../registry.js';
import type { RunResults } from '../../results/types.js';
import { validateResults } from '../../results/validate.js';
import { portClosed, readEvents, startLiveBench } from './live-bench.js';

const outDirs: string[] = [];
afterAll(async () => {
  for (const dir of outDirs) await rm(dir, { recursive: true, force: true });
});

async function outDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scl-live-'));
  outDirs.push(dir);
  return dir;
}

describe('npm run bench -- --live', () => {
  it('streams steps, faults and what the clients saw before the run ends, then frees its port', async () => {
    assertBuilt('dist/scripts/bench/main.js', 'the bench');
    // The smallest run with a fault: isolation's short version on ts (a feature crash in library and sidecar mode, a sidecar killed).
    const out = await outDir();
    const { bench, url } = startLiveBench(['--smoke', '--scenario', 'isolation', '--langs', 'ts'], out);
    const page = await url;
    const stream = readEvents(page);
    const result = await bench;
    const exitedMillis = performance.now();
    expect(result.exitCode, result.all).toBe(0);
    await stream.ended;
    const beforeExit = (type: string) =>
      stream.events.filter(({ event, arrivedMillis }) => event.type === type && arrivedMillis < exitedMillis);
    expect(beforeExit('step-started').length).toBeGreaterThanOrEqual(3);
    expect(beforeExit('fault-injected').map(({ event }) => event)).toContainEqual(
      expect.objectContaining({ scenario: 'isolation', fault: 'sidecar-kill', cell: { lang: 'ts', mode: 'sidecar' } }),
    );
    expect(beforeExit('fault-cleared').length).toBe(beforeExit('fault-injected').length);
    // The library's feature crash takes the ts app down: its clients saw failures, and the event says how many.
    const crash = beforeExit('step-finished')
      .map(({ event }) => event)
      .find((event) => event.type === 'step-finished' && event.fault?.id === 'feature-crash' && event.figures.cell?.mode === 'library');
    expect(crash?.type === 'step-finished' && crash.fault!.clients.failedDuringFault).toBeGreaterThan(0);
    // The generator's windows during a step, with failures in them while the crash lasted.
    const windows = beforeExit('load-window').map(({ event }) => event);
    expect(windows.length).toBeGreaterThan(5);
    expect(windows.some((event) => event.type === 'load-window' && event.window.failed > 0)).toBe(true);
    // run-finished is the last event, and it came before the process exited.
    expect(stream.events.at(-1)?.event).toMatchObject({ type: 'run-finished', status: 'complete' });
    expect(stream.events.at(-1)!.arrivedMillis).toBeLessThan(exitedMillis);
    expect(await portClosed(Number(new URL(page).port))).toBe(true);
    // results.json says the run was watched live, and stays valid against the envelope.
    const [runId] = (await readdir(out, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const results = JSON.parse(await readFile(join(out, runId!, 'results.json'), 'utf8')) as RunResults;
    expect(results.options.live).toEqual({ port: 0 });
    expect(validateResults(results, SCENARIOS)).toEqual([]);
  }, 180_000);

  it('closes the stream and the port on Ctrl-C', async () => {
    const { bench, url } = startLiveBench(['--smoke', '--scenario', 'isolation', '--langs', 'ts'], await outDir());
    const page = await url;
    let interrupted = false;
    const stream = readEvents(page, (event) => {
      // Interrupted while a fault is in force: the worst moment to leave something behind.
      if (event.type === 'fault-injected' && !interrupted) {
        interrupted = true;
        bench.kill('SIGINT');
      }
    });
    const result = await bench;
    expect(interrupted).toBe(true);
    expect(result.exitCode).toBe(130);
    await stream.ended;
    // The page is told before the process goes, so the room reads "interrupted", not a dropped connection.
    expect(stream.events.at(-1)?.event).toMatchObject({ type: 'run-finished', status: 'interrupted' });
    expect(await portClosed(Number(new URL(page).port))).toBe(true);
  }, 120_000);
});
