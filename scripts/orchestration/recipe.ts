// The one recipe for an instance: the app's and the sidecar's command, arguments and environment by the start
// contract (spec/start-contract.md, spec/sidecar-cli.md), run from a given tree (the repository or a scratch copy).
// Mode native is the floor of a hop: the app as in mode none, on a private port, with HAProxy on the public one.
// Mode agent is sidecar mode with one sidecar process for every app of the host (spec/sidecar-cli.md, "One agent per
// host"): each app as in sidecar mode, the agent started before them with every app in its apps file.
import { isAbsolute, join, resolve } from 'node:path';
import type { HaproxyRoute } from './haproxy.js';
import type { LaunchCommand } from './languages.js';

export const MODES = ['none', 'library', 'sidecar', 'native', 'agent'] as const;
export type Mode = (typeof MODES)[number];
/** The modes that run the five features somewhere (or nowhere, the baseline); mode native has none, only the hop. */
export const FEATURE_MODES: readonly Mode[] = ['none', 'library', 'sidecar'];
/**
 * Every mode a conformance vector can check: the feature modes and agent, which starts instances by host
 * (agent-host.ts), so only what names it runs it: a scenario's `modes`, conformance's --mode.
 */
export const CONFORMANCE_MODES: readonly Mode[] = [...FEATURE_MODES, 'agent'];

/**
 * The sidecar's entry point, relative to a tree's root: the bundle `npm run build` makes (one minified file per thread,
 * sidecar/build/bundle.ts), the build a user deploys, so the one every mode and benchmark measures.
 */
export const SIDECAR_ENTRY = 'dist/sidecar/bundle/main.js';

/** The ports of sidecar mode besides the public one: the app's private port and the sidecar's own listeners. */
export interface SidecarPorts {
  app: number;
  admin: number;
  egress?: number;
  api?: number;
  grpc?: number;
}

export interface InstanceRecipe {
  lang: string;
  service: string;
  mode: Mode;
  instanceId: string;
  /** Required for library and sidecar; passed in mode none too, where the app ignores it. */
  controlplaneUrl?: string;
  /** The instance's folder: `data/`, `app-log.jsonl`, `config.json`, `sidecar/`. */
  dir: string;
  /** The app's JSON-lines log file, when not `<dir>/app-log.jsonl`. */
  logFile?: string;
  publicPort: number;
  /**
   * The address clients reach the instance at: the app binds it in modes none and library, the sidecar's ingress binds
   * and advertises it in sidecar mode (the app stays on 127.0.0.1 behind it). Default 127.0.0.1, the harness's one host;
   * a Kubernetes pod gives its own IP (scripts/k8s/).
   */
  host?: string;
  /** Sidecar mode; in mode agent the app's own port and the host's agent's (shared by every app of the host). */
  sidecarPorts?: SidecarPorts;
  /** Mode native only: the app's private port, behind HAProxy on the public one. */
  nativePorts?: { app: number };
  /** Added to the contract's variables for app and sidecar: features, settings, peers, NODE_OPTIONS, a tree's PYTHONPATH. */
  env?: Readonly<Record<string, string>>;
}

/** What spawnProcess needs besides a name and a log file. */
export interface ProcessLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** Which sidecar build runs, and with which node flags. */
export interface SidecarBuild {
  /** The tree it runs from (its working directory). */
  root: string;
  /** Its entry point, relative to `root` or absolute; default SIDECAR_ENTRY. */
  entry?: string;
  nodeFlags?: readonly string[];
  /** The node executable; default this process's own (a container image names its own). */
  node?: string;
}

export function instanceFiles(recipe: Pick<InstanceRecipe, 'dir' | 'logFile'>): {
  dataDir: string;
  logFile: string;
  configFile: string;
  sidecarDataDir: string;
} {
  const { dir } = recipe;
  return {
    dataDir: join(dir, 'data'),
    logFile: recipe.logFile ?? join(dir, 'app-log.jsonl'),
    configFile: join(dir, 'config.json'),
    sidecarDataDir: join(dir, 'sidecar'),
  };
}

const localUrl = (port: number): string => `http://127.0.0.1:${port}`;

/** Mode agent: an app's routes on its agent's admin and local API listeners (spec/sidecar-cli.md). */
export function agentAppPath(instanceId: string): string {
  return `/apps/${instanceId}`;
}

/** The start contract's variables for this instance, then the recipe's own. */
export function instanceEnv(recipe: InstanceRecipe): Record<string, string> {
  const files = instanceFiles(recipe);
  const ports = recipe.sidecarPorts;
  // Mode native: the app knows nothing of the proxy in front of it; it runs as in mode none, on its private port.
  const native = recipe.nativePorts;
  // Behind a hop (sidecar, HAProxy) the app is reached only from its own host: it binds 127.0.0.1 whatever the host.
  const behindHop = ports !== undefined || native !== undefined;
  return {
    SCL_SERVICE: recipe.service,
    // Under an agent the app runs exactly as in sidecar mode; only the local API's URL says which app it is.
    SCL_MODE: recipe.mode === 'native' ? 'none' : recipe.mode === 'agent' ? 'sidecar' : recipe.mode,
    SCL_INSTANCE_ID: recipe.instanceId,
    SCL_PUBLIC_PORT: String(native?.app ?? recipe.publicPort),
    SCL_HOST: behindHop ? '127.0.0.1' : (recipe.host ?? '127.0.0.1'),
    SCL_DATA_DIR: files.dataDir,
    ...(recipe.controlplaneUrl !== undefined ? { SCL_CONTROLPLANE_URL: recipe.controlplaneUrl } : {}),
    ...(ports !== undefined ? { SCL_PRIVATE_PORT: String(ports.app), SCL_LOG_FILE: files.logFile, SCL_CONFIG_FILE: files.configFile } : {}),
    ...(ports?.egress !== undefined ? { SCL_EGRESS_URL: localUrl(ports.egress) } : {}),
    ...(ports?.api !== undefined
      ? { SCL_SIDECAR_API_URL: `${localUrl(ports.api)}${recipe.mode === 'agent' ? agentAppPath(recipe.instanceId) : ''}` }
      : {}),
    ...recipe.env,
  };
}

/** SCL_PEERS for modes none and native, which have no registry: `customers=http://...,payment=http://...`. */
export function peersEnv(peers: Readonly<Record<string, string>>): { SCL_PEERS: string } {
  return {
    SCL_PEERS: Object.entries(peers)
      .map(([name, url]) => `${name}=${url}`)
      .join(','),
  };
}

/** A relative path in a launch file (`dist/...`, `.cache/...`, `.venv/...`) names a file of the tree it runs from. */
function rooted(root: string, word: string): string {
  return word.includes('/') && !isAbsolute(word) && !word.startsWith('-') ? join(root, word) : word;
}

/** The app as `start` (the language's launch.json start command, or a stand-in) runs it from the tree at `root`. */
export function appLaunch(recipe: InstanceRecipe, start: LaunchCommand, root: string): ProcessLaunch {
  return {
    command: rooted(root, start.command),
    args: (start.args ?? []).map((arg) => rooted(root, arg)),
    env: instanceEnv(recipe),
    cwd: root,
  };
}

/** The sidecar beside the app; `appPid` spares it finding the app by its port (spec/sidecar-cli.md). */
export function sidecarLaunch(recipe: InstanceRecipe, build: SidecarBuild, appPid?: number): ProcessLaunch {
  const ports = recipe.sidecarPorts;
  if (ports === undefined || recipe.controlplaneUrl === undefined)
    throw new Error(`${recipe.instanceId} runs in mode ${recipe.mode}: it has no sidecar ports and control plane`);
  const files = instanceFiles(recipe);
  const optional = (flag: string, value: number | undefined): string[] => (value === undefined ? [] : [flag, String(value)]);
  const args = [
    ...(build.nodeFlags ?? []),
    resolve(build.root, build.entry ?? SIDECAR_ENTRY),
    '--service',
    recipe.service,
    '--instance-id',
    recipe.instanceId,
    '--public-port',
    String(recipe.publicPort),
    ...(recipe.host !== undefined ? ['--public-host', recipe.host] : []),
    '--app-port',
    String(ports.app),
    '--admin-port',
    String(ports.admin),
    ...optional('--egress-port', ports.egress),
    ...optional('--api-port', ports.api),
    ...optional('--grpc-port', ports.grpc),
    '--controlplane',
    recipe.controlplaneUrl,
    '--data-dir',
    files.sidecarDataDir,
    '--log-file',
    files.logFile,
    '--config-file',
    files.configFile,
    ...optional('--app-pid', appPid),
    '--app-lang',
    recipe.lang,
  ];
  return { command: build.node ?? process.execPath, args, env: instanceEnv(recipe), cwd: build.root };
}

/** Mode agent: one host's agent and the apps it serves, all started from one tree. */
export interface AgentHostRecipe {
  /** The agent's folder: `apps.json`, `data/`. */
  dir: string;
  controlplaneUrl: string;
  /** The apps of the host, each with its own app port and the agent's admin, egress and API ports. */
  apps: readonly InstanceRecipe[];
  /** The agent's environment: features and settings are the process's, so the same for every app. */
  env: Readonly<Record<string, string>>;
  /**
   * The address the agent's ingress binds and the registry advertises for every app (--public-host): default 127.0.0.1,
   * the harness's one host; a Kubernetes node gives its IP (scripts/k8s/).
   */
  host?: string;
}

export function agentAppsFile(host: Pick<AgentHostRecipe, 'dir'>): string {
  return join(host.dir, 'apps.json');
}

/** The apps file as the agent reads it (--apps): its entries as JSON, one line per key. */
export function agentAppsText(host: AgentHostRecipe): string {
  return `${JSON.stringify(agentApps(host), null, 2)}\n`;
}

/** The apps file's entries: each app's per-app sidecar flags (spec/sidecar-cli.md, "One agent per host"). */
export function agentApps(host: AgentHostRecipe): Record<string, string | number>[] {
  return host.apps.map((recipe) => {
    const files = instanceFiles(recipe);
    if (recipe.sidecarPorts === undefined) throw new Error(`${recipe.instanceId} has no app port behind the agent`);
    return {
      service: recipe.service,
      'instance-id': recipe.instanceId,
      'public-port': recipe.publicPort,
      'app-port': recipe.sidecarPorts.app,
      'log-file': files.logFile,
      'config-file': files.configFile,
      'app-lang': recipe.lang,
    };
  });
}

/** The agent of a host: the sidecar's entry with --apps and the ports its apps share (taken from the first app). */
export function agentLaunch(host: AgentHostRecipe, build: SidecarBuild): ProcessLaunch {
  const shared = host.apps[0]?.sidecarPorts;
  if (shared === undefined) throw new Error('an agent needs at least one app with its ports');
  const optional = (flag: string, value: number | undefined): string[] => (value === undefined ? [] : [flag, String(value)]);
  const args = [
    ...(build.nodeFlags ?? []),
    resolve(build.root, build.entry ?? SIDECAR_ENTRY),
    '--apps',
    agentAppsFile(host),
    ...(host.host !== undefined ? ['--public-host', host.host] : []),
    '--admin-port',
    String(shared.admin),
    ...optional('--egress-port', shared.egress),
    ...optional('--api-port', shared.api),
    '--controlplane',
    host.controlplaneUrl,
    '--data-dir',
    join(host.dir, 'data'),
  ];
  return { command: build.node ?? process.execPath, args, env: { ...host.env }, cwd: build.root };
}

/** Mode native: HAProxy's one route, from the public port to the app's private one. */
export function nativeRoutes(recipe: Pick<InstanceRecipe, 'instanceId' | 'mode' | 'publicPort' | 'nativePorts'>): HaproxyRoute[] {
  if (recipe.nativePorts === undefined) throw new Error(`${recipe.instanceId} runs in mode ${recipe.mode}: it has no HAProxy in front`);
  return [{ name: 'ingress', listenPort: recipe.publicPort, targetPort: recipe.nativePorts.app }];
}

/**
 * The public port (unless the caller chose it) and, in sidecar mode, the others, each from `pick`: freePort, or
 * stablePort for an instance restarted on the same ports.
 */
export async function instancePorts(
  mode: Mode,
  pick: () => Promise<number>,
  chosenPublicPort?: number,
  agentPorts?: Omit<SidecarPorts, 'app'>,
): Promise<Pick<InstanceRecipe, 'publicPort' | 'sidecarPorts' | 'nativePorts'>> {
  const publicPort = chosenPublicPort ?? (await pick());
  if (mode === 'native') return { publicPort, nativePorts: { app: await pick() } };
  if (mode === 'agent') {
    if (agentPorts === undefined) throw new Error("mode agent: an app's ports need its agent's");
    return { publicPort, sidecarPorts: { app: await pick(), ...agentPorts } };
  }
  if (mode !== 'sidecar') return { publicPort };
  return { publicPort, sidecarPorts: { app: await pick(), egress: await pick(), admin: await pick(), api: await pick() } };
}

/** The ports an instance holds alone (an agent's are its host's, released when the agent stops). */
export function recipePorts(recipe: Pick<InstanceRecipe, 'mode' | 'publicPort' | 'sidecarPorts' | 'nativePorts'>): number[] {
  if (recipe.mode === 'agent') return [recipe.publicPort, ...(recipe.sidecarPorts !== undefined ? [recipe.sidecarPorts.app] : [])];
  return [recipe.publicPort, ...Object.values(recipe.sidecarPorts ?? {}), ...Object.values(recipe.nativePorts ?? {})];
}
