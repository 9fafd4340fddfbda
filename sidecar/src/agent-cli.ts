// The agent's command line (spec/sidecar-cli.md, "One agent per host"): the sidecar's own flags, with --apps naming a
// JSON file that gives each app its per-app flags. Each app is checked by the sidecar's parser, so the two never drift.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FeatureName } from '../../library/ts/src/feature.js';
import { badFlag, parseFlags, type SidecarOptions } from './cli.js';
import { SidecarError } from './errors.js';
import type { LocalEndpoint } from './net/listen.js';

/** What one process shares between its apps: the ambassador, the admin and API listeners, the control plane, the drain. */
export interface AgentOptions {
  apps: SidecarOptions[];
  egressPort: number | undefined;
  admin: LocalEndpoint[];
  api: LocalEndpoint[];
  controlplaneUrl: string;
  /** Each app's state goes to `<dataDir>/<instance-id>/`. */
  dataDir: string;
  graceSeconds: number;
}

export type CommandLine = { kind: 'sidecar'; options: SidecarOptions } | { kind: 'agent'; options: AgentOptions };

/** The flags an apps file entry gives (without the dashes); every other flag is the agent's, given once. */
export const PER_APP_FLAGS = ['service', 'instance-id', 'public-port', 'app-port', 'log-file', 'config-file', 'app-pid', 'app-lang'];
/** The gRPC API is not served per app by an agent (its requests carry no app): refused rather than silently shared. */
const NOT_IN_AGENT_MODE = ['grpc-port', 'grpc-socket'];

/** Undefined when --help was asked for. */
export function parseCommandLine(args: readonly string[], features: readonly FeatureName[]): CommandLine | undefined {
  const at = args.findIndex((arg) => arg === '--apps' || arg.startsWith('--apps='));
  if (at < 0 || args.includes('--help')) {
    const options = parseFlags(args, features);
    return options === undefined ? undefined : { kind: 'sidecar', options };
  }
  const inline = args[at]!.startsWith('--apps=');
  const file = inline ? args[at]!.slice('--apps='.length) : args[at + 1];
  if (file === undefined || file.trim() === '') throw badFlag('--apps is given without a file; valid values: a JSON file of apps');
  const shared = [...args.slice(0, at), ...args.slice(at + (inline ? 1 : 2))];
  for (const arg of shared) {
    const name = /^--([a-z-]+)/.exec(arg)?.[1];
    if (name !== undefined && PER_APP_FLAGS.includes(name))
      throw badFlag(`--${name} is given per app in the --apps file in agent mode; valid values: the agent's own flags`);
    if (name !== undefined && NOT_IN_AGENT_MODE.includes(name))
      throw badFlag(`--${name} is not served by an agent (--apps); valid values: --api-port or --api-socket`);
  }
  const apps = readApps(file).map((entry, index) => parseApp(entry, index, file, shared, features));
  checkDistinctApps(apps);
  const first = apps[0]!;
  return {
    kind: 'agent',
    options: {
      apps: apps.map((app) => ({ ...app, dataDir: join(app.dataDir, app.instanceId), placement: 'agent' })),
      egressPort: first.egressPort,
      admin: first.admin,
      api: first.api,
      controlplaneUrl: first.controlplaneUrl,
      dataDir: first.dataDir,
      graceSeconds: first.graceSeconds,
    },
  };
}

function readApps(file: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (error) {
    throw badFlag(`--apps="${file}" is invalid (${(error as Error).message}); valid values: a readable JSON file of apps`);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length === 0 ||
    !parsed.every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry))
  )
    throw badFlag(`--apps="${file}" is invalid; valid values: a JSON array of at least one object of per-app flags`);
  return parsed as Record<string, unknown>[];
}

/** An entry is the sidecar's per-app flags as keys; the sidecar's parser checks them with the agent's shared flags. */
function parseApp(
  entry: Record<string, unknown>,
  index: number,
  file: string,
  shared: readonly string[],
  features: readonly FeatureName[],
): SidecarOptions {
  const where = `--apps="${file}" app ${index + 1}`;
  const args: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (!PER_APP_FLAGS.includes(key) || (typeof value !== 'string' && typeof value !== 'number'))
      throw badFlag(`${where}: "${key}" is invalid; valid values: ${PER_APP_FLAGS.join(', ')}, each a string or a number`);
    args.push(`--${key}`, String(value));
  }
  try {
    return parseFlags([...args, ...shared], features)!;
  } catch (error) {
    if (error instanceof SidecarError) throw badFlag(`${where}: ${error.message}`);
    throw error;
  }
}

/** Each app is its own instance: no instance id, public or private port is given to two apps. */
function checkDistinctApps(apps: readonly SidecarOptions[]): void {
  const seen = new Map<string, number>();
  for (const [index, app] of apps.entries()) {
    for (const key of [`instance-id ${app.instanceId}`, `port ${app.publicPort}`, `port ${app.appPort}`]) {
      const other = seen.get(key);
      if (other !== undefined)
        throw badFlag(
          `--apps app ${index + 1}: its ${key} is already app ${other + 1}'s; valid values: an instance id and ports no other app uses`,
        );
      seen.set(key, index);
    }
  }
}
