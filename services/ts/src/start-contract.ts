// Reads the start contract (spec/start-contract.md) from the environment into one checked object.
import path from 'node:path';
import features from '../../../spec/features.json' with { type: 'json' };
import type { Mode } from './platform/platform.js';

export type ServiceName = 'web' | 'customers' | 'payment';
export type FeatureName = 'metrics' | 'logs' | 'registry' | 'config' | 'egress';

export const SERVICES: readonly ServiceName[] = ['web', 'customers', 'payment'];
export const MODES: readonly Mode[] = ['none', 'library', 'sidecar'];
const FEATURES = features.features as readonly FeatureName[];

export interface StartContract {
  service: ServiceName;
  mode: Mode;
  instanceId: string;
  host: string;
  publicPort: number;
  /** The port the app binds; the public port unless a sidecar stands in front. */
  privatePort: number;
  dataDir: string;
  controlplaneUrl?: string;
  logFile?: string;
  configFile?: string;
  egressUrl?: string;
  /** SCL_PEERS: service name -> base URL, for mode none (and for a disabled egress feature). */
  peers: Readonly<Record<string, string>>;
  features: readonly FeatureName[];
  testHooks: boolean;
  /** The sidecar's local API for business metrics (provisional, see start-contract.md). */
  sidecarApiUrl?: string;
}

/** A missing or invalid variable; main prints the message and exits 2. */
export class StartContractError extends Error {
  readonly code = 'SCL_ERR_BAD_FLAG';
}

type Env = Readonly<Record<string, string | undefined>>;

export function readStartContract(env: Env): StartContract {
  const service = oneOf(env, 'SCL_SERVICE', SERVICES);
  const mode = oneOf(env, 'SCL_MODE', MODES);
  const publicPort = port('SCL_PUBLIC_PORT', required(env, 'SCL_PUBLIC_PORT', 'a port, 1-65535'));
  const enabled = mode === 'none' ? [] : featureList(env);
  const uses = (feature: FeatureName) => enabled.includes(feature);
  // Mode sidecar with egress off, like mode none, calls SCL_PEERS with a plain client.
  const plainPeers = mode === 'none' || (mode === 'sidecar' && !uses('egress'));
  return {
    service,
    mode,
    instanceId: required(env, 'SCL_INSTANCE_ID', 'a unique name such as customers-1'),
    host: optional(env, 'SCL_HOST') ?? '127.0.0.1',
    publicPort,
    privatePort: privatePort(env) ?? publicPort,
    dataDir: path.resolve(required(env, 'SCL_DATA_DIR', 'a folder the service owns')),
    controlplaneUrl: mode === 'library' ? url(env, 'SCL_CONTROLPLANE_URL', true) : undefined,
    logFile: mode === 'sidecar' && uses('logs') ? filePath(env, 'SCL_LOG_FILE') : undefined,
    configFile: mode === 'sidecar' && uses('config') ? filePath(env, 'SCL_CONFIG_FILE') : undefined,
    egressUrl: mode === 'sidecar' && uses('egress') ? url(env, 'SCL_EGRESS_URL', true) : undefined,
    peers: plainPeers ? peerList(env, service === 'web') : {},
    features: enabled,
    testHooks: oneOf(env, 'SCL_TEST_HOOKS', ['0', '1'], '0') === '1',
    sidecarApiUrl: mode === 'sidecar' ? url(env, 'SCL_SIDECAR_API_URL', false) : undefined,
  };
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function required(env: Env, name: string, expected: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new StartContractError(`${name} is required; expected ${expected}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, valid: readonly T[], fallback?: T): T {
  const value = optional(env, name) ?? fallback;
  if (value === undefined || !valid.includes(value as T)) {
    const problem = value === undefined ? `${name} is required` : `${name}="${value}" is not valid`;
    throw new StartContractError(`${problem}; valid values: ${valid.join(', ')}`);
  }
  return value as T;
}

function privatePort(env: Env): number | undefined {
  const raw = optional(env, 'SCL_PRIVATE_PORT');
  return raw === undefined ? undefined : port('SCL_PRIVATE_PORT', raw);
}

function port(name: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65535) {
    throw new StartContractError(`${name}="${raw}" is not valid; expected a port, 1-65535`);
  }
  return value;
}

function url(env: Env, name: string, isRequired: true): string;
function url(env: Env, name: string, isRequired: false): string | undefined;
function url(env: Env, name: string, isRequired: boolean): string | undefined {
  const raw = isRequired ? required(env, name, 'an http(s):// URL') : optional(env, name);
  if (raw === undefined) return undefined;
  if (!isHttpUrl(raw)) throw new StartContractError(`${name}="${raw}" is not valid; expected an http(s):// URL`);
  return raw.replace(/\/+$/, '');
}

function filePath(env: Env, name: string): string {
  return path.resolve(required(env, name, 'a file path'));
}

/** SCL_FEATURES: "metrics,logs"; unset or empty means all five. */
function featureList(env: Env): FeatureName[] {
  const raw = optional(env, 'SCL_FEATURES');
  if (raw === undefined) return [...FEATURES];
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!FEATURES.includes(name as FeatureName)) {
      throw new StartContractError(`SCL_FEATURES: unknown feature "${name}"; valid values: ${FEATURES.join(', ')}`);
    }
  }
  return names as FeatureName[];
}

/** SCL_PEERS: `customers=http://127.0.0.1:7101,payment=http://127.0.0.1:7102`. */
function peerList(env: Env, isRequired: boolean): Record<string, string> {
  const expected = 'service=http://host:port pairs separated by commas';
  const raw = isRequired ? required(env, 'SCL_PEERS', expected) : optional(env, 'SCL_PEERS');
  const peers: Record<string, string> = {};
  for (const pair of raw?.split(',') ?? []) {
    const [name, base, ...rest] = pair.split('=').map((part) => part.trim());
    if (!name || !base || rest.length > 0 || !isHttpUrl(base)) {
      throw new StartContractError(`SCL_PEERS: "${pair}" is not valid; expected ${expected}`);
    }
    peers[name] = base.replace(/\/+$/, '');
  }
  return peers;
}

function isHttpUrl(raw: string): boolean {
  try {
    const { protocol } = new URL(raw);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
