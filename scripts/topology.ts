// A topology of one run: the control plane and instances of a (language, mode) cell, with their processes by role.
import { join } from 'node:path';
import type { FeatureName } from '../library/ts/src/feature.js';
import { startControlPlane, type RunningControlPlane } from './orchestration/controlplane.js';
import { startAgentHost } from './orchestration/agent-host.js';
import { startInstance, type InstanceOptions, type RunningInstance } from './orchestration/instance.js';
import { onShutdown } from './bench/cleanup.js';
import type { TrackedProcess } from './sampling/sampler.js';
import type { Cell } from './engine/scenario.js';

export interface StartedInstance {
  cell: Cell;
  instance: RunningInstance;
  /** From spawn to ready (sidecar mode: the sidecar's /ready, which waits for the app). */
  startupSeconds: number;
}

/** Its controlplane.log goes to `logDir`: the run folder, or a subfolder when a scenario keeps several apart. */
export async function startRunControlPlane(logDir: string): Promise<RunningControlPlane> {
  const controlPlane = await startControlPlane({ runDir: logDir });
  const unregister = onShutdown(async () => {
    await controlPlane.stop('SIGKILL');
  });
  const stop = controlPlane.stop;
  return {
    ...controlPlane,
    stop: async (signal) => {
      unregister();
      return stop(signal);
    },
  };
}

export interface InstanceRequest {
  cell: Cell;
  service: string;
  instanceId: string;
  runDir: string;
  controlPlane: RunningControlPlane | undefined;
  features?: readonly FeatureName[];
  /** Extra environment for app and sidecar, e.g. NODE_OPTIONS for a profile. */
  extraEnv?: Readonly<Record<string, string>>;
  /** Modes none and native: where the peers are (SCL_PEERS), as there is no registry to find them. */
  peers?: Readonly<Record<string, string>>;
  /** A public port chosen by the caller (freePort), e.g. to send load while the instance starts. */
  publicPort?: number;
}

/** Starts one instance and times it to ready; it is torn down with the run if the run is interrupted. */
export async function startCellInstance(request: InstanceRequest): Promise<StartedInstance> {
  try {
    return await startCellInstanceOnce(request);
  } catch {
    // Once more: a port picked free may have been taken meanwhile by another process on a busy machine.
    return startCellInstanceOnce(request);
  }
}

/** What the orchestration layer starts for a scenario's request: the cell's language and mode, its files under the run. */
function instanceOptions(request: InstanceRequest): InstanceOptions {
  return {
    lang: request.cell.lang,
    service: request.service,
    mode: request.cell.mode,
    instanceId: request.instanceId,
    runDir: join(request.runDir, 'instances'),
    ...(request.controlPlane !== undefined ? { controlplaneUrl: request.controlPlane.url } : {}),
    ...(request.features !== undefined ? { features: request.features } : {}),
    ...(request.extraEnv !== undefined ? { extraEnv: request.extraEnv } : {}),
    ...(request.peers !== undefined ? { peers: request.peers } : {}),
    ...(request.publicPort !== undefined ? { publicPort: request.publicPort } : {}),
  };
}

async function startCellInstanceOnce(request: InstanceRequest): Promise<StartedInstance> {
  const startedMillis = performance.now();
  const instance = await startInstance(instanceOptions(request));
  const startupSeconds = (performance.now() - startedMillis) / 1000;
  const unregister = onShutdown(async () => {
    await instance.stop('SIGKILL');
  });
  const stop = instance.stop;
  instance.stop = async (signal) => {
    unregister();
    await stop(signal);
  };
  return { cell: request.cell, instance, startupSeconds };
}

/** Instances of one cell on this machine (one host), and the processes they share: in mode agent, its one agent. */
export interface StartedHost {
  instances: StartedInstance[];
  /** The host's agent (mode agent), counted once for all its instances. */
  shared: TrackedProcess[];
  stop(): Promise<void>;
}

/**
 * Starts instances of one cell together. In mode agent, the host's one agent first, with every instance in its apps
 * file, then the apps (spec/sidecar-cli.md, "One agent per host"), and the agent is stopped after them; in any other
 * mode each instance as startCellInstance starts it. Each instance's startup is the whole host's, measured once.
 */
export async function startCellHost(requests: readonly InstanceRequest[]): Promise<StartedHost> {
  const first = requests[0];
  if (first === undefined) throw new Error('a host needs at least one instance');
  if (first.cell.mode !== 'agent') {
    const instances: StartedInstance[] = [];
    try {
      for (const request of requests) instances.push(await startCellInstance(request));
    } catch (error) {
      await stopAll(instances);
      throw error;
    }
    return { instances, shared: [], stop: () => stopAll(instances) };
  }
  const startedMillis = performance.now();
  const host = await startAgentHost(requests.map(instanceOptions), { dir: join(first.runDir, 'instances', `agent-${first.instanceId}`) });
  const startupSeconds = (performance.now() - startedMillis) / 1000;
  const unregister = onShutdown(async () => {
    await host.stop('SIGKILL');
  });
  return {
    instances: host.instances.map((instance, index) => ({ cell: requests[index]!.cell, instance, startupSeconds })),
    shared: [{ pid: host.agentProcess.pid, role: 'sidecar', label: 'agent' }],
    stop: async () => {
      unregister();
      await host.stop('SIGTERM');
    },
  };
}

/** The processes of an instance by role, for the /proc sampler; an agent is its host's (StartedHost.shared), not here. */
export function instanceProcesses(instance: RunningInstance): TrackedProcess[] {
  const processes: TrackedProcess[] = [{ pid: instance.appProcess.pid, role: 'app', label: `${instance.instanceId} app` }];
  if (instance.sidecarProcess !== undefined && instance.mode !== 'agent')
    processes.push({ pid: instance.sidecarProcess.pid, role: 'sidecar', label: `${instance.instanceId} sidecar` });
  if (instance.proxyProcess !== undefined)
    processes.push({ pid: instance.proxyProcess.pid, role: 'proxy', label: `${instance.instanceId} haproxy` });
  return processes;
}

/** Every process of a host by role: each instance's own, then what they share (mode agent: the agent, counted once). */
export function hostProcesses(host: Pick<StartedHost, 'instances' | 'shared'>): TrackedProcess[] {
  return [...host.instances.flatMap((one) => instanceProcesses(one.instance)), ...host.shared];
}

export function controlPlaneProcess(controlPlane: RunningControlPlane): TrackedProcess {
  return { pid: controlPlane.process.pid, role: 'controlplane', label: 'control plane' };
}

/** Modes that need the control plane. */
export function needsControlPlane(cells: readonly Cell[]): boolean {
  return cells.some((cell) => cell.mode !== 'none' && cell.mode !== 'native');
}

/** Stops instances in parallel, quickly: the bench measures running systems, not their shutdown. */
export async function stopAll(instances: readonly StartedInstance[]): Promise<void> {
  await Promise.all(instances.map((started) => started.instance.stop('SIGTERM')));
}
