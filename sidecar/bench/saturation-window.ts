// By-hand check of the bench's saturation step: the same app in library and sidecar mode, 16 connections, a cold 1 s
// window (as the bench runs it, right after start), then after a warm-up 1 s and 5 s windows, on one core.
// Usage: npm run build && taskset -c 0 node dist/sidecar/bench/saturation-window.js [--lang ts] [--windows 1,5] [--repetitions 3]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startControlPlane } from '../../scripts/orchestration/controlplane.js';
import { startInstance, type Mode, type RunningInstance } from '../../scripts/orchestration/instance.js';
import { runClosedLoop } from '../../scripts/load/closed-loop.js';

const { values: flags } = parseArgs({
  options: {
    lang: { type: 'string', default: 'ts' },
    windows: { type: 'string', default: '1,5' },
    warmup: { type: 'string', default: '5' },
    repetitions: { type: 'string', default: '3' },
    'generator-cpus': { type: 'string', default: '1' },
  },
});

async function load(instance: RunningInstance, path: string, seconds: number): Promise<number> {
  const result = await runClosedLoop(
    { url: `${instance.publicUrl}${path}`, method: 'GET', connections: 16, durationSeconds: seconds, timeoutSeconds: 2 },
    flags['generator-cpus'],
  );
  if (result.errors + result.timeouts + result.non2xx > 0) throw new Error(`errors in ${instance.instanceId}: ${JSON.stringify(result)}`);
  return Math.round(result.requestsPerSecond);
}

async function main(): Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'scl-saturation-'));
  const controlplane = await startControlPlane({ runDir });
  const instances: Array<{ mode: Mode; instance: RunningInstance; path: string }> = [];
  try {
    for (const mode of ['library', 'sidecar'] as const) {
      const instance = await startInstance({
        lang: flags.lang!,
        service: 'customers',
        mode,
        instanceId: `sat-${mode}`,
        controlplaneUrl: controlplane.url,
        runDir,
      });
      const response = await fetch(`${instance.publicUrl}/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"B","email":"b@example.test"}',
      });
      const { id } = (await response.json()) as { id: number };
      instances.push({ mode, instance, path: `/customers/${id}` });
    }
    for (const { mode, instance, path } of instances) console.log(`${mode}: cold 1 s ${await load(instance, path, 1)} req/s`);
    for (const { instance, path } of instances) await load(instance, path, Number(flags.warmup));
    for (let repetition = 1; repetition <= Number(flags.repetitions); repetition++) {
      for (const seconds of flags.windows!.split(',').map(Number)) {
        const figures = [];
        for (const { mode, instance, path } of instances) figures.push(`${mode} ${await load(instance, path, seconds)}`);
        console.log(`#${repetition} warm ${seconds} s: ${figures.join(', ')} req/s`);
      }
    }
  } finally {
    for (const { instance } of instances) await instance.stop();
    await controlplane.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
