// Starts one service instance in a mode (none, library, sidecar, native) by the start contract, and waits until it is ready.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import spec from '../../spec/features.json' with { type: 'json' };
import type { FeatureName } from '../../library/ts/src/feature.js';
import { settingEnvName } from '../../library/ts/src/settings.js';
import { assertBuilt } from './built.js';
import { readLaunch } from './languages.js';
import { repoRoot } from './paths.js';
import { freePort, releasePort } from './ports.js';
import { spawnProcess, stop, type ManagedProcess } from './processes.js';
import { waitForHttpOk } from './ready.js';
import { haproxyInstalled, HAPROXY_INSTALL_HINT, spawnHaproxy, type HaproxyRoute } from './haproxy.js';
import {
  appLaunch,
  instanceFiles,
  instancePorts,
  nativeRoutes,
  peersEnv,
  recipePorts,
  sidecarLaunch,
  SIDECAR_ENTRY,
  type InstanceRecipe,
  type Mode,
  type SidecarPorts,
} from './recipe.js';

export { CONFORMANCE_MODES, FEATURE_MODES, MODES, SIDECAR_ENTRY, type Mode } from './recipe.js';

export interface InstanceOptions {
  lang: string;
  service: string;
  mode: Mode;
  instanceId: string;
  /** Required for library and sidecar; passed in mode none too, where the app ignores it. */
  controlplaneUrl?: string;
  /** The instance's files go to `<runDir>/<instanceId>/`. */
  runDir: string;
  /** Flat setting keys of spec/features.json (`egress.tryTimeoutSeconds`) to values, given as SCL_ env to app and sidecar. */
  settings?: Readonly<Record<string, number | string>>;
  /** SCL_FEATURES; default all five. */
  features?: readonly FeatureName[];
  /** Modes none and native: service name to base URL (SCL_PEERS); in mode native the app reaches each through its HAProxy. */
  peers?: Readonly<Record<string, string>>;
  /** SCL_TEST_HOOKS=1: the /_scl/* routes. */
  testHooks?: boolean;
  extraEnv?: Readonly<Record<string, string>>;
  readyTimeoutSeconds?: number;
  /** The public port, when the caller must know it before the instance starts (load sent while it starts); else a free one. */
  publicPort?: number;
}

export interface RunningInstance {
  instanceId: string;
  service: string;
  mode: Mode;
  publicPort: number;
  publicUrl: string;
  /** `<public>/metrics` in library mode, the sidecar's admin `/metrics` in sidecar mode, undefined in mode none. */
  metricsUrl: string | undefined;
  /** The app's own port: the public one, or the private one behind the sidecar in sidecar mode. */
  appUrl: string;
  /** The sidecar's admin listener (`/ready`, `/metrics`), in mode agent the app's routes on it; undefined outside these modes. */
  adminUrl: string | undefined;
  /** The live processes; replaced by restart(). */
  appProcess: ManagedProcess;
  /** In mode agent the host's agent, shared with the other apps: stop() leaves it to the host (agent-host.ts). */
  sidecarProcess: ManagedProcess | undefined;
  /** Mode native: the HAProxy in front of the app (and, with peers, on its way out to them). */
  proxyProcess: ManagedProcess | undefined;
  dataDir: string;
  /** The app's JSON-lines log file (SCL_LOG_FILE); only written in sidecar mode. */
  logFile: string;
  /** The config file the sidecar writes (SCL_CONFIG_FILE); only used in sidecar mode. */
  configFile: string;
  /** Stops app then sidecar (SIGTERM with a grace, then SIGKILL); SIGKILL stops both at once. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts the app or the sidecar again with the same command and environment, as a supervisor would after it
   * died (the isolation experiment); it must have exited. Does not wait for readiness.
   */
  restart(role: 'app' | 'sidecar'): ManagedProcess;
}

const SETTING_KEYS = new Set(Object.keys(spec.settings));
/** How long the harness lets a process drain after SIGTERM before SIGKILL. */
export const SIGTERM_GRACE_SECONDS = 12;

/** `{ 'egress.maxAttempts': 1 }` -> `{ SCL_EGRESS_MAX_ATTEMPTS: '1' }`; an unknown key is an error naming the valid ones. */
export function settingsToEnv(settings: Readonly<Record<string, number | string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (!SETTING_KEYS.has(key)) {
      throw new Error(`unknown setting "${key}"; valid: ${[...SETTING_KEYS].join(', ')}`);
    }
    env[settingEnvName(key)] = String(value);
  }
  return env;
}

/** Throws SCL_ERR_NOT_BUILT when the mode needs a compiled part that is missing (the sidecar). */
export function assertModeBuilt(mode: Mode): void {
  if (mode === 'sidecar' || mode === 'agent') assertBuilt(SIDECAR_ENTRY, `the sidecar (${mode} mode needs it)`);
  if (mode === 'native' && !haproxyInstalled()) throw new Error(HAPROXY_INSTALL_HINT);
}

export async function startInstance(options: InstanceOptions): Promise<RunningInstance> {
  if (options.mode === 'agent') throw new Error(`${options.instanceId}: mode agent starts the apps of a host together (startAgentHost)`);
  assertModeBuilt(options.mode);
  if (options.mode !== 'none' && options.mode !== 'native' && options.controlplaneUrl === undefined) {
    throw new Error(`mode ${options.mode} needs a control plane URL`);
  }
  const launch = await readLaunch(options.lang);
  const egress = options.mode === 'native' ? await egressRoutes(options.peers ?? {}) : { routes: [], peers: options.peers };
  const recipe = await recipeOf({ ...options, ...(egress.peers !== undefined ? { peers: egress.peers } : {}) });
  mkdirSync(instanceFiles(recipe).dataDir, { recursive: true });
  const root = repoRoot();
  const instance = runningInstance(recipe, {
    app: () =>
      spawnProcess({
        name: `${recipe.instanceId} app`,
        ...appLaunch(recipe, launch.start, root),
        logFile: join(recipe.dir, 'app.out.log'),
      }),
    sidecar: (appPid) =>
      spawnProcess({
        name: `${recipe.instanceId} sidecar`,
        ...sidecarLaunch(recipe, { root }, appPid),
        logFile: join(recipe.dir, 'sidecar.out.log'),
      }),
    proxy: () =>
      spawnHaproxy({ dir: recipe.dir, name: `${recipe.instanceId} haproxy`, routes: [...nativeRoutes(recipe), ...egress.routes] }),
  });
  try {
    const readyUrl = instance.adminUrl !== undefined ? `${instance.adminUrl}/ready` : `${instance.publicUrl}/health`;
    await waitForHttpOk(readyUrl, { timeoutSeconds: options.readyTimeoutSeconds ?? 20, processes: processesOf(instance) });
  } catch (error) {
    await instance.stop('SIGKILL');
    throw error;
  }
  return instance;
}

/**
 * Mode native's outbound hop, where the sidecar's ambassador stands: one HAProxy route per peer, from a local port
 * to the peer's public URL, and the peers as the app then sees them.
 */
async function egressRoutes(peers: Readonly<Record<string, string>>): Promise<{ routes: HaproxyRoute[]; peers: Record<string, string> }> {
  const routes: HaproxyRoute[] = [];
  const local: Record<string, string> = {};
  for (const [name, url] of Object.entries(peers)) {
    const target = new URL(url);
    if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost')
      throw new Error(`mode native routes peers on this host only, not ${url}`);
    const listenPort = await freePort();
    routes.push({ name: `egress-${name}`, listenPort, targetPort: Number(target.port) });
    local[name] = `http://127.0.0.1:${listenPort}`;
  }
  return { routes, peers: local };
}

/** The options as the recipe takes them: ports picked (in mode agent beside its agent's), the extra variables gathered. */
export async function recipeOf(options: InstanceOptions, agentPorts?: Omit<SidecarPorts, 'app'>): Promise<InstanceRecipe> {
  const ports = await instancePorts(options.mode, freePort, options.publicPort, agentPorts);
  const env: Record<string, string> = {
    ...(options.features !== undefined ? { SCL_FEATURES: options.features.join(',') } : {}),
    ...(options.testHooks === true ? { SCL_TEST_HOOKS: '1' } : {}),
    ...(options.peers !== undefined ? peersEnv(options.peers) : {}),
    ...settingsToEnv(options.settings ?? {}),
    ...options.extraEnv,
  };
  const { lang, service, mode, instanceId, controlplaneUrl } = options;
  return {
    lang,
    service,
    mode,
    instanceId,
    ...(controlplaneUrl !== undefined ? { controlplaneUrl } : {}),
    dir: join(options.runDir, instanceId),
    ...ports,
    env,
  };
}

interface Spawners {
  app: () => ManagedProcess;
  sidecar: (appPid: number) => ManagedProcess;
  proxy: () => ManagedProcess;
}

function runningInstance(recipe: InstanceRecipe, spawn: Spawners): RunningInstance {
  const { instanceId, service, mode, publicPort, sidecarPorts, nativePorts } = recipe;
  const localUrl = (port: number) => `http://127.0.0.1:${port}`;
  const adminUrl = sidecarPorts !== undefined ? localUrl(sidecarPorts.admin) : undefined;
  const appProcess = spawn.app();
  const instance: RunningInstance = {
    instanceId,
    service,
    mode,
    publicPort,
    publicUrl: localUrl(publicPort),
    adminUrl,
    appUrl: localUrl(sidecarPorts?.app ?? nativePorts?.app ?? publicPort),
    metricsUrl: mode === 'library' ? `${localUrl(publicPort)}/metrics` : adminUrl !== undefined ? `${adminUrl}/metrics` : undefined,
    appProcess,
    sidecarProcess: sidecarPorts !== undefined ? spawn.sidecar(appProcess.pid) : undefined,
    proxyProcess: nativePorts !== undefined ? spawn.proxy() : undefined,
    dataDir: instanceFiles(recipe).dataDir,
    logFile: instanceFiles(recipe).logFile,
    configFile: instanceFiles(recipe).configFile,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => stopInstance(instance, signal, recipePorts(recipe)),
    restart(role) {
      const current = role === 'app' ? instance.appProcess : instance.sidecarProcess;
      if (current !== undefined && current.exitInfo === undefined)
        throw new Error(`${current.name} is still running: stop it before restarting it`);
      if (role === 'app') {
        instance.appProcess = spawn.app();
        return instance.appProcess;
      }
      if (sidecarPorts === undefined) throw new Error(`${instanceId} runs in mode ${mode}: it has no sidecar`);
      instance.sidecarProcess = spawn.sidecar(instance.appProcess.pid);
      return instance.sidecarProcess;
    },
  };
  return instance;
}

export async function stopInstance(instance: RunningInstance, signal: NodeJS.Signals, ports: readonly number[]): Promise<void> {
  // Mode agent: the agent carries the other apps of the host too; its host stops it after the last app.
  const processes = instance.mode === 'agent' ? [instance.appProcess] : processesOf(instance);
  if (signal === 'SIGKILL') {
    await Promise.all(processes.map((child) => stop(child, { signal })));
  } else {
    // The app drains first; the sidecar, which carries its traffic and deregisters it, goes last.
    for (const child of processes) await stop(child, { signal, graceSeconds: SIGTERM_GRACE_SECONDS });
  }
  ports.forEach(releasePort);
}

/** App first: it drains before what carries its traffic (sidecar or HAProxy) goes. */
export function processesOf(instance: RunningInstance): ManagedProcess[] {
  return [instance.appProcess, instance.sidecarProcess, instance.proxyProcess].filter((child) => child !== undefined);
}
