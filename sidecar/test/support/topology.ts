// Real processes for the sidecar's tests: the control plane, a fake app, the sidecar from dist/; none outlives its test.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type RunningControlPlane } from '../../../scripts/orchestration/controlplane.js';
import { fromRoot } from '../../../scripts/orchestration/paths.js';
import { freePort } from '../../../scripts/orchestration/ports.js';
import { spawnProcess, stop, type ManagedProcess } from '../../../scripts/orchestration/processes.js';
import { waitForHttpOk } from '../../../scripts/orchestration/ready.js';
import { settingsToEnv, SIDECAR_ENTRY } from '../../../scripts/orchestration/instance.js';

/** The build the harness starts (the bundle), so these tests hold for what is measured and deployed. */
export const SIDECAR_MAIN = fromRoot(SIDECAR_ENTRY);
export const FAKE_APP = fromRoot('sidecar/test/fixtures/fake-app.mjs');

export function requireBuilt(): void {
  if (!existsSync(SIDECAR_MAIN)) throw new Error(`${SIDECAR_MAIN} is missing: run npm run build first (npm test does)`);
}

export function newRunDir(prefix = 'scl-sidecar-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export { startControlPlane, type RunningControlPlane };

export interface FakeApp {
  process: ManagedProcess;
  port: number;
  url: string;
  /** POST to one of the fake app's /_fake/* controls. */
  control(path: string, body?: unknown): Promise<{ written: number; pid: number; rotations: number }>;
}

export async function startFakeApp(options: {
  runDir: string;
  name?: string;
  port?: number;
  logFile?: string;
  bodyBytes?: number;
}): Promise<FakeApp> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = { PORT: String(port) };
  if (options.logFile !== undefined) env.LOG_FILE = options.logFile;
  if (options.bodyBytes !== undefined) env.BODY_BYTES = String(options.bodyBytes);
  const child = spawnProcess({
    name: options.name ?? 'fake-app',
    command: process.execPath,
    args: [FAKE_APP],
    env,
    logFile: join(options.runDir, `${options.name ?? 'fake-app'}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttpOk(`${url}/health`, { timeoutSeconds: 20, processes: [child] });
  return {
    process: child,
    port,
    url,
    control: async (path, body = {}) => {
      const response = await fetch(`${url}/_fake/${path}`, { method: 'POST', body: JSON.stringify(body) });
      return (await response.json()) as { written: number; pid: number; rotations: number };
    },
  };
}

export interface SidecarPorts {
  public: number;
  egress: number;
  admin: number;
  api: number;
  grpc: number;
}

export interface SidecarHandle {
  process: ManagedProcess;
  ports: SidecarPorts;
  publicUrl: string;
  adminUrl: string;
  apiUrl: string;
  egressUrl: string;
  dataDir: string;
  logFile: string;
  configFile: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface SidecarStart {
  controlplaneUrl: string;
  runDir: string;
  appPort: number;
  service?: string;
  instanceId?: string;
  /** Reuse these (a restart); default fresh ones. */
  ports?: SidecarPorts;
  dataDir?: string;
  logFile?: string;
  configFile?: string;
  /** SCL_FEATURES; default all five. */
  features?: readonly string[];
  settings?: Readonly<Record<string, number>>;
  extraArgs?: readonly string[];
  /** Wait for /ready (default) or only for /live. */
  waitFor?: 'ready' | 'live';
}

export async function startSidecar(options: SidecarStart): Promise<SidecarHandle> {
  requireBuilt();
  const ports = options.ports ?? {
    public: await freePort(),
    egress: await freePort(),
    admin: await freePort(),
    api: await freePort(),
    grpc: await freePort(),
  };
  const service = options.service ?? 'customers';
  const instanceId = options.instanceId ?? `${service}-1`;
  const dataDir = options.dataDir ?? join(options.runDir, `${instanceId}-sidecar`);
  const logFile = options.logFile ?? join(options.runDir, `${instanceId}-app.log`);
  const configFile = options.configFile ?? join(options.runDir, `${instanceId}-config.json`);
  const env: Record<string, string> = { ...settingsToEnv(options.settings ?? {}) };
  if (options.features !== undefined) env.SCL_FEATURES = options.features.join(',');
  const child = spawnProcess({
    name: `${instanceId} sidecar`,
    command: process.execPath,
    args: [
      SIDECAR_MAIN,
      '--service',
      service,
      '--instance-id',
      instanceId,
      '--public-port',
      String(ports.public),
      '--app-port',
      String(options.appPort),
      '--egress-port',
      String(ports.egress),
      '--admin-port',
      String(ports.admin),
      '--api-port',
      String(ports.api),
      '--grpc-port',
      String(ports.grpc),
      '--controlplane',
      options.controlplaneUrl,
      '--data-dir',
      dataDir,
      '--log-file',
      logFile,
      '--config-file',
      configFile,
      '--app-lang',
      'ts',
      ...(options.extraArgs ?? []),
    ],
    env,
    logFile: join(options.runDir, `${instanceId}-sidecar.out.log`),
  });
  const adminUrl = `http://127.0.0.1:${ports.admin}`;
  await waitForHttpOk(`${adminUrl}/${options.waitFor ?? 'ready'}`, { timeoutSeconds: 30, processes: [child] });
  return {
    process: child,
    ports,
    publicUrl: `http://127.0.0.1:${ports.public}`,
    adminUrl,
    apiUrl: `http://127.0.0.1:${ports.api}`,
    egressUrl: `http://127.0.0.1:${ports.egress}`,
    dataDir,
    logFile,
    configFile,
    stop: async (signal = 'SIGTERM') => {
      await stop(child, { signal, graceSeconds: 15 });
    },
  };
}

/** Polls `check` until it answers true, or fails with `what` after `seconds`. */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, seconds = 20): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not within ${seconds} s${lastError === undefined ? '' : ` (last error: ${String(lastError)})`}`);
}

/** The value of one sample of a Prometheus text exposition (labels in any order), or undefined. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{((?:[^"}]|"(?:[^"\\]|\\.)*")*)\})?\s+(\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const pair of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) found[pair[1]!] = pair[2]!;
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[4]);
  }
  return undefined;
}

export async function scrape(sidecar: SidecarHandle): Promise<string> {
  return (await fetch(`${sidecar.adminUrl}/metrics`)).text();
}
