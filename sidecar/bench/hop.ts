// Benchmark of one sidecar hop: the same open-loop load to the app directly and through the sidecar, interleaved.
// Usage: npm run build && node dist/sidecar/bench/hop.js [--rate 1000] [--duration 20] [--warmup 10] [--repetitions 3]
//        [--body-bytes 1024] [--connections 32] [--no-pin] [--cpu-prof <folder>] [--json <file>]
//        [--sidecar-node-flags=--max-semi-space-size=2] [--no-access-log]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startControlPlane } from '../../scripts/orchestration/controlplane.js';
import { fromRoot } from '../../scripts/orchestration/paths.js';
import { freePort } from '../../scripts/orchestration/ports.js';
import { spawnProcess, stop, stopAll, type ManagedProcess } from '../../scripts/orchestration/processes.js';
import { waitForHttpOk } from '../../scripts/orchestration/ready.js';
import type { OpenLoopOptions, OpenLoopResult } from './open-loop.js';
import { memoryOf } from './proc-memory.js';

const { values: flags } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '10' },
    repetitions: { type: 'string', default: '3' },
    'body-bytes': { type: 'string', default: '1024' },
    connections: { type: 'string', default: '32' },
    'no-pin': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'sidecar-node-flags': { type: 'string', default: '' },
    // The app writes one access record per request, as the services do, and the sidecar ships it.
    'no-access-log': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const rate = Number(flags.rate);
const durationSeconds = Number(flags.duration);
const warmupSeconds = Number(flags.warmup);
const repetitions = Number(flags.repetitions);
const bodyBytes = Number(flags['body-bytes']);
// The generator spins a core: it gets core 1, the instance (app and sidecar) core 0.
const pin = !flags['no-pin'] && cpus().length >= 2;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const GENERATOR_FLAGS = ['--single-threaded', '--min-semi-space-size=32', '--max-semi-space-size=32'];

function pinned(core: number, command: string, args: string[]): { command: string; args: string[] } {
  return pin ? { command: 'taskset', args: ['-c', String(core), command, ...args] } : { command, args };
}

function cpuTimes(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / CLOCK_TICKS, system: Number(fields[12]) / CLOCK_TICKS };
}

function cpuSeconds(pid: number): number {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

async function generate(origin: string, runDir: string, name: string): Promise<OpenLoopResult> {
  const options: OpenLoopOptions = {
    origin,
    method: 'POST',
    path: '/customers',
    bodyBytes,
    ratePerSecond: rate,
    warmupSeconds,
    durationSeconds,
    connections: Number(flags.connections),
  };
  const launch = pinned(1, process.execPath, [...GENERATOR_FLAGS, fromRoot('dist/sidecar/bench/open-loop.js'), JSON.stringify(options)]);
  const child = spawnProcess({ name, ...launch, logFile: join(runDir, `${name}.log`) });
  let line = '';
  child.lines.on('line', (text: string, stream: string) => {
    if (stream === 'stdout' && text.startsWith('{')) line = text;
  });
  await child.exited;
  if (line === '') throw new Error(`${name} printed no result:\n${child.tail()}`);
  return JSON.parse(line) as OpenLoopResult;
}

interface Run {
  target: 'direct' | 'sidecar';
  repetition: number;
  result: OpenLoopResult;
  sidecarCpuSeconds: number;
  /** Kernel time: on loopback the receiver's TCP work is often charged to the sender. */
  sidecarSystemCpuSeconds: number;
  sidecarMaxRssBytes: number;
  sidecarMaxPssBytes: number;
  sidecarMaxPrivateBytes: number;
  appCpuSeconds: number;
}

async function measure(target: Run['target'], repetition: number, origin: string, runDir: string, sidecar: ManagedProcess, app: ManagedProcess): Promise<Run> {
  const sidecarCpuBefore = cpuSeconds(sidecar.pid);
  const sidecarSystemBefore = cpuTimes(sidecar.pid).system;
  const appCpuBefore = cpuSeconds(app.pid);
  let maxRss = 0;
  let maxPss = 0;
  let maxPrivate = 0;
  const sampler = setInterval(() => {
    const { rssBytes, pssBytes, privateBytes } = memoryOf(sidecar.pid);
    maxRss = Math.max(maxRss, rssBytes);
    maxPss = Math.max(maxPss, pssBytes);
    maxPrivate = Math.max(maxPrivate, privateBytes);
  }, 250);
  const result = await generate(origin, runDir, `generator-${target}-${repetition}`);
  clearInterval(sampler);
  return {
    target,
    repetition,
    result,
    sidecarCpuSeconds: cpuSeconds(sidecar.pid) - sidecarCpuBefore,
    sidecarSystemCpuSeconds: cpuTimes(sidecar.pid).system - sidecarSystemBefore,
    sidecarMaxRssBytes: maxRss,
    sidecarMaxPssBytes: maxPss,
    sidecarMaxPrivateBytes: maxPrivate,
    appCpuSeconds: cpuSeconds(app.pid) - appCpuBefore,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'scl-hop-bench-'));
  const controlplane = await startControlPlane({ runDir });
  const appPort = await freePort();
  const logFile = join(runDir, 'app.log');
  const appLaunch = pinned(0, process.execPath, [fromRoot('sidecar/test/fixtures/fake-app.mjs')]);
  const app = spawnProcess({
    name: 'app',
    ...appLaunch,
    env: { PORT: String(appPort), BODY_BYTES: String(bodyBytes), LOG_FILE: logFile, ACCESS_LOG: flags['no-access-log'] ? '0' : '1' },
    logFile: join(runDir, 'app.out.log'),
  });
  await waitForHttpOk(`http://127.0.0.1:${appPort}/health`, { timeoutSeconds: 20, processes: [app] });
  const [publicPort, adminPort, egressPort, apiPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const profiling = flags['cpu-prof'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', flags['cpu-prof']];
  const nodeFlags = flags['sidecar-node-flags']!.split(' ').filter(Boolean);
  const sidecarLaunch = pinned(0, process.execPath, [
    ...nodeFlags,
    ...profiling,
    fromRoot('dist/sidecar/src/main.js'),
    '--service', 'customers', '--instance-id', 'customers-1',
    '--public-port', String(publicPort), '--app-port', String(appPort), '--egress-port', String(egressPort),
    '--admin-port', String(adminPort), '--api-port', String(apiPort),
    '--controlplane', controlplane.url, '--data-dir', join(runDir, 'sidecar'),
    '--log-file', logFile, '--config-file', join(runDir, 'config.json'), '--app-lang', 'ts',
  ]);
  const sidecar = spawnProcess({ name: 'sidecar', ...sidecarLaunch, logFile: join(runDir, 'sidecar.out.log') });
  await waitForHttpOk(`http://127.0.0.1:${adminPort}/ready`, { timeoutSeconds: 30, processes: [sidecar] });
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idle = memoryOf(sidecar.pid);

  const runs: Run[] = [];
  for (let repetition = 1; repetition <= repetitions; repetition++) {
    for (const target of ['direct', 'sidecar'] as const) {
      const origin = `http://127.0.0.1:${target === 'direct' ? appPort : publicPort}`;
      const run = await measure(target, repetition, origin, runDir, sidecar, app);
      runs.push(run);
      const { latencyMicros: l, pacingMicros: p } = run.result;
      console.log(
        `${target.padEnd(7)} #${repetition}: p50 ${l.p50} µs, p90 ${l.p90}, p99 ${l.p99}, p99.9 ${l.p999}, max ${l.max}; ok ${run.result.ok}/${run.result.sent}, ` +
          `pacing p99 ${p.p99} µs; sidecar CPU ${run.sidecarCpuSeconds.toFixed(2)} s (system ${run.sidecarSystemCpuSeconds.toFixed(2)}), app CPU ${run.appCpuSeconds.toFixed(2)} s`,
      );
    }
  }

  const of = (target: Run['target']) => runs.filter((run) => run.target === target);
  const addedP50 = median(of('sidecar').map((run, i) => run.result.latencyMicros.p50 - of('direct')[i]!.result.latencyMicros.p50));
  const addedP99 = median(of('sidecar').map((run, i) => run.result.latencyMicros.p99 - of('direct')[i]!.result.latencyMicros.p99));
  const runSeconds = warmupSeconds + durationSeconds;
  // CPU of the sidecar while it carried the load (sidecar runs), per 1000 req/s.
  const coresPer1000 = median(of('sidecar').map((run) => run.sidecarCpuSeconds / runSeconds / (rate / 1000)));
  const coresIdleDuringDirect = median(of('direct').map((run) => run.sidecarCpuSeconds / runSeconds));
  const summary = {
    rate,
    bodyBytes,
    durationSeconds,
    warmupSeconds,
    repetitions,
    pinned: pin,
    sidecarNodeFlags: nodeFlags,
    accessLog: !flags['no-access-log'],
    addedLatencyMicros: { p50: addedP50, p99: addedP99 },
    sidecarCoresPer1000RequestsPerSecond: Number(coresPer1000.toFixed(3)),
    sidecarCoresWhileIdle: Number(coresIdleDuringDirect.toFixed(3)),
    sidecarRssBytes: { idle: idle.rssBytes, loadedMax: Math.max(...of('sidecar').map((run) => run.sidecarMaxRssBytes)) },
    sidecarPssBytes: { idle: idle.pssBytes, loadedMax: Math.max(...of('sidecar').map((run) => run.sidecarMaxPssBytes)) },
    sidecarPrivateBytes: { idle: idle.privateBytes, loadedMax: Math.max(...of('sidecar').map((run) => run.sidecarMaxPrivateBytes)) },
    runs,
  };
  console.log(
    `\nadded by one hop (median of ${repetitions}): p50 ${addedP50} µs, p99 ${addedP99} µs\n` +
      `sidecar CPU: ${summary.sidecarCoresPer1000RequestsPerSecond} cores per 1000 req/s (${summary.sidecarCoresWhileIdle} while idle)\n` +
      `sidecar RSS: idle ${(idle.rssBytes / 1e6).toFixed(1)} MB, loaded max ${(summary.sidecarRssBytes.loadedMax / 1e6).toFixed(1)} MB ` +
      `(Pss: idle ${(idle.pssBytes / 1e6).toFixed(1)} MB, loaded max ${(summary.sidecarPssBytes.loadedMax / 1e6).toFixed(1)} MB; ` +
      `private: idle ${(idle.privateBytes / 1e6).toFixed(1)} MB, loaded max ${(summary.sidecarPrivateBytes.loadedMax / 1e6).toFixed(1)} MB)\n` +
      `pinned: ${pin ? 'generator on core 1; app and sidecar on core 0' : 'no'}; sidecar node flags: ${nodeFlags.join(' ') || 'none'}; run folder ${runDir}`,
  );
  if (flags.json !== undefined) writeFileSync(flags.json, `${JSON.stringify(summary, null, 2)}\n`);
  await stop(sidecar, { signal: 'SIGTERM', graceSeconds: 15 });
  await stop(app, { signal: 'SIGTERM', graceSeconds: 5 });
  await controlplane.stop();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopAll({ signal: 'SIGKILL' }));
