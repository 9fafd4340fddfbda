// Benchmark of one sidecar hop: the same open-loop load to the app directly, through the sidecar and through HAProxy
// (the native floor of a hop, when installed), interleaved.
// Usage: npm run build && node dist/sidecar/bench/hop.js [--rate 1000] [--duration 20] [--warmup 10] [--repetitions 3]
//        [--body-bytes 1024] [--connections 32] [--no-pin] [--no-haproxy] [--cpu-prof <folder>] [--json <file>]
//        [--sidecar-node-flags=--max-semi-space-size=2] [--no-access-log] [--sidecar-main dist/sidecar/bundle/main.js]
//        [--max-pacing-p99 200] [--max-foreign-share 0.05] [--max-pairs 9] [--saturate 5]
// It ends with each figure against the lean sidecar's targets; --saturate <seconds> adds a closed loop through the
// sidecar and HAProxy for the target on CPU per request at saturation.
// A pair (direct, sidecar and HAProxy: a set) is set aside when the shared machine disturbed it: the generator's pacing p99 above
// --max-pacing-p99 µs, or other processes using more than --max-foreign-share of core 0 (the core under test).
// Pairs are run until --repetitions undisturbed ones are in, or --max-pairs were run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runOpenLoop } from '../../scripts/load/open-loop.js';
import { startControlPlane } from '../../scripts/orchestration/controlplane.js';
import { repoRoot } from '../../scripts/orchestration/paths.js';
import { freePort } from '../../scripts/orchestration/ports.js';
import { stop, stopAll, type ManagedProcess } from '../../scripts/orchestration/processes.js';
import { instancePorts, SIDECAR_ENTRY } from '../../scripts/orchestration/recipe.js';
import { pinnedCommand } from '../../scripts/env/pinning.js';
import { benchRecipe, startFakeApp, startSidecar } from './bench-instance.js';
import { startHaproxy } from './haproxy.js';
import { hopFigures, type OpenLoopResult } from './hop-figures.js';
import { measureSaturation, type Saturation } from './hop-saturation.js';
import { judgeHopTargets, printHopTargets } from './hop-targets.js';
import { coreBusySeconds, cpuSeconds, cpuTimes } from './machine.js';
import { memoryOf, type ProcessMemory } from './proc-memory.js';

const { values: flags } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '10' },
    repetitions: { type: 'string', default: '3' },
    'body-bytes': { type: 'string', default: '1024' },
    connections: { type: 'string', default: '32' },
    'no-pin': { type: 'boolean', default: false },
    'no-haproxy': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'sidecar-node-flags': { type: 'string', default: '' },
    // The app writes one access record per request, as the services do, and the sidecar ships it.
    'no-access-log': { type: 'boolean', default: false },
    'sidecar-main': { type: 'string', default: SIDECAR_ENTRY },
    'max-pacing-p99': { type: 'string', default: '200' },
    'max-foreign-share': { type: 'string', default: '0.05' },
    'max-pairs': { type: 'string' },
    saturate: { type: 'string' },
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
const [GENERATOR_CPUS, INSTANCE_CPUS] = pin ? ['1', '0'] : [undefined, undefined];
/** Far above any answer the hop sees; a request not answered by then counts as failed. */
const REQUEST_TIMEOUT_SECONDS = 10;

/** The engine's fixed-rate open-loop generator, in its own pinned process. */
async function generate(origin: string): Promise<OpenLoopResult> {
  const body = bodyBytes > 0 ? 'q'.repeat(bodyBytes) : undefined;
  const request = {
    origin,
    method: 'POST',
    path: '/customers',
    ...(body !== undefined ? { body, headers: { 'content-type': 'application/octet-stream' } } : {}),
  };
  const options = {
    ...request,
    ratePerSecond: rate,
    warmupSeconds,
    durationSeconds,
    connections: Number(flags.connections),
    timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
  };
  return hopFigures(await runOpenLoop(options, GENERATOR_CPUS));
}

/**
 * One target's window. The proxy* figures are those of the process that carries the hop: the sidecar in direct runs
 * (idle beside the app) and sidecar runs, HAProxy in haproxy runs.
 */
interface Run {
  target: 'direct' | 'sidecar' | 'haproxy';
  repetition: number;
  result: OpenLoopResult;
  proxyCpuSeconds: number;
  /** Kernel time: on loopback the receiver's TCP work is often charged to the sender. */
  proxySystemCpuSeconds: number;
  proxyMaxRssBytes: number;
  proxyMaxPssBytes: number;
  proxyMaxPrivateBytes: number;
  appCpuSeconds: number;
  /** Share of core 0 used by processes other than the app and the proxy (0 when not pinned). */
  foreignCoreShare: number;
}

async function measure(
  target: Run['target'],
  repetition: number,
  origin: string,
  proxy: ManagedProcess,
  app: ManagedProcess,
): Promise<Run> {
  const proxyCpuBefore = cpuSeconds(proxy.pid);
  const proxySystemBefore = cpuTimes(proxy.pid).system;
  const appCpuBefore = cpuSeconds(app.pid);
  const coreBefore = coreBusySeconds(0);
  const startedAt = performance.now();
  let maxRss = 0;
  let maxPss = 0;
  let maxPrivate = 0;
  const sampler = setInterval(() => {
    const { rssBytes, pssBytes, privateBytes } = memoryOf(proxy.pid);
    maxRss = Math.max(maxRss, rssBytes);
    maxPss = Math.max(maxPss, pssBytes);
    maxPrivate = Math.max(maxPrivate, privateBytes);
  }, 250);
  const result = await generate(origin);
  clearInterval(sampler);
  const proxyCpuSeconds = cpuSeconds(proxy.pid) - proxyCpuBefore;
  const appCpuSeconds = cpuSeconds(app.pid) - appCpuBefore;
  const foreignSeconds = coreBusySeconds(0) - coreBefore - proxyCpuSeconds - appCpuSeconds;
  return {
    target,
    repetition,
    result,
    proxyCpuSeconds,
    proxySystemCpuSeconds: cpuTimes(proxy.pid).system - proxySystemBefore,
    proxyMaxRssBytes: maxRss,
    proxyMaxPssBytes: maxPss,
    proxyMaxPrivateBytes: maxPrivate,
    appCpuSeconds,
    foreignCoreShare: pin ? Math.max(0, foreignSeconds) / ((performance.now() - startedAt) / 1000) : 0,
  };
}

const undisturbed = (run: Run) => run.result.pacingMicros.p99 <= maxPacingP99Micros && run.foreignCoreShare <= maxForeignShare;
const isClean = (pair: Pair) =>
  undisturbed(pair.direct) && undisturbed(pair.sidecar) && (pair.haproxy === undefined || undisturbed(pair.haproxy));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

type Pair = { direct: Run; sidecar: Run; haproxy?: Run };

/** The control plane, then the stand-in app, the sidecar and HAProxy (unless left out or missing) on core 0. */
async function startBench() {
  const runDir = mkdtempSync(join(tmpdir(), 'scl-hop-bench-'));
  const controlplane = await startControlPlane({ runDir });
  const recipe = benchRecipe(runDir, controlplane.url, await instancePorts('sidecar', freePort), join(runDir, 'app.log'));
  const app = await startFakeApp(
    recipe,
    { BODY_BYTES: String(bodyBytes), ACCESS_LOG: flags['no-access-log'] ? '0' : '1' },
    join(runDir, 'app.out.log'),
    INSTANCE_CPUS,
  );
  const profiling = flags['cpu-prof'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', flags['cpu-prof']];
  const nodeFlags = flags['sidecar-node-flags']!.split(' ').filter(Boolean);
  const build = { root: repoRoot(), entry: resolve(repoRoot(), flags['sidecar-main']!), nodeFlags: [...nodeFlags, ...profiling] };
  const sidecar = await startSidecar('sidecar', recipe, build, join(runDir, 'sidecar.out.log'), INSTANCE_CPUS);
  const launch = (command: string, args: string[]) => {
    const [pinned, pinnedArgs] = pinnedCommand(command, args, INSTANCE_CPUS);
    return { command: pinned, args: pinnedArgs };
  };
  const haproxy = flags['no-haproxy'] ? undefined : await startHaproxy({ runDir, appPort: recipe.sidecarPorts!.app, launch });
  return {
    runDir,
    controlplane,
    app,
    sidecar,
    haproxy,
    nodeFlags,
    directOrigin: `http://127.0.0.1:${recipe.sidecarPorts!.app}`,
    sidecarOrigin: `http://127.0.0.1:${recipe.publicPort}`,
  };
}

type Bench = Awaited<ReturnType<typeof startBench>>;

/** Interleaved sets (direct, through the sidecar, through HAProxy) until enough undisturbed ones are in. */
async function runPairs(bench: Bench): Promise<Pair[]> {
  const pairs: Pair[] = [];
  const targets: Run['target'][] = bench.haproxy !== undefined ? ['direct', 'sidecar', 'haproxy'] : ['direct', 'sidecar'];
  for (let repetition = 1; repetition <= maxPairs && pairs.filter(isClean).length < repetitions; repetition++) {
    const pair: Partial<Pair> = {};
    for (const target of targets) {
      const origin = target === 'direct' ? bench.directOrigin : target === 'sidecar' ? bench.sidecarOrigin : bench.haproxy!.url;
      const run = await measure(target, repetition, origin, target === 'haproxy' ? bench.haproxy!.process : bench.sidecar, bench.app);
      pair[target] = run;
      const { latencyMicros: l, pacingMicros: p } = run.result;
      console.log(
        `${target.padEnd(7)} #${repetition}: p50 ${l.p50} µs, p90 ${l.p90}, p99 ${l.p99}, p99.9 ${l.p999}, max ${l.max}; ok ${run.result.ok}/${run.result.sent}, ` +
          `pacing p99 ${p.p99} µs; ${target === 'haproxy' ? 'haproxy' : 'sidecar'} CPU ${run.proxyCpuSeconds.toFixed(2)} s (system ${run.proxySystemCpuSeconds.toFixed(2)}), app CPU ${run.appCpuSeconds.toFixed(2)} s; ` +
          `others on core 0 ${(run.foreignCoreShare * 100).toFixed(1)}%${undisturbed(run) ? '' : ' (disturbed)'}`,
      );
    }
    pairs.push(pair as Pair);
  }
  return pairs;
}

function summarize(pairs: Pair[], idle: ProcessMemory, nodeFlags: string[], saturation: Saturation | null) {
  const clean = pairs.filter(isClean);
  // With no undisturbed pair the figures are still printed, marked as such.
  const counted = clean.length > 0 ? clean : pairs;
  const runSeconds = warmupSeconds + durationSeconds;
  const added = (field: 'p50' | 'p99', target: 'sidecar' | 'haproxy' = 'sidecar') =>
    median(counted.map((pair) => pair[target]!.result.latencyMicros[field] - pair.direct.result.latencyMicros[field]));
  const loadedMax = (field: 'proxyMaxRssBytes' | 'proxyMaxPssBytes' | 'proxyMaxPrivateBytes', target: 'sidecar' | 'haproxy' = 'sidecar') =>
    Math.max(...pairs.flatMap((pair) => (pair[target] === undefined ? [] : [pair[target][field]])));
  const coresPer1000 = (target: 'sidecar' | 'haproxy') =>
    Number(median(counted.map((pair) => pair[target]!.proxyCpuSeconds / runSeconds / (rate / 1000))).toFixed(3));
  const withHaproxy = counted.every((pair) => pair.haproxy !== undefined);
  const haproxy = !withHaproxy
    ? null
    : {
        addedLatencyMicros: { p50: added('p50', 'haproxy'), p99: added('p99', 'haproxy') },
        coresPer1000RequestsPerSecond: coresPer1000('haproxy'),
        rssBytes: { loadedMax: loadedMax('proxyMaxRssBytes', 'haproxy') },
        pssBytes: { loadedMax: loadedMax('proxyMaxPssBytes', 'haproxy') },
        privateBytes: { loadedMax: loadedMax('proxyMaxPrivateBytes', 'haproxy') },
      };
  const sidecarAdded = { p50: added('p50'), p99: added('p99') };
  const sidecarCores = coresPer1000('sidecar');
  const ratio = (sidecar: number, floor: number) => (floor > 0 ? Number((sidecar / floor).toFixed(2)) : null);
  return {
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
    addedLatencyMicros: sidecarAdded,
    // CPU of the sidecar while it carried the load (sidecar runs), per 1000 req/s.
    sidecarCoresPer1000RequestsPerSecond: sidecarCores,
    sidecarCoresWhileIdle: Number(median(counted.map((pair) => pair.direct.proxyCpuSeconds / runSeconds)).toFixed(3)),
    sidecarRssBytes: { idle: idle.rssBytes, loadedMax: loadedMax('proxyMaxRssBytes') },
    sidecarPssBytes: { idle: idle.pssBytes, loadedMax: loadedMax('proxyMaxPssBytes') },
    sidecarPrivateBytes: { idle: idle.privateBytes, loadedMax: loadedMax('proxyMaxPrivateBytes') },
    // The native floor (HAProxy, same app, same core), and each sidecar figure over it; null without HAProxy.
    haproxy,
    overNativeFloor:
      haproxy === null
        ? null
        : {
            addedLatencyP50: ratio(sidecarAdded.p50, haproxy.addedLatencyMicros.p50),
            addedLatencyP99: ratio(sidecarAdded.p99, haproxy.addedLatencyMicros.p99),
            cpuPerRequest: ratio(sidecarCores, haproxy.coresPer1000RequestsPerSecond),
            loadedMaxRss: ratio(loadedMax('proxyMaxRssBytes'), haproxy.rssBytes.loadedMax),
          },
    saturation,
    targets: judgeHopTargets({
      rate,
      idleRssBytes: idle.rssBytes,
      loadedRssBytes: loadedMax('proxyMaxRssBytes'),
      idlePrivateBytes: idle.privateBytes,
      loadedPrivateBytes: loadedMax('proxyMaxPrivateBytes'),
      coresPer1000: sidecarCores,
      addedP99Micros: sidecarAdded.p99,
      saturationCpuOverNative: saturation?.cpuOverNative ?? null,
    }),
    runs: pairs.flatMap((pair) => [pair.direct, pair.sidecar]),
  };
}

function printSummary(summary: ReturnType<typeof summarize>, runDir: string): void {
  const counted = summary.pairsUndisturbed > 0 ? summary.pairsUndisturbed : summary.pairsRun;
  const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const { sidecarRssBytes: rss, sidecarPssBytes: pss, sidecarPrivateBytes: own } = summary;
  console.log(
    `\nadded by one hop (median of ${counted} ${summary.pairsUndisturbed > 0 ? 'undisturbed' : 'DISTURBED'} pairs of ${summary.pairsRun}): p50 ${summary.addedLatencyMicros.p50} µs, p99 ${summary.addedLatencyMicros.p99} µs\n` +
      `sidecar CPU: ${summary.sidecarCoresPer1000RequestsPerSecond} cores per 1000 req/s (${summary.sidecarCoresWhileIdle} while idle)\n` +
      `sidecar RSS: idle ${megabytes(rss.idle)}, loaded max ${megabytes(rss.loadedMax)} ` +
      `(Pss: idle ${megabytes(pss.idle)}, loaded max ${megabytes(pss.loadedMax)}; private: idle ${megabytes(own.idle)}, loaded max ${megabytes(own.loadedMax)})\n` +
      `pinned: ${pin ? 'generator on core 1; app, sidecar and HAProxy on core 0' : 'no'}; sidecar node flags: ${summary.sidecarNodeFlags.join(' ') || 'none'}; run folder ${runDir}`,
  );
  const { haproxy, overNativeFloor: over } = summary;
  if (haproxy === null || over === null) {
    console.log('native floor: not measured (--no-haproxy, or haproxy not installed)');
  } else {
    const times = (value: number | null) => (value === null ? 'no ratio (floor not above zero)' : `${value}x the floor`);
    console.log(
      `native floor (HAProxy): adds p50 ${haproxy.addedLatencyMicros.p50} µs, p99 ${haproxy.addedLatencyMicros.p99} µs; ` +
        `${haproxy.coresPer1000RequestsPerSecond} cores per 1000 req/s; RSS loaded max ${megabytes(haproxy.rssBytes.loadedMax)} (private ${megabytes(haproxy.privateBytes.loadedMax)})\n` +
        `the sidecar over the floor: added p50 ${times(over.addedLatencyP50)}, added p99 ${times(over.addedLatencyP99)}, CPU ${times(over.cpuPerRequest)}, RSS ${times(over.loadedMaxRss)}`,
    );
  }
  printHopTargets(summary.targets);
}

async function main(): Promise<void> {
  const bench = await startBench();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idle = memoryOf(bench.sidecar.pid);
  const pairs = await runPairs(bench);
  const saturation =
    flags.saturate === undefined
      ? null
      : await measureSaturation(
          {
            sidecar: { origin: bench.sidecarOrigin, process: bench.sidecar },
            ...(bench.haproxy !== undefined ? { haproxy: { origin: bench.haproxy.url, process: bench.haproxy.process } } : {}),
          },
          Number(flags.saturate),
          bodyBytes,
          GENERATOR_CPUS,
        );
  const summary = summarize(pairs, idle, bench.nodeFlags, saturation);
  printSummary(summary, bench.runDir);
  if (flags.json !== undefined) writeFileSync(flags.json, `${JSON.stringify(summary, null, 2)}\n`);
  if (bench.haproxy !== undefined) await stop(bench.haproxy.process, { signal: 'SIGTERM', graceSeconds: 5 });
  await stop(bench.sidecar, { signal: 'SIGTERM', graceSeconds: 15 });
  await stop(bench.app, { signal: 'SIGTERM', graceSeconds: 5 });
  await bench.controlplane.stop();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopAll({ signal: 'SIGKILL' }));
