// Mode agent (spec/sidecar-cli.md, "One agent per host"): the host's one agent, started first with every app in its
// apps file, then the apps exactly as in sidecar mode; on stop the apps drain first and the agent goes last.
// This machine is one host. The recipe (recipe.ts) says each process's command; instance.ts the apps' shape.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLaunch } from './languages.js';
import { repoRoot } from './paths.js';
import { freePort, releasePort } from './ports.js';
import { spawnProcess, stop, type ManagedProcess } from './processes.js';
import { waitForHttpOk } from './ready.js';
import { assertModeBuilt, recipeOf, stopInstance, type InstanceOptions, type RunningInstance } from './instance.js';
import {
  agentAppPath,
  agentAppsFile,
  agentAppsText,
  agentLaunch,
  appLaunch,
  instanceFiles,
  recipePorts,
  type AgentHostRecipe,
  type InstanceRecipe,
} from './recipe.js';

export interface RunningAgentHost {
  agentProcess: ManagedProcess;
  /** The agent's admin listener: `/ready` (every app), `/live`, `/metrics` (the ambassador's). */
  adminUrl: string;
  /** In the order given; each one's sidecarProcess is the agent. */
  instances: RunningInstance[];
  /** SIGTERM: every app drains, then the agent (it carries their traffic and deregisters them); SIGKILL: all at once. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /**
   * An upgrade of the agent alone (the upgrade experiment's agent path): SIGTERM the agent (it deregisters and drains
   * every app of the host) and, once it exited, start the build at `root` on the same ports and apps file; the apps
   * keep running throughout. Resolves with when it exited and when every app was ready behind the new one.
   */
  replaceAgent(root: string): Promise<{ exitedMillis: number; startedMillis: number; readyMillis: number }>;
}

export interface AgentHostOptions {
  /** The agent's folder: its apps file, its state, its output. */
  dir: string;
  readyTimeoutSeconds?: number;
  /** The tree the agent and the apps start from (default this one): the upgrade experiment starts the old build's. */
  root?: string;
}

const AGENT_SIGTERM_GRACE_SECONDS = 15;

/** Starts the agent, then the apps (each InstanceOptions in mode agent); resolves once every app is ready behind it. */
export async function startAgentHost(apps: readonly InstanceOptions[], options: AgentHostOptions): Promise<RunningAgentHost> {
  assertModeBuilt('agent');
  const first = apps[0];
  if (first === undefined) throw new Error('an agent host needs at least one app');
  const controlplaneUrl = first.controlplaneUrl;
  if (apps.some((app) => app.mode !== 'agent' || app.controlplaneUrl !== controlplaneUrl) || controlplaneUrl === undefined)
    throw new Error('the apps of an agent host are all in mode agent, with the one control plane URL');
  const shared = { admin: await freePort(), egress: await freePort(), api: await freePort() };
  const recipes: InstanceRecipe[] = [];
  for (const app of apps) recipes.push(await recipeOf(app, shared));
  const host: AgentHostRecipe = { dir: options.dir, controlplaneUrl, apps: recipes, env: agentEnv(recipes) };
  mkdirSync(join(host.dir, 'data'), { recursive: true });
  for (const recipe of recipes) mkdirSync(instanceFiles(recipe).dataDir, { recursive: true });
  writeFileSync(agentAppsFile(host), agentAppsText(host));

  const root = options.root ?? repoRoot();
  const adminUrl = `http://127.0.0.1:${shared.admin}`;
  let generation = 0;
  // Its ports are the host's (freePort hands them out of the ephemeral range), so a new agent binds them again safely.
  const spawnAgent = (from: string) =>
    spawnProcess({
      name: 'agent',
      ...agentLaunch(host, { root: from }),
      logFile: join(host.dir, generation++ === 0 ? 'agent.out.log' : `agent.${generation}.out.log`),
    });
  const agentProcess = spawnAgent(root);
  const instances: RunningInstance[] = [];
  const release = () => Object.values(shared).forEach(releasePort);
  const timeoutSeconds = options.readyTimeoutSeconds ?? 20;
  const appsReady = async () => {
    for (const one of instances)
      await waitForHttpOk(`${one.adminUrl}/ready`, { timeoutSeconds, processes: [one.appProcess, running.agentProcess] });
  };
  const running: RunningAgentHost = {
    agentProcess,
    adminUrl,
    instances,
    async stop(signal = 'SIGTERM') {
      if (signal === 'SIGKILL') {
        await Promise.all([...instances.map((one) => one.stop('SIGKILL')), stop(running.agentProcess, { signal })]);
      } else {
        await Promise.all(instances.map((one) => one.stop(signal)));
        await stop(running.agentProcess, { signal, graceSeconds: AGENT_SIGTERM_GRACE_SECONDS });
      }
      release();
    },
    async replaceAgent(from) {
      await stop(running.agentProcess, { signal: 'SIGTERM', graceSeconds: AGENT_SIGTERM_GRACE_SECONDS });
      const exitedMillis = Date.now();
      running.agentProcess = spawnAgent(from);
      for (const one of instances) one.sidecarProcess = running.agentProcess;
      const startedMillis = Date.now();
      await waitForHttpOk(`${adminUrl}/live`, { timeoutSeconds, processes: [running.agentProcess] });
      await appsReady();
      return { exitedMillis, startedMillis, readyMillis: Date.now() };
    },
  };
  try {
    // Before the apps: every public port answers (503 until its app is servable) from the moment an app starts.
    await waitForHttpOk(`${adminUrl}/live`, { timeoutSeconds, processes: [agentProcess] });
    for (const recipe of recipes) {
      const start = (await readLaunch(recipe.lang)).start;
      instances.push(agentApp(recipe, agentProcess, adminUrl, () => appLaunch(recipe, start, root)));
    }
    await appsReady();
  } catch (error) {
    await running.stop('SIGKILL');
    throw error;
  }
  return running;
}

/** The agent's environment: features and settings are one process's, so every app of the host must bring the same. */
function agentEnv(recipes: readonly InstanceRecipe[]): Record<string, string> {
  // SCL_PEERS is mode none's; the agent finds peers in the registry.
  const { SCL_PEERS: _peers, ...env } = recipes[0]?.env ?? {};
  const same = (recipe: InstanceRecipe) => {
    const { SCL_PEERS: _p, ...other } = recipe.env ?? {};
    return JSON.stringify(Object.entries(other).sort()) === JSON.stringify(Object.entries(env).sort());
  };
  if (!recipes.every(same)) throw new Error('the apps of an agent host have different features or settings: the agent has one set');
  return env;
}

/** One app behind the host's agent: started now, as in sidecar mode; its admin routes are its prefix on the agent's. */
function agentApp(
  recipe: InstanceRecipe,
  agent: ManagedProcess,
  agentAdminUrl: string,
  launch: () => ReturnType<typeof appLaunch>,
): RunningInstance {
  const { instanceId, service, publicPort } = recipe;
  const files = instanceFiles(recipe);
  const spawnApp = () => spawnProcess({ name: `${instanceId} app`, ...launch(), logFile: join(recipe.dir, 'app.out.log') });
  const adminUrl = `${agentAdminUrl}${agentAppPath(instanceId)}`;
  const instance: RunningInstance = {
    instanceId,
    service,
    mode: 'agent',
    publicPort,
    publicUrl: `http://127.0.0.1:${publicPort}`,
    metricsUrl: `${adminUrl}/metrics`,
    appUrl: `http://127.0.0.1:${recipe.sidecarPorts!.app}`,
    adminUrl,
    appProcess: spawnApp(),
    sidecarProcess: agent,
    proxyProcess: undefined,
    dataDir: files.dataDir,
    logFile: files.logFile,
    configFile: files.configFile,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => stopInstance(instance, signal, recipePorts(recipe)),
    restart(role) {
      if (role === 'sidecar') throw new Error(`${instanceId}: the agent is the host's; stop and start the host instead`);
      if (instance.appProcess.exitInfo === undefined)
        throw new Error(`${instance.appProcess.name} is still running: stop it before restarting it`);
      instance.appProcess = spawnApp();
      return instance.appProcess;
    },
  };
  return instance;
}
