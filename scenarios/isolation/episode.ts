// One isolation episode: a fresh instance under steady load, a fault injected and ended, everything around it recorded.
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import type { RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { settingsToEnv, type RunningInstance } from '../../scripts/orchestration/instance.js';
import type { ManagedProcess } from '../../scripts/orchestration/processes.js';
import { startTimelineLoad, type RunningTimeline, type TimelineLoadResult } from '../../scripts/load/timeline.js';
import type { Validity } from '../../scripts/load/validity.js';
import { ProcSampler, type RoleSeries } from '../../scripts/sampling/sampler.js';
import { startCellInstance } from '../../scripts/topology.js';
import { FAULT_MARKER } from '../../library/ts/src/logs/fault-switch.js';
import { baselineFigures } from '../../scripts/faults/figures.js';
import { HealthProbe } from '../../scripts/faults/health-probe.js';
import {
  accountLogs,
  countLinesByPid,
  libraryRecordsWritten,
  settleStreams,
  type LogAccounting,
  type WrittenCount,
} from '../../scripts/faults/log-accounting.js';
import { scrape, sumSeries } from '../../scripts/faults/prometheus-text.js';
import { RegistryWatch, secondsUntilListed, secondsUntilUnlisted, type ListedState } from '../../scripts/faults/registry-watch.js';
import { episodeValidity, type Verification } from '../../scripts/faults/verification.js';
import type { Lang, Mode } from '../../scripts/results/types.js';
import type { IsolationFault, IsolationFaultId, Probe, FaultTarget } from './faults.js';
import type { Cell, ScenarioContext } from '../../scripts/engine/scenario.js';
import { clientsSaw } from '../../scripts/engine/step-figures.js';
import { liveLoadWindows } from '../../scripts/engine/load-windows.js';
import { WORKLOAD_SERVICE, prepareWorkload } from '../common/workload.js';
import { sleepUntil } from '../../scripts/orchestration/ready.js';

export interface EpisodePlan {
  beforeSeconds: number;
  duringSeconds: number;
  afterSeconds: number;
  ratePerSecond: number;
  bucketSeconds: number;
  sampleIntervalSeconds: number;
  /** Feature settings given to app and sidecar (spec/features.json keys), e.g. a shorter registry TTL. */
  settings: Record<string, number>;
}

export interface EpisodeEvent {
  atSeconds: number;
  what: string;
}

export interface IsolationEpisode {
  fault: IsolationFaultId;
  lang: Lang;
  mode: Mode;
  instanceId: string;
  how: string;
  /** On the timeline (0 = the first request). */
  injectedAtSeconds: number;
  endedAtSeconds: number;
  untilSeconds: number;
  timeline: TimelineLoadResult;
  series: RoleSeries[];
  /** Where the sampler's 0 lies on the timeline. */
  seriesOffsetSeconds: number;
  events: EpisodeEvent[];
  verification: Verification;
  validity: Validity;
  /** Seconds from the fault's start until the instance was not passing (null: it stayed listed), and from the fault's end until it was passing again. */
  registry: {
    changes: { atSeconds: number; state: ListedState }[];
    unlistedAfterSeconds: number | null;
    listedAgainAfterSeconds: number | null;
  } | null;
  logs: LogAccounting | null;
  /** The app process that served before the fault still ran when the fault ended. */
  appSurvived: boolean;
  /** GET /health on the app's own port every 0.1 s (behind the sidecar in sidecar mode): did the app itself answer? */
  appProbes: { atSeconds: number; ok: boolean }[];
}

/** The sidecar's report when its logs worker died of the injected exception (sidecar/src/logs/feature.ts). */
const SIDECAR_WORKER_DIED = /the logs worker died \(.*SCL_FAULT_INJECTED/;

const SETTLE = { quietSeconds: 1.5, timeoutSeconds: 10 };
/** The readings a fault's proof compares are taken this long before it starts. */
const PROBE_LEAD_SECONDS = 0.25;
const WARMUP_REQUESTS = 100;
const READY_TIMEOUT_SECONDS = 20;

/** What one episode holds while it runs: the instance, what watches it, and what happened to its processes. */
interface OpenEpisode {
  instanceId: string;
  instance: RunningInstance;
  client: ControlPlaneClient;
  sampler: ProcSampler;
  watch: RegistryWatch | undefined;
  appProbe: HealthProbe;
  target: FaultTarget;
  events: { epochMillis: number; what: string }[];
  appPids: number[];
  follow: (role: 'app' | 'sidecar', child: ManagedProcess) => void;
}

/** The fault's window on the load's timeline, and the readings taken around it. */
interface Strike {
  startEpochMillis: number;
  samplerStartEpochMillis: number;
  injectedEpochMillis: number;
  endedEpochMillis: number;
  atInjection: Probe;
  atEnd: Probe;
  lastKnownWritten: Map<number, number>;
  appSurvived: boolean;
  readyAgain: Promise<void>;
}

async function openEpisode(
  context: ScenarioContext,
  controlPlane: RunningControlPlane,
  cell: Cell,
  fault: IsolationFault,
  plan: EpisodePlan,
): Promise<{ episode: OpenEpisode; path: string }> {
  const instanceId = `isolation-${fault.id}-${cell.lang}-${cell.mode}`;
  const started = await startCellInstance({
    cell,
    service: WORKLOAD_SERVICE,
    instanceId,
    runDir: context.runDir,
    controlPlane,
    extraEnv: { SCL_TEST_HOOKS: '1', ...fault.startEnv, ...settingsToEnv(plan.settings) },
  });
  const { instance } = started;
  const client = new ControlPlaneClient(controlPlane.url);
  const sampler = new ProcSampler(plan.sampleIntervalSeconds);
  const target: FaultTarget = { instance, controlPlane: client, ratePerSecond: plan.ratePerSecond, markerSeenIn: new Set() };
  const events: OpenEpisode['events'] = [];
  const appPids: number[] = [];
  const follow = (role: 'app' | 'sidecar', child: ManagedProcess) => {
    if (role === 'app') appPids.push(child.pid);
    sampler.track({ pid: child.pid, role, label: `${instanceId} ${role}` });
    child.lines.on('line', (line: string) => {
      if (line.includes(FAULT_MARKER)) target.markerSeenIn.add(role);
      if (role === 'sidecar' && SIDECAR_WORKER_DIED.test(line)) target.sidecarWorkerDied = true;
    });
    void child.exited.then((exit) => {
      events.push({
        epochMillis: Date.now(),
        what: `the ${role} (pid ${child.pid}) exited: ${exit.signal !== undefined ? `signal ${exit.signal}` : `code ${exit.exitCode}`}`,
      });
      sampler.untrack(child.pid);
    });
  };
  follow('app', instance.appProcess);
  if (instance.sidecarProcess !== undefined) follow('sidecar', instance.sidecarProcess);
  const watch = cell.mode === 'none' ? undefined : new RegistryWatch(controlPlane.url, WORKLOAD_SERVICE, instanceId);
  const episode: OpenEpisode = {
    instanceId,
    instance,
    client,
    sampler,
    watch,
    appProbe: new HealthProbe(`${instance.appUrl}/health`),
    target,
    events,
    appPids,
    follow,
  };
  try {
    return { episode, path: await prepareWorkload(started) };
  } catch (error) {
    // Nothing else holds the instance yet: it stops here, not in the episode's finally.
    await instance.stop('SIGKILL');
    throw error;
  }
}

/** Injects the fault on a bucket's edge, ends it on time, and restarts what died, as a supervisor would. */
async function strike(
  context: ScenarioContext,
  cell: Cell,
  episode: OpenEpisode,
  fault: IsolationFault,
  plan: EpisodePlan,
  load: RunningTimeline,
  onInForce: (inForce: boolean) => void,
): Promise<Strike> {
  const { instance, target, events, sampler } = episode;
  const startEpochMillis = await load.started;
  const samplerStartEpochMillis = Date.now();
  sampler.start();
  episode.appProbe.start();
  // The slower readings go first, so the fault starts on time, on a bucket's edge.
  await sleepUntil(startEpochMillis + (plan.beforeSeconds - PROBE_LEAD_SECONDS) * 1000);
  const atInjection = await probe(target);
  await sleepUntil(startEpochMillis + plan.beforeSeconds * 1000);
  // The library's own count, read the moment before the fault: all that is known of a process that dies of it.
  const lastKnownWritten = new Map<number, number>();
  const writtenNow =
    instance.mode === 'library' && instance.metricsUrl !== undefined ? await libraryRecordsWritten(instance.metricsUrl) : null;
  if (writtenNow !== null) lastKnownWritten.set(instance.appProcess.pid, writtenNow);
  const originalApp = instance.appProcess;
  const injectedEpochMillis = Date.now();
  events.push({ epochMillis: injectedEpochMillis, what: `fault injected: ${fault.how}` });
  onInForce(true);
  context.emit({ type: 'fault-injected', fault: fault.id, how: fault.how, cell });
  await fault.inject(target);
  await sleepUntil(startEpochMillis + (plan.beforeSeconds + plan.duringSeconds) * 1000);
  onInForce(false);
  await fault.end(target);
  context.emit({ type: 'fault-cleared', fault: fault.id, cell });
  const appSurvived = originalApp.exitInfo === undefined;
  const endedEpochMillis = Date.now();
  events.push({ epochMillis: endedEpochMillis, what: 'fault ended' });
  const readyAgain = restartWhatDied(instance, episode.follow, events);
  const atEnd = await probe(target);
  return {
    startEpochMillis,
    samplerStartEpochMillis,
    injectedEpochMillis,
    endedEpochMillis,
    atInjection,
    atEnd,
    lastKnownWritten,
    appSurvived,
    readyAgain,
  };
}

export async function runIsolationEpisode(
  context: ScenarioContext,
  controlPlane: RunningControlPlane,
  cell: Cell,
  fault: IsolationFault,
  plan: EpisodePlan,
): Promise<IsolationEpisode> {
  const { episode, path } = await openEpisode(context, controlPlane, cell, fault, plan);
  const { instance, watch, target } = episode;
  let load: RunningTimeline | undefined;
  let faultLasts = false;
  try {
    await warmUp(instance.publicUrl, path);
    watch?.start();
    await watch?.waitFor('passing', 5);
    const total = plan.beforeSeconds + plan.duringSeconds + plan.afterSeconds;
    const live = liveLoadWindows(context, `isolation: ${fault.id} on ${cell.lang}/${cell.mode}`, cell);
    load = startTimelineLoad(
      {
        origin: instance.publicUrl,
        method: 'GET',
        path,
        ratePerSecond: plan.ratePerSecond,
        durationSeconds: total,
        bucketSeconds: plan.bucketSeconds,
        connections: 32,
        timeoutSeconds: 5,
        ...live.options,
      },
      context.pinning.generatorCpus,
      live.onWindow,
    );
    const struck = await strike(context, cell, episode, fault, plan, load, (inForce) => {
      faultLasts = inForce;
    });
    const timeline = await load.result;
    await struck.readyAgain;
    const result = await episodeResult(context, episode, fault, cell, total, timeline, struck);
    context.emit({
      type: 'step-finished',
      label: `isolation: ${fault.id} on ${cell.lang}/${cell.mode}`,
      figures: { cell, ratePerSecond: plan.ratePerSecond, valid: result.validity.valid },
      fault: { id: fault.id, clients: clientsSaw(timeline, result.injectedAtSeconds, result.endedAtSeconds) },
    });
    return result;
  } finally {
    // Whatever went wrong, nothing of the episode may go on: the fault ends, the load and the probes stop.
    if (faultLasts) await fault.end(target).catch(() => undefined);
    await episode.client.setFaults({}).catch(() => undefined);
    load?.stop();
    await load?.result.catch(() => undefined);
    await episode.appProbe.stop();
    await watch?.stop();
    await episode.sampler.stop();
    await instance.stop('SIGKILL');
  }
}

/** The episode's figures on the timeline's clock (0 = the first request). */
async function episodeResult(
  context: ScenarioContext,
  episode: OpenEpisode,
  fault: IsolationFault,
  cell: Cell,
  total: number,
  timeline: TimelineLoadResult,
  struck: Strike,
): Promise<IsolationEpisode> {
  const probes = await episode.appProbe.stop();
  const verification = fault.verify(episode.target, struck.atInjection, struck.atEnd);
  const logs = await accountInstanceLogs(episode.client, episode.instance, episode.appPids, struck.lastKnownWritten);
  const at = (epochMillis: number) => (epochMillis - struck.startEpochMillis) / 1000;
  const before = baselineFigures(timeline, at(struck.injectedEpochMillis));
  return {
    fault: fault.id,
    lang: cell.lang,
    mode: cell.mode,
    instanceId: episode.instanceId,
    how: fault.how,
    injectedAtSeconds: at(struck.injectedEpochMillis),
    endedAtSeconds: at(struck.endedEpochMillis),
    untilSeconds: total,
    timeline,
    series: await episode.sampler.stop(),
    seriesOffsetSeconds: at(struck.samplerStartEpochMillis),
    events: episode.events
      .map((event) => ({ atSeconds: at(event.epochMillis), what: event.what }))
      .sort((a, b) => a.atSeconds - b.atSeconds),
    verification,
    validity: episodeValidity(verification, before, timeline.pacingP99Micros, context.options.tier === 'smoke'),
    registry: episode.watch === undefined ? null : registryFigures(episode.watch, struck.injectedEpochMillis, struck.endedEpochMillis, at),
    logs,
    appSurvived: struck.appSurvived,
    appProbes: probes.map((answer) => ({ atSeconds: at(answer.epochMillis), ok: answer.ok })),
  };
}

/** How long the instance stayed listed after the fault began, and how long after the fault ended it was listed again. */
function registryFigures(
  watch: RegistryWatch,
  injectedEpochMillis: number,
  endedEpochMillis: number,
  at: (epochMillis: number) => number,
): NonNullable<IsolationEpisode['registry']> {
  const unlistedAfterSeconds = secondsUntilUnlisted(watch.changes, injectedEpochMillis);
  const back = unlistedAfterSeconds === null ? null : secondsUntilListed(watch.changes, injectedEpochMillis + unlistedAfterSeconds * 1000);
  const backEpochMillis =
    back === null || unlistedAfterSeconds === null ? null : injectedEpochMillis + (unlistedAfterSeconds + back) * 1000;
  return {
    changes: watch.changes.map((change) => ({ atSeconds: at(change.epochMillis), state: change.state })),
    unlistedAfterSeconds,
    listedAgainAfterSeconds: backEpochMillis === null ? null : Math.max(0, (backEpochMillis - endedEpochMillis) / 1000),
  };
}

/** Reads what the faults' verifications compare: the control plane's fault counts and the feature process's own counters. */
export async function probe(target: FaultTarget): Promise<Probe> {
  const { instance } = target;
  const [injected, metrics] = await Promise.all([
    target.controlPlane.injectedFaults().catch(() => null),
    instance.metricsUrl === undefined ? null : scrape(instance.metricsUrl),
  ]);
  return {
    collectorFaulted: injected?.logs ?? null,
    configFaulted: injected === null ? null : (injected.config[instance.service] ?? 0),
    exportFailures: metrics === null ? null : sumSeries(metrics, 'scl_logs_export_failures_total'),
    configInvalidJson: metrics === null ? null : (sumSeries(metrics, 'scl_config_errors_total', { reason: 'invalid_json' }) ?? 0),
    recordsWritten:
      instance.mode === 'sidecar' || instance.mode === 'agent'
        ? [...(await countLinesByPid(instance.logFile)).values()].reduce((sum, count) => sum + count, 0)
        : instance.mode === 'library' && instance.metricsUrl !== undefined
          ? await libraryRecordsWritten(instance.metricsUrl)
          : null,
  };
}

/** Restarts the app or sidecar if it died, as a supervisor would, and resolves when the instance is ready again. */
async function restartWhatDied(
  instance: RunningInstance,
  follow: (role: 'app' | 'sidecar', child: ManagedProcess) => void,
  events: { epochMillis: number; what: string }[],
): Promise<void> {
  let restarted = false;
  for (const role of ['app', 'sidecar'] as const) {
    const child = role === 'app' ? instance.appProcess : instance.sidecarProcess;
    if (child === undefined || child.exitInfo === undefined) continue;
    const fresh = instance.restart(role);
    follow(role, fresh);
    events.push({ epochMillis: Date.now(), what: `the ${role} restarted (pid ${fresh.pid})` });
    restarted = true;
  }
  if (!restarted) return;
  const readyUrl = instance.adminUrl !== undefined ? `${instance.adminUrl}/ready` : `${instance.publicUrl}/health`;
  const deadline = Date.now() + READY_TIMEOUT_SECONDS * 1000;
  while (Date.now() < deadline) {
    const ok = await fetch(readyUrl, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) {
      events.push({ epochMillis: Date.now(), what: 'the instance is ready again' });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * What each app process wrote against what the collector counted for it. Sidecar and agent mode: the log file's lines per pid,
 * exact even for a killed app. Library mode: the library's counter, read now for the live process, and just before
 * the fault for one that died (a lower bound).
 */
export async function accountInstanceLogs(
  client: ControlPlaneClient,
  instance: RunningInstance,
  appPids: readonly number[],
  lastKnownWritten: ReadonlyMap<number, number>,
  settle: { quietSeconds: number; timeoutSeconds: number } = SETTLE,
): Promise<LogAccounting | null> {
  if (instance.mode === 'none') return null;
  let written: WrittenCount[];
  let source: string;
  if (instance.mode === 'sidecar' || instance.mode === 'agent') {
    const lines = await countLinesByPid(instance.logFile);
    written = appPids.map((pid) => ({ pid, records: lines.get(pid) ?? 0, exact: true }));
    source = "lines of the app's log file, per pid";
  } else {
    // Let the live library number its last records before it is read.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const live =
      instance.appProcess.exitInfo === undefined && instance.metricsUrl !== undefined
        ? await libraryRecordsWritten(instance.metricsUrl)
        : null;
    written = appPids.map((pid) =>
      pid === instance.appProcess.pid && live !== null
        ? { pid, records: live, exact: true }
        : { pid, records: lastKnownWritten.get(pid) ?? 0, exact: false },
    );
    source =
      "the library's own count (scl_logs_records_queued_total + dropped{reason=queue_full}); for a process that died, read just before the fault";
  }
  const streams = await settleStreams(client, instance.service, instance.instanceId, written, settle);
  return accountLogs(source, written, streams);
}

/** A few requests before the timeline, so the baseline is not the JIT's and the connection pool's first moments. */
async function warmUp(origin: string, path: string, requests = WARMUP_REQUESTS): Promise<void> {
  for (let sent = 0; sent < requests; sent++)
    await fetch(`${origin}${path}`).then(
      (response) => response.arrayBuffer(),
      () => undefined,
    );
}
