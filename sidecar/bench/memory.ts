// Where the sidecar's memory goes: the idle sidecar with one feature set at a time, and its modules imported one by one.
// Usage: npm run build && node dist/sidecar/bench/memory.js [--repetitions 3] [--settle 3] [--json <file>]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startControlPlane } from '../../scripts/orchestration/controlplane.js';
import { fromRoot, repoRoot } from '../../scripts/orchestration/paths.js';
import { freePort } from '../../scripts/orchestration/ports.js';
import { spawnProcess, stop, stopAll } from '../../scripts/orchestration/processes.js';
import { instancePorts, type InstanceRecipe } from '../../scripts/orchestration/recipe.js';
import { benchRecipe, startFakeApp, startSidecar } from './bench-instance.js';
import type { ImportCost } from './imports.js';
import { memoryOf, type ProcessMemory } from './proc-memory.js';

const { values: flags } = parseArgs({
  options: {
    repetitions: { type: 'string', default: '3' },
    settle: { type: 'string', default: '3' },
    json: { type: 'string' },
  },
});
const repetitions = Number(flags.repetitions);
const settleSeconds = Number(flags.settle);

interface Variant {
  label: string;
  features: string;
  /** Local API listeners: none, HTTP, HTTP and gRPC. */
  api: 'none' | 'http' | 'grpc';
  nodeFlags?: string[];
  env?: Record<string, string>;
}

const ALL = 'metrics,logs,registry,config,egress';
const VARIANTS: Variant[] = [
  { label: 'metrics', features: 'metrics', api: 'none' },
  { label: '+ config', features: 'metrics,config', api: 'none' },
  { label: '+ registry', features: 'metrics,config,registry', api: 'none' },
  { label: '+ egress', features: 'metrics,config,registry,egress', api: 'none' },
  { label: '+ logs (all five)', features: ALL, api: 'none' },
  { label: 'all five + HTTP API', features: ALL, api: 'http' },
  { label: 'all five + HTTP and gRPC API', features: ALL, api: 'grpc' },
  // What the sidecar cannot set for itself: flags read when node starts.
  { label: 'all five, --v8-pool-size=1', features: ALL, api: 'none', nodeFlags: ['--v8-pool-size=1'] },
  { label: 'all five, MALLOC_ARENA_MAX=2', features: ALL, api: 'none', env: { MALLOC_ARENA_MAX: '2' } },
  { label: 'all five, V8 heap growth on', features: ALL, api: 'none', nodeFlags: ['--semi-space-growth-factor=2'] },
];

/** The sidecar's imports, cumulative, in the order it loads them. */
const MODULES = [
  'undici',
  'find-my-way',
  'yaml',
  'prom-client',
  'fastify',
  'ajv/dist/2020.js',
  'ajv-formats',
  'pino',
  '@grpc/grpc-js',
  '@grpc/proto-loader',
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);
const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** The benchmark's instance as the variant runs it: its own folder and ports, the app and its log file shared. */
async function variantRecipe(variant: Variant, app: InstanceRecipe, dir: string): Promise<InstanceRecipe> {
  const [publicPort, adminPort, egressPort, apiPort, grpcPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const sidecarPorts = {
    app: app.sidecarPorts!.app,
    admin: adminPort,
    egress: egressPort,
    ...(variant.api === 'none' ? {} : { api: apiPort }),
    ...(variant.api === 'grpc' ? { grpc: grpcPort } : {}),
  };
  return { ...app, dir, publicPort, sidecarPorts, env: { SCL_FEATURES: variant.features, ...variant.env } };
}

async function idleSidecar(variant: Variant, runDir: string, app: InstanceRecipe, run: number): Promise<ProcessMemory> {
  const name = `sidecar-${run}-${VARIANTS.indexOf(variant)}`;
  const recipe = await variantRecipe(variant, app, join(runDir, name));
  const sidecar = await startSidecar(
    name,
    recipe,
    { root: repoRoot(), ...(variant.nodeFlags !== undefined ? { nodeFlags: variant.nodeFlags } : {}) },
    join(runDir, `${name}.log`),
  );
  await sleep(settleSeconds);
  const memory = memoryOf(sidecar.pid);
  await stop(sidecar, { signal: 'SIGTERM', graceSeconds: 10 });
  return memory;
}

async function importCosts(runDir: string): Promise<ImportCost[]> {
  const child = spawnProcess({
    name: 'imports',
    command: process.execPath,
    args: ['--expose-gc', fromRoot('dist/sidecar/bench/imports.js'), ...MODULES],
    logFile: join(runDir, 'imports.log'),
  });
  let line = '';
  child.lines.on('line', (text: string, stream: string) => {
    if (stream === 'stdout' && text.startsWith('[')) line = text;
  });
  await child.exited;
  return JSON.parse(line) as ImportCost[];
}

async function main(): Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'scl-memory-bench-'));
  const controlplane = await startControlPlane({ runDir });
  const recipe = benchRecipe(runDir, controlplane.url, await instancePorts('sidecar', freePort), join(runDir, 'app.log'));
  const app = await startFakeApp(recipe, {}, join(runDir, 'app.out.log'));

  const samples = new Map<Variant, ProcessMemory[]>(VARIANTS.map((variant) => [variant, []]));
  // Variants interleaved, so a busy moment of the machine spreads over all of them.
  for (let run = 1; run <= repetitions; run++) {
    for (const variant of VARIANTS) samples.get(variant)!.push(await idleSidecar(variant, runDir, recipe, run));
  }
  console.log(`idle sidecar, ${settleSeconds} s after /ready, median of ${repetitions} (MB): RSS, Pss, private`);
  const sidecars = VARIANTS.map((variant) => {
    const runs = samples.get(variant)!;
    const row = {
      ...variant,
      rssBytes: median(runs.map((m) => m.rssBytes)),
      pssBytes: median(runs.map((m) => m.pssBytes)),
      privateBytes: median(runs.map((m) => m.privateBytes)),
    };
    console.log(
      `  ${`${variant.label}`.padEnd(30)} ${megabytes(row.rssBytes).padStart(6)} ${megabytes(row.pssBytes).padStart(6)} ${megabytes(row.privateBytes).padStart(6)}`,
    );
    return row;
  });

  const imports = await importCosts(runDir);
  console.log('\nmodules imported one after the other into bare node, after a full GC (MB): RSS, Pss, private, V8 heap used');
  for (const row of imports) {
    console.log(
      `  ${row.module.padEnd(30)} ${megabytes(row.rssBytes).padStart(6)} ${megabytes(row.pssBytes).padStart(6)} ${megabytes(row.privateBytes).padStart(6)} ${megabytes(row.heapUsedBytes).padStart(6)}`,
    );
  }
  console.log(`run folder ${runDir}`);
  if (flags.json !== undefined)
    writeFileSync(flags.json, `${JSON.stringify({ settleSeconds, repetitions, sidecars, imports }, null, 2)}\n`);
  await stop(app, { signal: 'SIGTERM', graceSeconds: 5 });
  await controlplane.stop();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopAll({ signal: 'SIGKILL' }));
