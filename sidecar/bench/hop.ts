// Benchmark of one sidecar hop: the same open-loop load to the app directly, through the sidecar and through HAProxy
// (the native floor, when installed), interleaved; then, with --saturate, each at saturation (closed loop).
// Usage: npm run build && node dist/sidecar/bench/hop.js [--rate 1000] [--duration 20] [--warmup 10] [--repetitions 3]
//        [--body-bytes 1024] [--connections 32] [--no-pin] [--cpu-prof <folder>] [--json <file>]
//        [--sidecar-node-flags=--max-semi-space-size=2] [--no-access-log] [--sidecar-main dist/sidecar/src/main.js]
//        [--max-pacing-p99 200] [--max-foreign-share 0.05] [--max-pairs 9] [--no-haproxy]
//        [--saturate <seconds>] [--saturate-connections 10]
// A pair (direct, sidecar) is set aside when the shared machine disturbed it: the generator's pacing p99 above
// --max-pacing-p99 µs, or other processes using more than --max-foreign-share of core 0 (the core under test).
// Pairs are run until --repetitions undisturbed ones are in, or --max-pairs were run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startControlPlane } from '../../scripts/orchestration/controlplane.js';
import { fromRoot, repoRoot } from '../../scripts/orchestration/paths.js';
import { freePort } from '../../scripts/orchestration/ports.js';
import { spawnProcess, stop, stopAll, type ManagedProcess } from '../../scripts/orchestration/processes.js';
import { waitForHttpOk } from '../../scripts/orchestration/ready.js';
import type { OpenLoopOptions, OpenLoopResult } from './open-loop.js';
import { coreBusySeconds, cpuSeconds, cpuTimes, threadSplit } from './machine.js';
import { memoryOf } from './proc-memory.js';
import { startHaproxy } from './haproxy.js';
import { runClosedLoop } from '../../scripts/load/closed-loop.js';

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
    'sidecar-main': { type: 'string', default: 'dist/sidecar/src/main.js' },
    'max-pacing-p99': { type: 'string', default: '200' },
    'max-foreign-share': { type: 'string', default: '0.05' },
    'max-pairs': { type: 'string' },
    'no-haproxy': { type: 'boolean', default: false },
    saturate: { type: 'string' },
    'saturate-connections': { type: 'string', default: '10' },
    json: { type: 'string' },
  },
});

const rate = Number(flags.rate);
const durationSeconds = Number(flags.duration);
const warmupSeconds = Number(flags.warmup);
const repetitions = Number(flags.repetitions);
const maxPairs = Number(flags['max-pairs'] ?? repetitions * 3);
const maxPacingP99Micros = Number(flags['max-pacing-p99']);
const maxForeignShare = Number(flags['max-foreign-share']);
const bodyBytes = Number(flags['body-bytes']);
// The generator spins a core: it gets core 1, the instance (app and sidecar) core 0.
const pin = !flags['no-pin'] && cpus().length >= 2;
const GENERATOR_FLAGS = ['--single-threaded', '--min-semi-space-size=32', '--max-semi-space-size=32'];

function pinned(core: number, command: string, args: string[]): { command: string; args: string[] } {
  return pin ? { command: 'taskset', args: ['-c', String(core), command, ...args] } : { command, args };
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

type Target = 'direct' | 'sidecar' | 'haproxy';

interface Run {
  target: Target;
  repetition: number;
  result: OpenLoopResult;
  sidecarCpuSeconds: number;
  /** Kernel time: on loopback the receiver's TCP work is often charged to the sender. */
  sidecarSystemCpuSeconds: number;
  sidecarMaxRssBytes: number;
  sidecarMaxPssBytes: number;
  sidecarMaxPrivateBytes: number;
  /** CPU of HAProxy in its own runs (0 in the others). */
  haproxyCpuSeconds: number;
  appCpuSeconds: number;
  /** Share of core 0 used by processes other than the app and the sidecar (0 when not pinned). */
  foreignCoreShare: number;
}

async function measure(target: Target, repetition: number, origin: string, runDir: string, sidecar: ManagedProcess, app: ManagedProcess, haproxy: ManagedProcess | undefined): Promise<Run> {
  const haproxyCpuBefore = haproxy === undefined ? 0 : cpuSeconds(haproxy.pid);
  const sidecarCpuBefore = cpuSeconds(sidecar.pid);
  const sidecarSystemBefore = cpuTimes(sidecar.pid).system;
  const appCpuBefore = cpuSeconds(app.pid);
  const coreBefore = coreBusySeconds(0);
  const startedAt = performance.now();
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
  const sidecarCpuSeconds = cpuSeconds(sidecar.pid) - sidecarCpuBefore;
  const appCpuSeconds = cpuSeconds(app.pid) - appCpuBefore;
  const haproxyCpuSeconds = haproxy === undefined ? 0 : cpuSeconds(haproxy.pid) - haproxyCpuBefore;
  const foreignSeconds = coreBusySeconds(0) - coreBefore - sidecarCpuSeconds - appCpuSeconds - haproxyCpuSeconds;
  return {
    target,
    repetition,
    result,
    sidecarCpuSeconds,
    sidecarSystemCpuSeconds: cpuTimes(sidecar.pid).system - sidecarSystemBefore,
    sidecarMaxRssBytes: maxRss,
    sidecarMaxPssBytes: maxPss,
    sidecarMaxPrivateBytes: maxPrivate,
    haproxyCpuSeconds,
    appCpuSeconds,
    foreignCoreShare: pin ? Math.max(0, foreignSeconds) / ((performance.now() - startedAt) / 1000) : 0,
  };
}

const undisturbed = (run: Run) => run.result.pacingMicros.p99 <= maxPacingP99Micros && run.foreignCoreShare <= maxForeignShare;
type Pair = { direct: Run; sidecar: Run; haproxy?: Run };
const isClean = (pair: Pair) => undisturbed(pair.direct) && undisturbed(pair.sidecar) && (pair.haproxy === undefined || undisturbed(pair.haproxy));

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
    resolve(repoRoot(), flags['sidecar-main']!),
    '--service', 'customers', '--instance-id', 'customers-1',
    '--public-port', String(publicPort), '--app-port', String(appPort), '--egress-port', String(egressPort),
    '--admin-port', String(adminPort), '--api-port', String(apiPort),
    '--controlplane', controlplane.url, '--data-dir', join(runDir, 'sidecar'),
    '--log-file', logFile, '--config-file', join(runDir, 'config.json'), '--app-lang', 'ts',
  ]);
  const sidecar = spawnProcess({ name: 'sidecar', ...sidecarLaunch, logFile: join(runDir, 'sidecar.out.log') });
  await waitForHttpOk(`http://127.0.0.1:${adminPort}/ready`, { timeoutSeconds: 30, processes: [sidecar] });
  const haproxy = flags['no-haproxy'] ? undefined : await startHaproxy({ runDir, appPort, launch: (command, args) => pinned(0, command, args) });
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idle = memoryOf(sidecar.pid);
  const origins: Record<Target, string> = {
    direct: `http://127.0.0.1:${appPort}`,
    sidecar: `http://127.0.0.1:${publicPort}`,
    haproxy: haproxy?.url ?? '',
  };
  const targets: Target[] = haproxy === undefined ? ['direct', 'sidecar'] : ['direct', 'sidecar', 'haproxy'];

  const pairs: Pair[] = [];
  for (let repetition = 1; repetition <= maxPairs && pairs.filter(isClean).length < repetitions; repetition++) {
    const pair: Partial<Record<Target, Run>> = {};
    for (const target of targets) {
      const run = await measure(target, repetition, origins[target], runDir, sidecar, app, haproxy?.process);
      pair[target] = run;
      const { latencyMicros: l, pacingMicros: p } = run.result;
      console.log(
        `${target.padEnd(7)} #${repetition}: p50 ${l.p50} µs, p90 ${l.p90}, p99 ${l.p99}, p99.9 ${l.p999}, max ${l.max}; ok ${run.result.ok}/${run.result.sent}, ` +
          `pacing p99 ${p.p99} µs; sidecar CPU ${run.sidecarCpuSeconds.toFixed(2)} s (system ${run.sidecarSystemCpuSeconds.toFixed(2)}), ` +
          `${haproxy === undefined ? '' : `haproxy CPU ${run.haproxyCpuSeconds.toFixed(2)} s, `}app CPU ${run.appCpuSeconds.toFixed(2)} s; ` +
          `others on core 0 ${(run.foreignCoreShare * 100).toFixed(1)}%${undisturbed(run) ? '' : ' (disturbed)'}`,
      );
    }
    pairs.push(pair as Pair);
  }
  const clean = pairs.filter(isClean);
  // With no undisturbed pair the figures are still printed, marked as such.
  const counted = clean.length > 0 ? clean : pairs;
  const runs = pairs.flatMap((pair) => Object.values(pair));
  const addedP50 = median(counted.map((pair) => pair.sidecar.result.latencyMicros.p50 - pair.direct.result.latencyMicros.p50));
  const addedP99 = median(counted.map((pair) => pair.sidecar.result.latencyMicros.p99 - pair.direct.result.latencyMicros.p99));
  const runSeconds = warmupSeconds + durationSeconds;
  // CPU of the sidecar while it carried the load (sidecar runs), per 1000 req/s.
  const coresPer1000 = median(counted.map((pair) => pair.sidecar.sidecarCpuSeconds / runSeconds / (rate / 1000)));
  const coresIdleDuringDirect = median(counted.map((pair) => pair.direct.sidecarCpuSeconds / runSeconds));
  // HAProxy beside it, same load, same core: the native floor.
  const haproxyPairs = counted.filter((pair) => pair.haproxy !== undefined) as Array<Required<Pair>>;
  const haproxyFigures =
    haproxyPairs.length === 0
      ? undefined
      : {
          addedLatencyMicros: {
            p50: median(haproxyPairs.map((pair) => pair.haproxy.result.latencyMicros.p50 - pair.direct.result.latencyMicros.p50)),
            p99: median(haproxyPairs.map((pair) => pair.haproxy.result.latencyMicros.p99 - pair.direct.result.latencyMicros.p99)),
          },
          coresPer1000RequestsPerSecond: Number(median(haproxyPairs.map((pair) => pair.haproxy.haproxyCpuSeconds / runSeconds / (rate / 1000))).toFixed(3)),
          rssBytesAfter: memoryOf(haproxy!.process.pid).rssBytes,
        };
  const loadedMax = (field: 'sidecarMaxRssBytes' | 'sidecarMaxPssBytes' | 'sidecarMaxPrivateBytes') => Math.max(...pairs.map((pair) => pair.sidecar[field]));
  const summary = {
    rate,
    bodyBytes,
    durationSeconds,
    warmupSeconds,
    repetitions,
    pairsRun: pairs.length,
    pairsUndisturbed: clean.length,
    pinned: pin,
    sidecarMain: flags['sidecar-main'],
    sidecarNodeFlags: nodeFlags,
    accessLog: !flags['no-access-log'],
    addedLatencyMicros: { p50: addedP50, p99: addedP99 },
    sidecarCoresPer1000RequestsPerSecond: Number(coresPer1000.toFixed(3)),
    sidecarCoresWhileIdle: Number(coresIdleDuringDirect.toFixed(3)),
    sidecarRssBytes: { idle: idle.rssBytes, loadedMax: loadedMax('sidecarMaxRssBytes') },
    sidecarPssBytes: { idle: idle.pssBytes, loadedMax: loadedMax('sidecarMaxPssBytes') },
    sidecarPrivateBytes: { idle: idle.privateBytes, loadedMax: loadedMax('sidecarMaxPrivateBytes') },
    haproxy: haproxyFigures,
    saturation: flags.saturate === undefined ? undefined : await saturate(targets, origins, app, sidecar, haproxy?.process),
    runs,
  };
  console.log(
    `\nadded by one hop (median of ${counted.length} ${clean.length > 0 ? 'undisturbed' : 'DISTURBED'} pairs of ${pairs.length}): p50 ${addedP50} µs, p99 ${addedP99} µs\n` +
      `sidecar CPU: ${summary.sidecarCoresPer1000RequestsPerSecond} cores per 1000 req/s (${summary.sidecarCoresWhileIdle} while idle)\n` +
      `sidecar RSS: idle ${(idle.rssBytes / 1e6).toFixed(1)} MB, loaded max ${(summary.sidecarRssBytes.loadedMax / 1e6).toFixed(1)} MB ` +
      `(Pss: idle ${(idle.pssBytes / 1e6).toFixed(1)} MB, loaded max ${(summary.sidecarPssBytes.loadedMax / 1e6).toFixed(1)} MB; ` +
      `private: idle ${(idle.privateBytes / 1e6).toFixed(1)} MB, loaded max ${(summary.sidecarPrivateBytes.loadedMax / 1e6).toFixed(1)} MB)\n` +
      `pinned: ${pin ? 'generator on core 1; app and proxies on core 0' : 'no'}; sidecar node flags: ${nodeFlags.join(' ') || 'none'}; run folder ${runDir}`,
  );
  if (haproxyFigures !== undefined) {
    const ratio = (summary.sidecarCoresPer1000RequestsPerSecond / haproxyFigures.coresPer1000RequestsPerSecond).toFixed(1);
    console.log(
      `haproxy: added p50 ${haproxyFigures.addedLatencyMicros.p50} µs, p99 ${haproxyFigures.addedLatencyMicros.p99} µs; ` +
        `${haproxyFigures.coresPer1000RequestsPerSecond} cores per 1000 req/s (sidecar/haproxy ${ratio}x); RSS ${(haproxyFigures.rssBytesAfter / 1e6).toFixed(1)} MB`,
    );
  }
  if (summary.saturation !== undefined) console.log(summary.saturation.text);
  if (flags.json !== undefined) writeFileSync(flags.json, `${JSON.stringify(summary, null, 2)}\n`);
  await stop(sidecar, { signal: 'SIGTERM', graceSeconds: 15 });
  await stop(app, { signal: 'SIGTERM', graceSeconds: 5 });
  if (haproxy !== undefined) await stop(haproxy.process, { signal: 'SIGTERM', graceSeconds: 5 });
  await controlplane.stop();
}

/**
 * Closed loop, --saturate seconds per target, --repetitions rounds in turn: answered requests per second and the
 * proxy's CPU per request (the app's too, since the proxy and the app share core 0).
 */
async function saturate(targets: Target[], origins: Record<Target, string>, app: ManagedProcess, sidecar: ManagedProcess, haproxy: ManagedProcess | undefined) {
  const seconds = Number(flags.saturate);
  // In the direct runs the sidecar only ships the app's access log: its CPU there is the log path's, per line.
  const proxyOf: Partial<Record<Target, ManagedProcess>> = { direct: sidecar, sidecar, haproxy };
  type Figures = { requestsPerSecond: number; proxyCpuMicrosPerRequest: number; sidecarMainThreadShare?: number; appCpuMicrosPerRequest: number };
  const rounds: Array<Partial<Record<Target, Figures>>> = [];
  for (let round = 1; round <= repetitions; round++) {
    const figures: (typeof rounds)[number] = {};
    for (const target of targets) {
      const proxy = proxyOf[target];
      const before = proxy === undefined ? 0 : cpuSeconds(proxy.pid);
      const threadsBefore = threadSplit(sidecar.pid);
      const appBefore = cpuSeconds(app.pid);
      const result = await runClosedLoop(
        { url: `${origins[target]}/customers`, method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(bodyBytes), connections: Number(flags['saturate-connections']), durationSeconds: seconds, timeoutSeconds: 2 },
        pin ? '1' : undefined,
      );
      const cpu = proxy === undefined ? 0 : cpuSeconds(proxy.pid) - before;
      const threads = threadSplit(sidecar.pid);
      const perRequest = (seconds: number) => Math.round((seconds / Math.max(1, result.requests)) * 1e6);
      figures[target] = {
        requestsPerSecond: Math.round(result.requestsPerSecond),
        proxyCpuMicrosPerRequest: perRequest(cpu),
        appCpuMicrosPerRequest: perRequest(cpuSeconds(app.pid) - appBefore),
        // The sidecar's main thread (ingress, metrics) against its other threads (the logs worker, GC helpers, libuv's pool).
        ...(target === 'sidecar' ? { sidecarMainThreadShare: Number(((threads.main - threadsBefore.main) / Math.max(1e-9, cpu)).toFixed(2)) } : {}),
      };
    }
    rounds.push(figures);
  }
  const medianOf = (target: Target, field: keyof Figures) => median(rounds.map((figures) => figures[target]![field] ?? 0));
  const lines = targets.map(
    (target) =>
      `  ${target.padEnd(7)} ${medianOf(target, 'requestsPerSecond')} req/s (rounds: ${rounds.map((figures) => figures[target]!.requestsPerSecond).join(', ')})` +
      `, ${target === 'direct' ? 'sidecar CPU (log shipping only)' : 'proxy CPU'} ${medianOf(target, 'proxyCpuMicrosPerRequest')} µs per request (rounds: ${rounds.map((figures) => figures[target]!.proxyCpuMicrosPerRequest).join(', ')})` +
      (target === 'sidecar' ? ` (main thread ${Math.round(medianOf(target, 'sidecarMainThreadShare') * 100)}%)` : '') +
      `, app CPU ${medianOf(target, 'appCpuMicrosPerRequest')} µs per request`,
  );
  const ratio = haproxy === undefined ? '' : `\n  sidecar/haproxy CPU per request: ${(medianOf('sidecar', 'proxyCpuMicrosPerRequest') / medianOf('haproxy', 'proxyCpuMicrosPerRequest')).toFixed(1)}x`;
  return { seconds, connections: Number(flags['saturate-connections']), rounds, text: `saturation (closed loop, ${flags['saturate-connections']} connections, ${seconds} s, median of ${repetitions}):\n${lines.join('\n')}${ratio}` };
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopAll({ signal: 'SIGKILL' }));
