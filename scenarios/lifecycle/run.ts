// lifecycle: requests failed while an instance starts and while it stops, per mode and, for the sidecar, per stop order.
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import type { RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { freePort } from '../../scripts/orchestration/ports.js';
import { stop, type ManagedProcess } from '../../scripts/orchestration/processes.js';
import {
  accountLogs,
  countLinesByPid,
  instanceStreams,
  libraryRecordsWritten,
  settleStreams,
  type LogAccounting,
  type WrittenCount,
} from '../../scripts/faults/log-accounting.js';
import { RegistryWatch, type ListedState } from '../../scripts/faults/registry-watch.js';
import { startTimelineLoad, type TimelineLoadResult } from '../../scripts/load/timeline.js';
import type { Lang, Message, Mode } from '../../scripts/results/types.js';
import { startCellInstance, startRunControlPlane } from '../../scripts/topology.js';
import { faultPlanKind, shortCells, type FaultPlanKind } from '../common/fault-plan.js';
import { skippedMessages, type Cell, type ScenarioRunner, type ScenarioContext } from '../../scripts/engine/scenario.js';
import { WORKLOAD_SERVICE } from '../common/workload.js';

/** Who gets SIGTERM first. Kubernetes sends it to every regular container at once (together); native sidecars stop after the app (app-first). */
export const STOP_ORDERS = ['app-first', 'sidecar-first', 'together'] as const;
export type StopOrder = (typeof STOP_ORDERS)[number];

export interface LifecycleRun {
  lang: Lang;
  mode: Mode;
  stopOrder: StopOrder;
  timeline: TimelineLoadResult;
  /** Timeline seconds: spawn, the harness saw it ready, SIGTERM sent, every process exited. */
  spawnedAtSeconds: number;
  readyAtSeconds: number;
  stopAtSeconds: number;
  exitedAtSeconds: number;
  registry: { atSeconds: number; state: ListedState }[] | null;
  exits: { role: 'app' | 'sidecar'; exit: string }[];
  logs: LogAccounting | null;
}

export interface LifecycleData {
  plan: FaultPlanKind;
  request: string;
  ratePerSecond: number;
  bucketSeconds: number;
  servingSeconds: number;
  runs: LifecycleRun[];
}

/** A request any instance answers 200 without setup, routed and logged like business traffic. */
const REQUEST_PATH = '/customers?limit=1';
const LEAD_SECONDS = 0.3;
const TAIL_SECONDS = 0.5;
const MAX_SECONDS = 60;
const GRACE_SECONDS = 12;

function runsOf(kind: FaultPlanKind, cells: readonly Cell[]): { cell: Cell; stopOrder: StopOrder }[] {
  const chosen = kind === 'short' ? shortCells(cells, ['library', 'sidecar']) : cells;
  return chosen.flatMap((cell) => {
    if (cell.mode !== 'sidecar') return [{ cell, stopOrder: 'app-first' as const }];
    // The short version takes the order Kubernetes gives ordinary containers: SIGTERM to all at once.
    const orders: readonly StopOrder[] = kind === 'short' ? ['together'] : STOP_ORDERS;
    return orders.map((stopOrder) => ({ cell, stopOrder }));
  });
}

async function stopInOrder(order: StopOrder, app: ManagedProcess, sidecar: ManagedProcess | undefined): Promise<void> {
  const term = (child: ManagedProcess) => stop(child, { signal: 'SIGTERM', graceSeconds: GRACE_SECONDS });
  if (sidecar === undefined) return void (await term(app));
  if (order === 'together') return void (await Promise.all([term(app), term(sidecar)]));
  const [first, second] = order === 'app-first' ? [app, sidecar] : [sidecar, app];
  await term(first);
  await term(second);
}

function describe(child: ManagedProcess): string {
  const exit = child.exitInfo;
  if (exit === undefined) return 'running';
  return exit.signal !== undefined ? `signal ${exit.signal}` : `exit code ${exit.exitCode}`;
}

export async function runLifecycleOnce(
  context: ScenarioContext,
  controlPlane: RunningControlPlane,
  cell: Cell,
  stopOrder: StopOrder,
  index: number,
  plan: { ratePerSecond: number; bucketSeconds: number; servingSeconds: number },
): Promise<LifecycleRun> {
  const instanceId = `lifecycle-${index}-${cell.lang}-${cell.mode}-${stopOrder}`;
  const client = new ControlPlaneClient(controlPlane.url);
  const port = await freePort();
  const watch = cell.mode === 'none' ? undefined : new RegistryWatch(controlPlane.url, WORKLOAD_SERVICE, instanceId);
  watch?.start();
  const load = startTimelineLoad(
    {
      origin: `http://127.0.0.1:${port}`,
      method: 'GET',
      path: REQUEST_PATH,
      ratePerSecond: plan.ratePerSecond,
      durationSeconds: MAX_SECONDS,
      bucketSeconds: plan.bucketSeconds,
      connections: 32,
      timeoutSeconds: 5,
    },
    context.pinning.generatorCpus,
  );
  try {
    const startEpochMillis = await load.started;
    const at = (epochMillis: number) => (epochMillis - startEpochMillis) / 1000;
    await new Promise((resolve) => setTimeout(resolve, LEAD_SECONDS * 1000));
    const spawnedEpochMillis = Date.now();
    const started = await startCellInstance({
      cell,
      service: WORKLOAD_SERVICE,
      instanceId,
      runDir: context.runDir,
      controlPlane,
      publicPort: port,
    });
    const readyEpochMillis = Date.now();
    const { instance } = started;
    await new Promise((resolve) => setTimeout(resolve, plan.servingSeconds * 1000));
    const libraryWritten =
      cell.mode === 'library' && instance.metricsUrl !== undefined ? await libraryRecordsWritten(instance.metricsUrl) : null;
    const stopEpochMillis = Date.now();
    await stopInOrder(stopOrder, instance.appProcess, instance.sidecarProcess);
    const exitedEpochMillis = Date.now();
    await instance.stop('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, TAIL_SECONDS * 1000));
    load.stop();
    const timeline = await load.result;
    await watch?.stop();
    return {
      lang: cell.lang,
      mode: cell.mode,
      stopOrder,
      timeline,
      spawnedAtSeconds: at(spawnedEpochMillis),
      readyAtSeconds: at(readyEpochMillis),
      stopAtSeconds: at(stopEpochMillis),
      exitedAtSeconds: at(exitedEpochMillis),
      registry: watch === undefined ? null : watch.changes.map((change) => ({ atSeconds: at(change.epochMillis), state: change.state })),
      exits: [
        { role: 'app', exit: describe(instance.appProcess) },
        ...(instance.sidecarProcess ? [{ role: 'sidecar' as const, exit: describe(instance.sidecarProcess) }] : []),
      ],
      logs: await accountStopped(
        client,
        instance.service,
        instanceId,
        cell.mode,
        instance.appProcess.pid,
        instance.logFile,
        libraryWritten,
      ),
    };
  } finally {
    load.stop();
    await load.result.catch(() => undefined);
    await watch?.stop();
  }
}

/** After a graceful stop: the log file's lines (sidecar), or the library's count read just before SIGTERM (a lower bound). */
async function accountStopped(
  client: ControlPlaneClient,
  service: string,
  instanceId: string,
  mode: Mode,
  appPid: number,
  logFile: string,
  libraryWritten: number | null,
): Promise<LogAccounting | null> {
  if (mode === 'none') return null;
  const written: WrittenCount[] =
    mode === 'sidecar'
      ? [{ pid: appPid, records: (await countLinesByPid(logFile)).get(appPid) ?? 0, exact: true }]
      : [{ pid: appPid, records: libraryWritten ?? 0, exact: false }];
  const streams =
    mode === 'sidecar'
      ? await settleStreams(client, service, instanceId, written, { quietSeconds: 1, timeoutSeconds: 5 })
      : await instanceStreams(client, service, instanceId);
  return accountLogs(
    mode === 'sidecar'
      ? "lines of the app's log file"
      : "the library's own count read just before SIGTERM (a lower bound), raised to the highest seq delivered",
    written,
    streams,
  );
}

export function lifecyclePlan(kind: FaultPlanKind, tier: ScenarioContext['tier']) {
  if (tier.tier === 'smoke') return { ratePerSecond: 50, bucketSeconds: 0.05, servingSeconds: 0.5 };
  return { ratePerSecond: 100, bucketSeconds: 0.05, servingSeconds: kind === 'short' ? 1 : tier.tier === 'full' ? 5 : 2 };
}

/** This scenario has no knobs of its own: the tier's shared ones are enough. */
export type LifecycleSettings = Record<string, never>;

export const lifecycleRunner: ScenarioRunner<LifecycleData, LifecycleSettings> = {
  estimateSeconds(tier, _settings, cells, options) {
    const kind = options === undefined ? (tier.tier === 'full' ? 'complete' : 'short') : faultPlanKind({ options });
    return runsOf(kind, cells).length * (LEAD_SECONDS + 2 + lifecyclePlan(kind, tier).servingSeconds + 1 + TAIL_SECONDS);
  },

  async run(context) {
    const messages: Message[] = skippedMessages(context);
    const kind = faultPlanKind(context);
    const plan = lifecyclePlan(kind, context.tier);
    const planned = runsOf(kind, context.cells);
    if (planned.length === 0)
      return { status: 'skipped', data: null, messages: [...messages, { level: 'skipped', scope: 'lifecycle', text: 'no runnable cell' }] };
    if (kind === 'short')
      messages.push({
        level: 'info',
        scope: 'lifecycle',
        text: `short version: ${planned.map(({ cell, stopOrder }) => `${cell.lang}/${cell.mode}${cell.mode === 'sidecar' ? ` (${stopOrder})` : ''}`).join(', ')}; name the scenario (--scenario lifecycle) or use --full for every cell and stop order`,
      });
    const data: LifecycleData = {
      plan: kind,
      request: `GET ${REQUEST_PATH} on customers, sent from before the spawn until after the exit`,
      ...plan,
      runs: [],
    };
    const controlPlane = await startRunControlPlane(context.runDir);
    try {
      for (const [index, { cell, stopOrder }] of planned.entries()) {
        context.step(`lifecycle: ${cell.lang}/${cell.mode} (${stopOrder})`);
        try {
          data.runs.push(await runLifecycleOnce(context, controlPlane, cell, stopOrder, index, plan));
        } catch (error) {
          messages.push({
            level: 'error',
            scope: `${cell.lang}/${cell.mode} ${stopOrder}`,
            text: (error as Error).message.split('\n')[0] ?? 'failed',
          });
        }
      }
    } finally {
      await controlPlane.stop();
    }
    return { status: messages.some((message) => message.level === 'error') ? 'partial' : 'ok', data, messages };
  },
};
