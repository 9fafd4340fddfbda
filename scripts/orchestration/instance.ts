// Starts one service instance in a mode (none, library, sidecar) by the start contract, and waits until it is ready.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import spec from '../../spec/features.json' with { type: 'json' };
import type { FeatureName } from '../../library/ts/src/feature.js';
import { settingEnvName } from '../../library/ts/src/settings.js';
import { assertBuilt } from './built.js';
import { readLaunch } from './languages.js';
import { fromRoot } from './paths.js';
import { freePort, releasePort } from './ports.js';
import { spawnProcess, stop, type ManagedProcess } from './processes.js';
import { waitForHttpOk } from './ready.js';

export const MODES = ['none', 'library', 'sidecar'] as const;
export type Mode = (typeof MODES)[number];

export const SIDECAR_ENTRY = 'dist/sidecar/src/main.js';

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
  settings?: Readonly<Record<string, number>>;
  /** SCL_FEATURES; default all five. */
  features?: readonly FeatureName[];
  /** Mode none: service name to base URL (SCL_PEERS). */
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
  /** The sidecar's admin listener (`/ready`, `/metrics`); undefined outside sidecar mode. */
  adminUrl: string | undefined;
  /** The live processes; replaced by restart(). */
  appProcess: ManagedProcess;
  sidecarProcess: ManagedProcess | undefined;
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
const SIGTERM_GRACE_SECONDS = 12;

/** `{ 'egress.maxAttempts': 1 }` -> `{ SCL_EGRESS_MAX_ATTEMPTS: '1' }`; an unknown key is an error naming the valid ones. */
export function settingsToEnv(settings: Readonly<Record<string, number>>): Record<string, string> {
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
  if (mode === 'sidecar') assertBuilt(SIDECAR_ENTRY, 'the sidecar (sidecar mode needs it)');
}

export async function startInstance(options: InstanceOptions): Promise<RunningInstance> {
  const { mode, service, instanceId } = options;
  assertModeBuilt(mode);
  if (mode !== 'none' && options.controlplaneUrl === undefined) {
    throw new Error(`mode ${mode} needs a control plane URL`);
  }
  const launch = await readLaunch(options.lang);
  const instanceDir = join(options.runDir, instanceId);
  const dataDir = join(instanceDir, 'data');
  const logFile = join(instanceDir, 'app-log.jsonl');
  const configFile = join(instanceDir, 'config.json');
  mkdirSync(dataDir, { recursive: true });

  const publicPort = options.publicPort ?? (await freePort());
  const ports = [publicPort];
  const sidecarPorts = mode === 'sidecar' ? { app: await freePort(), egress: await freePort(), admin: await freePort(), api: await freePort() } : undefined;
  if (sidecarPorts !== undefined) ports.push(sidecarPorts.app, sidecarPorts.egress, sidecarPorts.admin, sidecarPorts.api);

  const env: Record<string, string> = {
    SCL_SERVICE: service,
    SCL_MODE: mode,
    SCL_INSTANCE_ID: instanceId,
    SCL_PUBLIC_PORT: String(publicPort),
    SCL_HOST: '127.0.0.1',
    SCL_DATA_DIR: dataDir,
    ...(options.controlplaneUrl !== undefined ? { SCL_CONTROLPLANE_URL: options.controlplaneUrl } : {}),
    ...(options.features !== undefined ? { SCL_FEATURES: options.features.join(',') } : {}),
    ...(options.testHooks === true ? { SCL_TEST_HOOKS: '1' } : {}),
    ...(options.peers !== undefined ? { SCL_PEERS: Object.entries(options.peers).map(([name, url]) => `${name}=${url}`).join(',') } : {}),
    ...settingsToEnv(options.settings ?? {}),
    ...options.extraEnv,
  };
  if (sidecarPorts !== undefined) {
    Object.assign(env, {
      SCL_PRIVATE_PORT: String(sidecarPorts.app),
      SCL_LOG_FILE: logFile,
      SCL_CONFIG_FILE: configFile,
      SCL_EGRESS_URL: `http://127.0.0.1:${sidecarPorts.egress}`,
      SCL_SIDECAR_API_URL: `http://127.0.0.1:${sidecarPorts.api}`,
    });
  }

  const spawnApp = () => spawnProcess({
    name: `${instanceId} app`,
    command: launch.start.command,
    args: launch.start.args ?? [],
    env,
    logFile: join(instanceDir, 'app.out.log'),
  });
  const spawnSidecar = (appPid: number) => {
    if (sidecarPorts === undefined) throw new Error(`${instanceId} runs in mode ${mode}: it has no sidecar`);
    return spawnProcess({
      name: `${instanceId} sidecar`,
      command: process.execPath,
      args: [
        fromRoot(SIDECAR_ENTRY),
        '--service', service,
        '--instance-id', instanceId,
        '--public-port', String(publicPort),
        '--app-port', String(sidecarPorts.app),
        '--egress-port', String(sidecarPorts.egress),
        '--admin-port', String(sidecarPorts.admin),
        '--api-port', String(sidecarPorts.api),
        '--controlplane', options.controlplaneUrl as string,
        '--data-dir', join(instanceDir, 'sidecar'),
        '--log-file', logFile,
        '--config-file', configFile,
        '--app-pid', String(appPid),
        '--app-lang', options.lang,
      ],
      env,
      logFile: join(instanceDir, 'sidecar.out.log'),
    });
  };

  const publicUrl = `http://127.0.0.1:${publicPort}`;
  const adminUrl = sidecarPorts !== undefined ? `http://127.0.0.1:${sidecarPorts.admin}` : undefined;
  const appProcess = spawnApp();
  const instance: RunningInstance = {
    instanceId,
    service,
    mode,
    publicPort,
    publicUrl,
    appUrl: sidecarPorts !== undefined ? `http://127.0.0.1:${sidecarPorts.app}` : publicUrl,
    adminUrl,
    metricsUrl: mode === 'library' ? `${publicUrl}/metrics` : adminUrl !== undefined ? `${adminUrl}/metrics` : undefined,
    appProcess,
    sidecarProcess: sidecarPorts !== undefined ? spawnSidecar(appProcess.pid) : undefined,
    dataDir,
    logFile,
    configFile,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      const processes = processesOf(instance);
      if (signal === 'SIGKILL') {
        await Promise.all(processes.map((child) => stop(child, { signal })));
      } else {
        // The app drains first; the sidecar, which carries its traffic and deregisters it, goes last.
        for (const child of processes) await stop(child, { signal, graceSeconds: SIGTERM_GRACE_SECONDS });
      }
      ports.forEach(releasePort);
    },
    restart(role) {
      const current = role === 'app' ? instance.appProcess : instance.sidecarProcess;
      if (current !== undefined && current.exitInfo === undefined) throw new Error(`${current.name} is still running: stop it before restarting it`);
      if (role === 'app') return (instance.appProcess = spawnApp());
      return (instance.sidecarProcess = spawnSidecar(instance.appProcess.pid));
    },
  };

  try {
    const readyUrl = adminUrl !== undefined ? `${adminUrl}/ready` : `${publicUrl}/health`;
    await waitForHttpOk(readyUrl, { timeoutSeconds: options.readyTimeoutSeconds ?? 20, processes: processesOf(instance) });
  } catch (error) {
    await instance.stop('SIGKILL');
    throw error;
  }
  return instance;
}

function processesOf(instance: RunningInstance): ManagedProcess[] {
  return instance.sidecarProcess !== undefined ? [instance.appProcess, instance.sidecarProcess] : [instance.appProcess];
}
