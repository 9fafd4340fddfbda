// The claims table: each claim of the seed and each cost of the sidecar, the figures that speak to it, a computed verdict.
import type { IpcData } from '../../scenarios/ipc/run.js';
import type { LatencyData } from '../../scenarios/latency/types.js';
import type { RunResults, ScenarioId } from '../results/types.js';
import { analyzeIpc } from '../../scenarios/ipc/analysis.js';
import { analyzeFixedRates } from '../../scenarios/latency/analysis.js';
import { formatBytes, formatMicros, formatNumber } from './html.js';
import type { ResourcesData } from '../../scenarios/resources/run.js';
import type { ScaleData } from '../../scenarios/scale/run.js';
import type { PropagationData } from '../../scenarios/propagation/run.js';
import { analyzeResources, analyzeScale, procDisagreement } from '../../scenarios/resources/analysis.js';
import { estimateMedian } from '../stats/summary.js';
import { scenarioData } from '../results/scenario-data.js';
import { claimC1, claimC2, claimC6, costK4 } from '../../scenarios/consistency/claims.js';
import { appKillLoss, claimA1, claimC3, costK3FromLifecycle } from '../../scenarios/shared/fault-claims.js';
import type { UpgradeData } from '../../scenarios/upgrade/types.js';
import { summarizePath } from '../../scenarios/upgrade/summary.js';

export type Verdict = 'supported' | 'not supported' | 'depends' | 'not measured';

export interface ClaimRow {
  id: string;
  side: 'claim' | 'cost';
  statement: string;
  /** The figures, in words, that the verdict was computed from. */
  evidence: string;
  verdict: Verdict;
  /** The rule, with its thresholds, in words. */
  rule: string;
}

// === thresholds: every verdict is computed from these, never typed in ===

/** A local call is "fast" when its median per-call cost stays under this. */
export const LOCAL_CALL_FAST_MICROS = 1000;
/** The sidecar's /proc reading of its app agrees with the harness's when within this fraction. */
export const PROC_AGREEMENT_RATIO = 0.1;
/** features.md: a config change is in use within 1 s. */
export const PROPAGATION_PROMISE_MILLIS = 1000;
/** Memory per added instance beyond the baseline's that counts as a real per-instance cost. */
export const PER_INSTANCE_MEMORY_NOTICEABLE_BYTES = 10 * 1024 * 1024;
/** Startup added over mode none that counts as lifecycle coupling one can feel. */
export const STARTUP_COUPLING_SECONDS = 0.1;

function notMeasured(id: string, side: ClaimRow['side'], statement: string, why: string, rule: string): ClaimRow {
  return { id, side, statement, evidence: why, verdict: 'not measured', rule };
}

function claimC4(results: RunResults): ClaimRow {
  const statement = 'same host means fast, reliable communication';
  const rule = `supported when HTTP over loopback and over a Unix socket each cost under ${formatMicros(LOCAL_CALL_FAST_MICROS)} per call (median) and no sidecar latency step saw an error or timeout; not supported when a local call costs more; depends when fast but not reliable`;
  const ipc = scenarioData<IpcData>(results, 'ipc');
  if (ipc === null) return notMeasured('C4', 'claim', statement, 'the ipc scenario did not run', rule);
  const figures = analyzeIpc(ipc);
  const local = figures.filter((figure) => figure.transport === 'http-tcp' || figure.transport === 'http-uds');
  const inProcess = figures.find((figure) => figure.transport === 'in-process')?.p50Nanos?.median;
  const fast = local.every((figure) => figure.p50Nanos !== null && figure.p50Nanos.median / 1000 < LOCAL_CALL_FAST_MICROS);
  const latency = scenarioData<LatencyData>(results, 'latency');
  const sidecarSteps = latency?.steps.filter((step) => step.mode === 'sidecar') ?? [];
  const failures = sidecarSteps.reduce((sum, step) => sum + step.load.errors + step.load.timeouts, 0);
  const reliabilityText = sidecarSteps.length === 0 ? 'reliability not measured (no sidecar latency steps)' : `${failures} errors or timeouts over ${sidecarSteps.length} sidecar load steps`;
  const evidence = `${local.map((figure) => `${figure.transport} p50 ${formatMicros((figure.p50Nanos?.median ?? Number.NaN) / 1000)}`).join(', ')}${inProcess !== undefined ? ` vs in-process ${inProcess.toFixed(0)} ns` : ''}; ${reliabilityText}`;
  const verdict: Verdict = !fast ? 'not supported' : failures > 0 ? 'depends' : 'supported';
  return { id: 'C4', side: 'claim', statement, evidence, verdict, rule };
}

function costK1(results: RunResults): ClaimRow {
  const statement = 'an extra hop on every request';
  const rule = 'supported when the sidecar adds latency at p50 outside the noise (95% interval above zero) at every compared rate; not supported when within noise at every rate; depends otherwise';
  const latency = scenarioData<LatencyData>(results, 'latency');
  const sidecar = latency === null ? [] : analyzeFixedRates(latency).filter((figure) => figure.mode === 'sidecar');
  const library = latency === null ? [] : analyzeFixedRates(latency).filter((figure) => figure.mode === 'library');
  const p50Added = sidecar.map((figure) => ({ figure, added: figure.percentiles.find((p) => p.percentile === 50)?.added ?? null })).filter((x) => x.added !== null);
  if (p50Added.length === 0) return notMeasured('K1', 'cost', statement, latency === null ? 'the latency scenario did not run' : 'no valid sidecar step to compare with mode none (sidecar cells skipped or invalid)', rule);
  const above = p50Added.filter((x) => !x.added!.withinNoise && x.added!.median > 0).length;
  const noise = p50Added.filter((x) => x.added!.withinNoise).length;
  const libraryText = library.map((figure) => `${figure.lang} library ${formatMicros(figure.percentiles.find((p) => p.percentile === 50)?.added?.median)} at ${figure.ratePerSecond} req/s`).join(', ');
  const evidence = `${p50Added.map((x) => `${x.figure.lang} sidecar ${formatMicros(x.added!.median)} added at p50, ${x.figure.ratePerSecond} req/s${x.added!.withinNoise ? ' (within noise)' : ''}`).join('; ')}${libraryText ? `; ${libraryText}` : ''}`;
  const verdict: Verdict = above === p50Added.length ? 'supported' : noise === p50Added.length ? 'not supported' : 'depends';
  return { id: 'K1', side: 'cost', statement, evidence, verdict, rule };
}

function claimC5(results: RunResults): ClaimRow {
  const statement = 'shared file system, CPU and memory serve the sidecar';
  const rule = `supported when the sidecar's /proc reading of its app is within ${PROC_AGREEMENT_RATIO * 100}% of the harness's (RSS and CPU), config reaches the app through the shared file within ${PROPAGATION_PROMISE_MILLIS} ms (p50, none missed) and an app killed -9 in sidecar mode lost no log record (its file outlives it), each where measured; depends when some hold; not supported when none does`;
  const resources = scenarioData<ResourcesData>(results, 'resources');
  const propagation = scenarioData<PropagationData>(results, 'propagation');
  const agreement = resources === null ? null : procDisagreement(resources);
  const sidecarRuns = propagation?.runs.filter((run) => run.mode === 'sidecar') ?? [];
  const samples = sidecarRuns.flatMap((run) => run.samples);
  const propagationMedian = estimateMedian(samples.flatMap((sample) => (sample.millis === null ? [] : [sample.millis])));
  const killLoss = appKillLoss(results);
  if (agreement === null && samples.length === 0 && killLoss === null) return notMeasured('C5', 'claim', statement, 'no sidecar figures in this run (sidecar cells skipped or the resources and propagation scenarios not run)', rule);
  const checks: boolean[] = [];
  const parts: string[] = [];
  if (killLoss !== null) {
    // The app's log file outlives the app: a killed app in sidecar mode should lose no record.
    checks.push(killLoss.sidecarLost === 0);
    parts.push(`an app killed -9 lost ${killLoss.sidecarLost} log records in sidecar mode${killLoss.libraryLost === null ? '' : ` (library mode: at least ${killLoss.libraryLost})`}`);
  }
  if (agreement !== null) {
    checks.push(agreement.rss <= PROC_AGREEMENT_RATIO && agreement.cpu <= PROC_AGREEMENT_RATIO);
    parts.push(`/proc reading off by ${formatNumber(agreement.rss * 100, 1, '%')} (RSS), ${formatNumber(agreement.cpu * 100, 1, '%')} (CPU)`);
  }
  if (samples.length > 0) {
    const missed = samples.filter((sample) => sample.millis === null).length;
    checks.push(propagationMedian !== null && propagationMedian.median <= PROPAGATION_PROMISE_MILLIS && missed === 0);
    parts.push(`config through the file in ${formatNumber(propagationMedian?.median, 1, 'ms')} (p50), ${missed} of ${samples.length} missed`);
  }
  const passed = checks.filter(Boolean).length;
  const verdict: Verdict = checks.length >= 2 ? (passed === checks.length ? 'supported' : passed > 0 ? 'depends' : 'not supported') : passed === 1 ? 'depends' : 'not supported';
  return { id: 'C5', side: 'claim', statement, evidence: `${parts.join('; ')}${checks.length < 2 ? ' (only one of the figures measured)' : ''}`, verdict, rule };
}

function costK2(results: RunResults): ClaimRow {
  const statement = 'a process per instance: memory and CPU that grow with instances';
  const rule = `supported when, in every language, each added sidecar instance costs at least ${formatBytes(PER_INSTANCE_MEMORY_NOTICEABLE_BYTES)} more memory than an added instance of the library (or of mode none when there is no library); not supported when in none; depends otherwise`;
  const scale = scenarioData<ScaleData>(results, 'scale');
  const lines = scale === null ? [] : analyzeScale(scale);
  const slopeOf = (lang: string, mode: string) => lines.find((line) => line.lang === lang && line.mode === mode)?.rssBytesPerInstance ?? null;
  const perLanguage = [...new Set(lines.map((line) => line.lang))].flatMap((lang) => {
    const sidecar = slopeOf(lang, 'sidecar');
    const baselineMode = slopeOf(lang, 'library') !== null ? 'library' : 'none';
    const baseline = slopeOf(lang, baselineMode);
    return sidecar === null || baseline === null ? [] : [{ lang, sidecar, baselineMode, baseline, extra: sidecar - baseline }];
  });
  if (perLanguage.length === 0) return notMeasured('K2', 'cost', statement, scale === null ? 'the scale scenario did not run' : 'no sidecar (or no baseline) scale figures in this run', rule);
  const resources = scenarioData<ResourcesData>(results, 'resources');
  const sidecarCpu = resources === null ? [] : analyzeResources(resources).filter((figure) => figure.mode === 'sidecar').flatMap((figure) => {
    const cpu = figure.roles.find((role) => role.role === 'sidecar')?.loadedCpuMillisPer1000;
    return cpu ? [`${formatNumber(cpu.median, 1, 'ms')} beside ${figure.lang}`] : [];
  });
  const evidence = `memory per added instance: ${perLanguage.map((one) => `${one.lang}: sidecar mode ${formatBytes(one.sidecar)}, ${one.baselineMode} ${formatBytes(one.baseline)} (extra ${formatBytes(one.extra)})`).join('; ')}`
    + (sidecarCpu.length > 0 ? `; the sidecar itself burns ${sidecarCpu.join(', ')} of CPU per 1000 requests` : '');
  const noticeable = perLanguage.filter((one) => one.extra >= PER_INSTANCE_MEMORY_NOTICEABLE_BYTES).length;
  const verdict: Verdict = noticeable === perLanguage.length ? 'supported' : noticeable === 0 ? 'not supported' : 'depends';
  return { id: 'K2', side: 'cost', statement, evidence, verdict, rule };
}

function costK3(results: RunResults): ClaimRow {
  const fromLifecycle = costK3FromLifecycle(results);
  if (fromLifecycle !== null) return fromLifecycle;
  const statement = 'lifecycle coupling: start and stop ordering';
  const rule = `supported when, in every language, sidecar mode takes longer than mode none to be ready by more than ${STARTUP_COUPLING_SECONDS} s, outside the noise; not supported when in none; depends otherwise. Requests failed while starting and stopping are not measured yet`;
  const resources = scenarioData<ResourcesData>(results, 'resources');
  const figures = resources === null ? [] : analyzeResources(resources).filter((figure) => figure.mode === 'sidecar' && figure.startupAddedSeconds !== null);
  if (figures.length === 0) return notMeasured('K3', 'cost', statement, 'no sidecar startup figures in this run', rule);
  const evidence = `${figures.map((figure) => {
    const added = figure.startupAddedSeconds!;
    return `${figure.lang}: sidecar mode ready ${formatNumber(added.median, 2, 's')} later than mode none [${formatNumber(added.low, 2)}, ${formatNumber(added.high, 2)}]${added.withinNoise ? ' (within noise)' : ''}`;
  }).join('; ')}; failed requests during start/stop not measured`;
  const coupled = figures.filter((figure) => !figure.startupAddedSeconds!.withinNoise && figure.startupAddedSeconds!.median > STARTUP_COUPLING_SECONDS).length;
  const verdict: Verdict = coupled === figures.length ? 'supported' : coupled === 0 ? 'not supported' : 'depends';
  return { id: 'K3', side: 'cost', statement, evidence, verdict, rule };
}

function claimC7(results: RunResults): ClaimRow {
  const statement = 'one upgrade reaches every instance';
  const rule = 'supported when, for every upgrade, the sidecar path changed code in one language while the library path changed it in more, and the sidecar rollouts failed no request and left no old behaviour after the last instance moved; not supported when the sidecar path changed as many languages as the library path, or its rollouts failed a larger share of requests than the library\'s or did not take effect everywhere; depends otherwise (one language only, or a rollout missing)';
  const data = scenarioData<UpgradeData>(results, 'upgrade');
  if (data === null || data.upgrades.length === 0) return notMeasured('C7', 'claim', statement, 'the upgrade scenario did not run (npm run bench -- --scenario upgrade)', rule);
  const library = summarizePath(data, 'library');
  const sidecar = summarizePath(data, 'sidecar');
  const describePath = (summary: typeof library, restarted: string) =>
    `${summary.path} path: code in up to ${summary.maxLanguages} language(s), ${summary.maxCodebases} codebase(s); ${summary.rollouts} rollout(s) restarting ${restarted}, ${summary.failed} of ${summary.sent} requests failed, mixed-version window up to ${formatNumber(summary.maxMixedWindowSeconds, 2, 's')}, ${summary.allTookEffect ? 'took effect everywhere' : 'did NOT take effect everywhere'}`;
  const evidence = `${data.upgrades.length} upgrade(s) over ${data.langs.join(', ')}: ${describePath(library, 'every app')}; ${describePath(sidecar, 'only the sidecars')}`;
  const perUpgrade = data.upgrades.map((upgrade) => ({
    library: upgrade.effort.find((one) => one.path === 'library')?.languages.length ?? 0,
    sidecar: upgrade.effort.find((one) => one.path === 'sidecar')?.languages.length ?? 0,
  }));
  const sidecarOnce = perUpgrade.every((one) => one.sidecar === 1);
  const libraryMany = perUpgrade.every((one) => one.library > 1);
  const complete = library.rollouts === data.upgrades.length && sidecar.rollouts === data.upgrades.length;
  let verdict: Verdict;
  const noFewerLanguages = perUpgrade.some((one) => one.library > 1 && one.sidecar >= one.library);
  // Rollouts of different lengths: failed shares, not counts.
  const failedShare = (summary: typeof library) => (summary.sent === 0 ? 0 : summary.failed / summary.sent);
  if (noFewerLanguages || (complete && (failedShare(sidecar) > failedShare(library) || !sidecar.allTookEffect))) verdict = 'not supported';
  else if (complete && sidecarOnce && libraryMany && sidecar.failed === 0 && sidecar.allTookEffect) verdict = 'supported';
  else verdict = 'depends';
  return { id: 'C7', side: 'claim', statement, evidence, verdict, rule };
}

export function evaluateClaims(results: RunResults): ClaimRow[] {
  return [
    claimC1(results),
    claimC2(results),
    claimC3(results),
    claimC4(results),
    claimC5(results),
    claimC6(results),
    claimC7(results),
    claimA1(results),
    costK1(results),
    costK2(results),
    costK3(results),
    costK4(results),
    notMeasured('K5', 'cost', 'a daemon per host may serve better than one per instance', 'there is no per-host topology yet', 'supported when a per-host daemon costs less per instance at equal latency'),
  ];
}
