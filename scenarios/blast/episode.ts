// One blast-radius episode: a host of N instances under light load, a fault aimed at the first instance's cross-cutting
// work, and what every instance of the host saw (its clients, its log stream, its registration).
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import { FAULT_MARKER } from '../../library/ts/src/logs/fault-switch.js';
import type { ScenarioContext, Cell } from '../../scripts/engine/scenario.js';
import { BASELINE_GUARD_SECONDS, baselineFigures, windowFigures } from '../../scripts/faults/figures.js';
import { countLinesByPid, instanceStreams, type LogAccounting } from '../../scripts/faults/log-accounting.js';
import { RegistryWatch, secondsUntilUnlisted } from '../../scripts/faults/registry-watch.js';
import type { Verification } from '../../scripts/faults/verification.js';
import { startTimelineLoad, type RunningTimeline } from '../../scripts/load/timeline.js';
import type { RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { settingsToEnv } from '../../scripts/orchestration/instance.js';
import { sleepUntil } from '../../scripts/orchestration/ready.js';
import type { Lang, Mode } from '../../scripts/results/types.js';
import { startCellHost, type StartedHost, type StartedInstance } from '../../scripts/topology.js';
import { accountInstanceLogs, probe, type EpisodePlan } from '../isolation/episode.js';
import type { FaultTarget, IsolationFault, IsolationFaultId } from '../isolation/faults.js';
import { WORKLOAD_SERVICE, prepareWorkload } from '../common/workload.js';

/** What one instance of the host saw from the fault's start to the end of the load. */
export interface BlastInstance {
  instanceId: string;
  /** The instance the fault was aimed at. */
  struck: boolean;
  /**
   * Requests sent and failed from just before the fault (BASELINE_GUARD_SECONDS: a request in flight when it struck fails
   * of it) to the end of the load, and failed in the baseline before that.
   */
  sent: number;
  failed: number;
  failedBefore: number;
  /** Written against delivered, per app process, after the collector settled (null: not counted). */
  logs: LogAccounting | null;
  /** Records written to the log file and not yet at the collector, when the fault began and when it ended: a stall shows as growth. */
  logBacklog: { atInjection: number; atEnd: number };
  /** Seconds from the fault's start until the instance was no longer passing in the registry; null: it stayed. */
  unlistedAfterSeconds: number | null;
}

export interface BlastEpisode {
  fault: IsolationFaultId;
  lang: Lang;
  mode: Mode;
  how: string;
  injectedAtSeconds: number;
  endedAtSeconds: number;
  untilSeconds: number;
  verification: Verification;
  instances: BlastInstance[];
}

const WARMUP_REQUESTS = 30;
const SETTLE = { quietSeconds: 0.75, timeoutSeconds: 6 };
const PROBE_LEAD_SECONDS = 0.25;

/**
 * Runs one fault on one host. Nothing that died is restarted: the figures are what the fault touched while it lasted
 * and until the load ended, the same window in both modes.
 */
export async function runBlastEpisode(
  context: ScenarioContext,
  controlPlane: RunningControlPlane,
  cell: Cell,
  instances: number,
  fault: IsolationFault,
  plan: EpisodePlan,
): Promise<BlastEpisode> {
  const client = new ControlPlaneClient(controlPlane.url);
  let host: StartedHost | undefined;
  const loads: RunningTimeline[] = [];
  const watches: RegistryWatch[] = [];
  let target: FaultTarget | undefined;
  let faultLasts = false;
  try {
    host = await startCellHost(
      Array.from({ length: instances }, (_, index) => ({
        cell,
        service: WORKLOAD_SERVICE,
        instanceId: `blast-${fault.id}-${cell.lang}-${cell.mode}-${index + 1}`,
        runDir: context.runDir,
        controlPlane,
        // Every instance gets the same environment: an agent has one set of settings for all its apps.
        extraEnv: { SCL_TEST_HOOKS: '1', ...fault.startEnv, ...settingsToEnv(plan.settings) },
      })),
    );
    const started = host.instances;
    const paths = await Promise.all(started.map((one) => prepareWorkload(one)));
    await Promise.all(started.map((one, index) => warmUp(`${one.instance.publicUrl}${paths[index]}`)));
    const struck = started[0]!.instance;
    target = { instance: struck, controlPlane: client, ratePerSecond: plan.ratePerSecond, markerSeenIn: new Set() };
    const seen = target.markerSeenIn;
    struck.sidecarProcess?.lines.on('line', (line: string) => {
      if (line.includes(FAULT_MARKER)) seen.add('sidecar');
    });
    for (const one of started) {
      const watch = new RegistryWatch(controlPlane.url, WORKLOAD_SERVICE, one.instance.instanceId);
      watch.start();
      watches.push(watch);
    }
    await Promise.all(watches.map((watch) => watch.waitFor('passing', 5)));
    const total = plan.beforeSeconds + plan.duringSeconds + plan.afterSeconds;
    for (const [index, one] of started.entries())
      loads.push(
        startTimelineLoad(
          {
            origin: one.instance.publicUrl,
            method: 'GET',
            path: paths[index]!,
            ratePerSecond: plan.ratePerSecond,
            durationSeconds: total,
            bucketSeconds: plan.bucketSeconds,
            connections: 8,
            timeoutSeconds: 2,
          },
          context.pinning.generatorCpus,
        ),
      );
    // The first load's clock is the episode's; the others started within milliseconds of it.
    const startEpochMillis = await loads[0]!.started;
    await Promise.all(loads.map((load) => load.started));
    await sleepUntil(startEpochMillis + (plan.beforeSeconds - PROBE_LEAD_SECONDS) * 1000);
    const [atInjection, backlogAtInjection] = await Promise.all([probe(target), backlogs(client, started)]);
    await sleepUntil(startEpochMillis + plan.beforeSeconds * 1000);
    const injectedEpochMillis = Date.now();
    faultLasts = true;
    context.emit({ type: 'fault-injected', fault: fault.id, how: fault.how, cell });
    await fault.inject(target);
    await sleepUntil(startEpochMillis + (plan.beforeSeconds + plan.duringSeconds) * 1000);
    faultLasts = false;
    await fault.end(target);
    context.emit({ type: 'fault-cleared', fault: fault.id, cell });
    const endedEpochMillis = Date.now();
    const [atEnd, backlogAtEnd] = await Promise.all([probe(target), backlogs(client, started)]);
    const timelines = await Promise.all(loads.map((load) => load.result));
    const at = (epochMillis: number) => (epochMillis - startEpochMillis) / 1000;
    const injectedAtSeconds = at(injectedEpochMillis);
    // The collector settles for every instance at once: each waits for its own stream.
    const figures = await Promise.all(
      started.map(async (one, index): Promise<BlastInstance> => {
        const timeline = timelines[index]!;
        // A request in flight when the fault struck fails of it: the fault's window starts a guard before it.
        const after = windowFigures(timeline, { startSeconds: injectedAtSeconds - BASELINE_GUARD_SECONDS, endSeconds: Infinity });
        const before = baselineFigures(timeline, injectedAtSeconds);
        return {
          instanceId: one.instance.instanceId,
          struck: index === 0,
          sent: after.requests,
          failed: after.failed,
          failedBefore: before.failed,
          // Nothing restarts here, so each instance's app pid is its only one.
          logs: await accountInstanceLogs(client, one.instance, [one.instance.appProcess.pid], new Map(), SETTLE),
          logBacklog: { atInjection: backlogAtInjection[index]!, atEnd: backlogAtEnd[index]! },
          unlistedAfterSeconds: secondsUntilUnlisted(watches[index]!.changes, injectedEpochMillis),
        };
      }),
    );
    const verification = fault.verify(target, atInjection, atEnd);
    // Valid as the analysis counts it: the fault was seen to act on a host that failed nothing before it.
    const valid = verification.injected && figures.every((one) => one.failedBefore === 0);
    context.emit({
      type: 'step-finished',
      label: `blast: ${fault.id} on ${instances} ${cell.lang}/${cell.mode} instances`,
      figures: { cell, ratePerSecond: plan.ratePerSecond * instances, valid },
    });
    return {
      fault: fault.id,
      lang: cell.lang,
      mode: cell.mode,
      how: fault.how,
      injectedAtSeconds,
      endedAtSeconds: at(endedEpochMillis),
      untilSeconds: total,
      verification,
      instances: figures,
    };
  } finally {
    // Whatever went wrong, nothing of the episode may go on: the fault ends, the loads and watches stop, the host dies.
    if (faultLasts && target !== undefined) await fault.end(target).catch(() => undefined);
    for (const load of loads) load.stop();
    await Promise.all(loads.map((load) => load.result.catch(() => undefined)));
    await Promise.all(watches.map((watch) => watch.stop()));
    await Promise.all((host?.instances ?? []).map((one) => one.instance.stop('SIGKILL')));
    for (const shared of host?.shared ?? []) killQuietly(shared.pid);
    await host?.stop();
  }
}

/** Per instance: lines its app wrote to its log file that the collector has not counted yet. */
async function backlogs(client: ControlPlaneClient, started: readonly StartedInstance[]): Promise<number[]> {
  return Promise.all(
    started.map(async ({ instance }) => {
      const [lines, streams] = await Promise.all([
        countLinesByPid(instance.logFile),
        instanceStreams(client, instance.service, instance.instanceId).catch(() => []),
      ]);
      const pid = instance.appProcess.pid;
      return Math.max(0, (lines.get(pid) ?? 0) - (streams.find((stream) => stream.pid === pid)?.distinct ?? 0));
    }),
  );
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone: the fault or the instances' stop ended it
  }
}

/** A few requests per instance before the timeline, so the baseline is not the JIT's first moments. */
async function warmUp(url: string): Promise<void> {
  for (let sent = 0; sent < WARMUP_REQUESTS; sent++)
    await fetch(url).then(
      (response) => response.arrayBuffer(),
      () => undefined,
    );
}
