// The sidecar's command line (spec/sidecar-cli.md): every flag checked, or SCL_ERR_BAD_FLAG naming it and its valid values.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FeatureName } from '../../library/ts/src/feature.js';
import { SidecarError } from './errors.js';
import type { LocalEndpoint } from './net/listen.js';
import { fromRoot } from './paths.js';

export interface SidecarOptions {
  service: string;
  instanceId: string;
  /** Address ingress binds and the registry advertises. */
  publicHost: string;
  publicPort: number;
  appPort: number;
  egressPort: number | undefined;
  admin: LocalEndpoint[];
  api: LocalEndpoint[];
  grpc: LocalEndpoint[];
  controlplaneUrl: string;
  dataDir: string;
  logFile: string | undefined;
  configFile: string | undefined;
  appPid: number | undefined;
  appLang: string | undefined;
  routesFile: string;
  graceSeconds: number;
  /** `agent` when this app is one of an agent's (--apps): its log records say scl.mode agent. */
  placement: 'sidecar' | 'agent';
}

interface FlagHelp {
  value: string;
  help: string;
}

/** One table for parsing and for --help, in the order of spec/sidecar-cli.md. */
const FLAGS: Record<string, FlagHelp> = {
  service: { value: '<name>', help: "the app's service name, as registered (required)" },
  'instance-id': { value: '<id>', help: "the app's instance id, SCL_INSTANCE_ID (required)" },
  'public-port': { value: '<1-65535>', help: 'ingress: clients call this port; the registry advertises it (required)' },
  'public-host': { value: '<address>', help: 'address ingress binds and the registry advertises (default 127.0.0.1)' },
  'app-port': { value: '<1-65535>', help: "the app's private port; ingress proxies to it, health checks call /health on it (required)" },
  'egress-port': { value: '<1-65535>', help: "the ambassador's listener on 127.0.0.1 (the app's SCL_EGRESS_URL)" },
  'admin-port': { value: '<1-65535>', help: '/metrics, /ready, /live on 127.0.0.1 (this or --admin-socket is required)' },
  'admin-socket': { value: '<path>', help: '/metrics, /ready, /live on a Unix socket' },
  'api-port': { value: '<1-65535>', help: "local HTTP/JSON API on 127.0.0.1 (the app's SCL_SIDECAR_API_URL)" },
  'api-socket': { value: '<path>', help: 'local HTTP/JSON API on a Unix socket' },
  'grpc-port': { value: '<1-65535>', help: 'local gRPC API (spec/sidecar.proto) on 127.0.0.1' },
  'grpc-socket': { value: '<path>', help: 'local gRPC API on a Unix socket' },
  controlplane: { value: '<url>', help: 'control plane base URL, http(s):// (required)' },
  'data-dir': { value: '<folder>', help: "the sidecar's state: the log offset file (required; created if missing)" },
  'log-file': { value: '<file>', help: "the app's JSON-lines log file to tail (required when logs is enabled)" },
  'config-file': { value: '<file>', help: "the file the app's config is written to (required when config is enabled)" },
  'app-pid': { value: '<pid>', help: "the app's pid for /proc metrics (default: the process listening on --app-port)" },
  'app-lang': { value: '<name>', help: "the app's language, the scl.lang of its log records (default: guessed from the app's executable)" },
  routes: { value: '<file>', help: 'OpenAPI file whose path templates label request metrics (default spec/services.openapi.yaml)' },
  'grace-seconds': { value: '<0-3600>', help: 'drain time on SIGTERM (default 10)' },
  apps: {
    value: '<file>',
    help: "agent mode: a JSON file of the apps this one process serves (spec/sidecar-cli.md, 'One agent per host')",
  },
  help: { value: '', help: 'print this text' },
};

const PARSE_OPTIONS = Object.fromEntries(
  Object.entries(FLAGS).map(([name, flag]) => [name, { type: flag.value === '' ? 'boolean' : 'string' } as const]),
);
const VALID_FLAGS = Object.keys(FLAGS)
  .map((name) => `--${name}`)
  .join(', ');
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const INSTANCE_ID = /^[A-Za-z0-9._-]{1,128}$/;
const LANG_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
/** sun_path holds 108 bytes, the terminating NUL included. */
const MAX_SOCKET_PATH_BYTES = 107;

export function usage(): string {
  const width = Math.max(...Object.entries(FLAGS).map(([name, flag]) => name.length + flag.value.length + 3));
  const lines = Object.entries(FLAGS).map(([name, flag]) => `  ${`--${name} ${flag.value}`.padEnd(width)}  ${flag.help}`);
  return [
    'usage: node dist/sidecar/bundle/main.js [flags]',
    '',
    ...lines,
    '',
    'Feature settings come from SCL_<FEATURE>_<SETTING> variables and SCL_FEATURES, as for the libraries (spec/start-contract.md).',
  ].join('\n');
}

export function badFlag(message: string): SidecarError {
  return new SidecarError('SCL_ERR_BAD_FLAG', message);
}

/** Undefined when --help was asked for. */
export function parseFlags(args: readonly string[], features: readonly FeatureName[]): SidecarOptions | undefined {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...args], options: PARSE_OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw badFlag(`${(error as Error).message.split('\n')[0]!.replace(/\.$/, '')}; valid flags: ${VALID_FLAGS}`);
  }
  if (values.help === true) return undefined;
  const text = (name: string): string | undefined => values[name] as string | undefined;
  const port = (name: string): number | undefined => optionalPort(name, text(name));
  const socket = (name: string): string | undefined => optionalSocket(name, text(name));
  const endpoints = (portFlag: string, socketFlag: string): LocalEndpoint[] => {
    const found: LocalEndpoint[] = [];
    const tcp = port(portFlag);
    const unix = socket(socketFlag);
    if (tcp !== undefined) found.push({ port: tcp });
    if (unix !== undefined) found.push({ socketPath: unix });
    return found;
  };

  const options: SidecarOptions = {
    service: matching('service', required('service', text('service'), 'a service name'), SERVICE_NAME),
    instanceId: matching('instance-id', required('instance-id', text('instance-id'), 'an instance id'), INSTANCE_ID),
    publicHost: text('public-host') ?? '127.0.0.1',
    publicPort: requiredPort('public-port', text('public-port')),
    appPort: requiredPort('app-port', text('app-port')),
    egressPort: port('egress-port'),
    admin: endpoints('admin-port', 'admin-socket'),
    api: endpoints('api-port', 'api-socket'),
    grpc: endpoints('grpc-port', 'grpc-socket'),
    controlplaneUrl: httpUrl('controlplane', required('controlplane', text('controlplane'), 'an http(s):// URL')),
    dataDir: resolve(required('data-dir', text('data-dir'), 'a folder')),
    logFile: optionalPath(text('log-file')),
    configFile: optionalPath(text('config-file')),
    appPid: optionalInteger('app-pid', text('app-pid'), 1, 2 ** 22),
    appLang: text('app-lang') === undefined ? undefined : matching('app-lang', text('app-lang')!, LANG_NAME),
    routesFile: existingFile('routes', text('routes') ?? fromRoot('spec', 'services.openapi.yaml')),
    graceSeconds: optionalNumber('grace-seconds', text('grace-seconds'), 0, 3600) ?? 10,
    placement: 'sidecar',
  };
  if (options.admin.length === 0) {
    throw badFlag('--admin-port or --admin-socket is required; valid values: a port 1-65535, or a Unix socket path');
  }
  if (features.includes('logs') && options.logFile === undefined) {
    throw badFlag('--log-file is required while logs is enabled (SCL_FEATURES); valid values: a file path');
  }
  if (features.includes('config') && options.configFile === undefined) {
    throw badFlag('--config-file is required while config is enabled (SCL_FEATURES); valid values: a file path');
  }
  checkDistinctPorts(options);
  return options;
}

function required(name: string, value: string | undefined, expected: string): string {
  if (value === undefined || value.trim() === '') throw badFlag(`--${name} is required; valid values: ${expected}`);
  return value;
}

function matching(name: string, value: string, pattern: RegExp): string {
  if (!pattern.test(value)) throw badFlag(`--${name}="${value}" is invalid; valid values: text matching ${pattern.source}`);
  return value;
}

function optionalInteger(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || value < min || value > max) {
    throw badFlag(`--${name}="${raw}" is invalid; valid values: an integer from ${min} to ${max}`);
  }
  return value;
}

function optionalPort(name: string, raw: string | undefined): number | undefined {
  return optionalInteger(name, raw, 1, 65535);
}

function requiredPort(name: string, raw: string | undefined): number {
  return optionalPort(name, required(name, raw, 'a port, 1-65535')) as number;
}

function optionalNumber(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw badFlag(`--${name}="${raw}" is invalid; valid values: a number from ${min} to ${max}`);
  }
  return value;
}

function httpUrl(name: string, raw: string): string {
  let protocol = '';
  try {
    protocol = new URL(raw).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw badFlag(`--${name}="${raw}" is invalid; valid values: an http(s):// URL`);
  return raw.replace(/\/+$/, '');
}

function optionalPath(raw: string | undefined): string | undefined {
  return raw === undefined || raw.trim() === '' ? undefined : resolve(raw);
}

function optionalSocket(name: string, raw: string | undefined): string | undefined {
  const path = optionalPath(raw);
  if (path !== undefined && Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw badFlag(`--${name}="${raw}" is invalid; valid values: a socket path of at most ${MAX_SOCKET_PATH_BYTES} bytes once absolute`);
  }
  return path;
}

function existingFile(name: string, raw: string): string {
  const path = resolve(raw);
  if (!existsSync(path)) throw badFlag(`--${name}="${raw}" is invalid; valid values: an existing OpenAPI file`);
  return path;
}

function checkDistinctPorts(options: SidecarOptions): void {
  const byPort = new Map<number, string>();
  const claim = (flag: string, port: number | undefined) => {
    if (port === undefined) return;
    const other = byPort.get(port);
    if (other !== undefined)
      throw badFlag(`--${flag}=${port} is invalid; it is already the port of --${other}: valid values: a port no other flag uses`);
    byPort.set(port, flag);
  };
  claim('public-port', options.publicPort);
  claim('app-port', options.appPort);
  claim('egress-port', options.egressPort);
  for (const [flag, endpoints] of [
    ['admin-port', options.admin],
    ['api-port', options.api],
    ['grpc-port', options.grpc],
  ] as const) {
    for (const endpoint of endpoints) if ('port' in endpoint) claim(flag, endpoint.port);
  }
}
