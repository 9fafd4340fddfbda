// The rollout's instances: each app (and its sidecar) started from a build root of its own, restartable in place on the same ports.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import { onShutdown } from '../../scripts/bench/cleanup.js';
import { readLaunch } from '../../scripts/orchestration/languages.js';
import { releasePort, stablePort } from '../../scripts/orchestration/ports.js';
import { spawnProcess, stop, type ManagedProcess } from '../../scripts/orchestration/processes.js';
import { waitForHttpOk } from '../../scripts/orchestration/ready.js';
import { scratchEnv } from './tree/verify.js';

export type FleetMode = 'library' | 'sidecar';

export interface MemberSpec {
  instanceId: string;
  service: string;
  lang: string;
  mode: FleetMode;
}

interface Ports {
  public: number;
  app: number;
  egress: number;
  admin: number;
  api: number;
}

/** Epoch milliseconds of what happened while one process was replaced. */
export interface ReplacementTimes {
  instanceId: string;
  service: string;
  lang: string;
  /** `app` on the library path, `sidecar` on the sidecar path. */
  replaced: 'app' | 'sidecar';
  signalledMillis: number;
  /** The registry stopped listing it as passing; null when it never did (it stayed listed until the process was gone). */
  deregisteredMillis: number | null;
  exitedMillis: number;
  startedMillis: number;
  /** The new process answered ready (app /health, sidecar /ready). */
  readyMillis: number;
  /** Listed as passing again. */
  passingMillis: number;
}

const READY_TIMEOUT_SECONDS = 30;
const STOP_GRACE_SECONDS = 15;
const REGISTRY_POLL_MILLIS = 10;

export class FleetMember {
  readonly spec: MemberSpec;
  private readonly dir: string;
  private readonly ports: Ports;
  private readonly controlplaneUrl: string;
  private app: ManagedProcess | undefined;
  private sidecar: ManagedProcess | undefined;
  private generation = 0;

  private constructor(spec: MemberSpec, runDir: string, ports: Ports, controlplaneUrl: string) {
    this.spec = spec;
    this.dir = join(runDir, spec.instanceId);
    this.ports = ports;
    this.controlplaneUrl = controlplaneUrl;
    mkdirSync(join(this.dir, 'data'), { recursive: true });
  }

  static async create(spec: MemberSpec, runDir: string, controlplaneUrl: string): Promise<FleetMember> {
    // Each process is restarted on the same ports: they come from outside the ephemeral range.
    const ports = { public: await stablePort(), app: await stablePort(), egress: await stablePort(), admin: await stablePort(), api: await stablePort() };
    return new FleetMember(spec, runDir, ports, controlplaneUrl);
  }

  get publicUrl(): string {
    return `http://127.0.0.1:${this.ports.public}`;
  }

  /** Starts the app from `appRoot` and, in sidecar mode, the sidecar from `sidecarRoot`; resolves once listed as passing. */
  async start(appRoot: string, sidecarRoot: string): Promise<void> {
    this.app = await this.spawnApp(appRoot);
    if (this.spec.mode === 'sidecar') this.sidecar = this.spawnSidecar(sidecarRoot);
    await this.waitReady();
    await this.waitPassing(true);
  }

  /** The library path: SIGTERM the app, and once it exited start the new build's app on the same ports. */
  async replaceApp(newRoot: string): Promise<ReplacementTimes> {
    return this.replace('app', async () => {
      this.app = await this.spawnApp(newRoot);
    });
  }

  /** The sidecar path: only the sidecar is replaced; the app keeps running and serving what is in flight. */
  async replaceSidecar(newRoot: string): Promise<ReplacementTimes> {
    return this.replace('sidecar', async () => {
      this.sidecar = this.spawnSidecar(newRoot);
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    // The app first: its sidecar carries its traffic and deregisters it.
    for (const child of [this.app, this.sidecar]) if (child !== undefined) await stop(child, { signal, graceSeconds: STOP_GRACE_SECONDS });
    Object.values(this.ports).forEach(releasePort);
  }

  private async replace(which: 'app' | 'sidecar', startNew: () => Promise<void>): Promise<ReplacementTimes> {
    const old = which === 'app' ? this.app : this.sidecar;
    if (old === undefined) throw new Error(`${this.spec.instanceId} has no ${which} to replace`);
    const signalledMillis = Date.now();
    const exited = stop(old, { signal: 'SIGTERM', graceSeconds: STOP_GRACE_SECONDS });
    const deregistered = this.waitPassing(false, exited);
    await exited;
    const exitedMillis = Date.now();
    const deregisteredMillis = await deregistered;
    const startedMillis = Date.now();
    await startNew();
    await this.waitReady();
    const readyMillis = Date.now();
    const passingMillis = await this.waitPassing(true);
    const { instanceId, service, lang } = this.spec;
    return { instanceId, service, lang, replaced: which, signalledMillis, deregisteredMillis, exitedMillis, startedMillis, readyMillis, passingMillis: passingMillis ?? readyMillis };
  }

  private env(root: string): Record<string, string> {
    const { service, mode, instanceId } = this.spec;
    const env: Record<string, string> = {
      ...scratchEnv(root),
      SCL_SERVICE: service,
      SCL_MODE: mode,
      SCL_INSTANCE_ID: instanceId,
      SCL_PUBLIC_PORT: String(this.ports.public),
      SCL_HOST: '127.0.0.1',
      SCL_DATA_DIR: join(this.dir, 'data'),
      SCL_CONTROLPLANE_URL: this.controlplaneUrl,
    };
    if (mode === 'sidecar') {
      Object.assign(env, {
        SCL_PRIVATE_PORT: String(this.ports.app),
        SCL_LOG_FILE: join(this.dir, 'app-log.jsonl'),
        SCL_CONFIG_FILE: join(this.dir, 'config.json'),
        SCL_EGRESS_URL: `http://127.0.0.1:${this.ports.egress}`,
        SCL_SIDECAR_API_URL: `http://127.0.0.1:${this.ports.api}`,
      });
    }
    return env;
  }

  private async spawnApp(root: string): Promise<ManagedProcess> {
    const launch = await readLaunch(this.spec.lang);
    const child = spawnProcess({
      name: `${this.spec.instanceId} app`,
      command: launch.start.command.startsWith('.') ? join(root, launch.start.command) : launch.start.command,
      args: (launch.start.args ?? []).map((arg) => (arg.startsWith('dist/') ? join(root, arg) : arg)),
      cwd: root,
      env: this.env(root),
      logFile: join(this.dir, `app.${++this.generation}.log`),
    });
    this.trackForShutdown(child);
    return child;
  }

  private spawnSidecar(root: string): ManagedProcess {
    const { service, instanceId, lang } = this.spec;
    const p = this.ports;
    const child = spawnProcess({
      name: `${instanceId} sidecar`,
      command: process.execPath,
      args: [
        join(root, 'dist', 'sidecar', 'src', 'main.js'),
        '--service', service, '--instance-id', instanceId,
        '--public-port', String(p.public), '--app-port', String(p.app), '--egress-port', String(p.egress),
        '--admin-port', String(p.admin), '--api-port', String(p.api),
        '--controlplane', this.controlplaneUrl,
        '--data-dir', join(this.dir, 'sidecar'),
        '--log-file', join(this.dir, 'app-log.jsonl'),
        '--config-file', join(this.dir, 'config.json'),
        '--app-pid', String(this.app?.pid ?? 0),
        '--app-lang', lang,
      ],
      cwd: root,
      env: this.env(root),
      logFile: join(this.dir, `sidecar.${++this.generation}.log`),
    });
    this.trackForShutdown(child);
    return child;
  }

  private trackForShutdown(child: ManagedProcess): void {
    const unregister = onShutdown(async () => {
      await stop(child, { signal: 'SIGKILL' });
    });
    void child.exited.then(unregister);
  }

  private async waitReady(): Promise<void> {
    const processes = [this.app, this.sidecar].filter((child): child is ManagedProcess => child !== undefined);
    const url = this.spec.mode === 'sidecar' ? `http://127.0.0.1:${this.ports.admin}/ready` : `${this.publicUrl}/health`;
    await waitForHttpOk(url, { timeoutSeconds: READY_TIMEOUT_SECONDS, processes });
  }

  /**
   * Polls the registry until the instance is (or is no longer) listed as passing; resolves with the
   * time it was seen, or null when `until` settled first.
   */
  private async waitPassing(passing: boolean, until?: Promise<unknown>): Promise<number | null> {
    const client = new ControlPlaneClient(this.controlplaneUrl);
    let settled = false;
    void until?.then(() => (settled = true));
    const deadline = Date.now() + READY_TIMEOUT_SECONDS * 1000;
    while (Date.now() < deadline) {
      const listed = (await client.instances(this.spec.service, { passing: true })).instances.some((one) => one.id === this.spec.instanceId);
      if (listed === passing) return Date.now();
      if (settled) return null;
      await delay(REGISTRY_POLL_MILLIS);
    }
    throw new Error(`${this.spec.instanceId} was not ${passing ? 'listed' : 'delisted'} as passing within ${READY_TIMEOUT_SECONDS} s`);
  }
}
