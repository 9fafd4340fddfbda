// The rollout's instances: each app (and its sidecar) started from a build root of its own, restartable in place on the same ports.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { onShutdown } from '../../scripts/bench/cleanup.js';
import { readLaunch } from '../../scripts/orchestration/languages.js';
import { releasePort, stablePort } from '../../scripts/orchestration/ports.js';
import { spawnProcess, stop, type ManagedProcess } from '../../scripts/orchestration/processes.js';
import { waitForHttpOk } from '../../scripts/orchestration/ready.js';
import {
  appLaunch,
  instanceFiles,
  instancePorts,
  recipePorts,
  sidecarLaunch,
  type InstanceRecipe,
} from '../../scripts/orchestration/recipe.js';
import { scratchEnv } from './tree/verify.js';
import { READY_TIMEOUT_SECONDS, waitPassing } from './registry-watch.js';

export type FleetMode = 'library' | 'sidecar' | 'agent';

export interface MemberSpec {
  instanceId: string;
  service: string;
  lang: string;
  mode: FleetMode;
  /** Mode agent: the host whose one agent serves this instance (fleet-host.ts). */
  host?: string;
}

/** Epoch milliseconds of what happened while one process was replaced. */
export interface ReplacementTimes {
  instanceId: string;
  service: string;
  lang: string;
  /** `app` on the library path, `sidecar` on the sidecar path, `agent` (its host's, shared with the host's other apps) on the agent path. */
  replaced: 'app' | 'sidecar' | 'agent';
  /** The agent path: the host whose agent was replaced; its apps share signal, exit, start and ready times. */
  host?: string;
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

const STOP_GRACE_SECONDS = 15;

export class FleetMember {
  readonly spec: MemberSpec;
  /** Without its tree: each process is started from the build root it is given. */
  private readonly recipe: InstanceRecipe;
  private readonly controlplaneUrl: string;
  private app: ManagedProcess | undefined;
  private sidecar: ManagedProcess | undefined;
  private generation = 0;

  private constructor(spec: MemberSpec, recipe: InstanceRecipe) {
    this.spec = spec;
    this.recipe = recipe;
    this.controlplaneUrl = recipe.controlplaneUrl!;
    mkdirSync(instanceFiles(recipe).dataDir, { recursive: true });
  }

  static async create(spec: MemberSpec, runDir: string, controlplaneUrl: string): Promise<FleetMember> {
    if (spec.mode === 'agent') throw new Error(`${spec.instanceId}: mode agent starts the apps of a host together (fleet-host.ts)`);
    // Each process is restarted on the same ports: they come from outside the ephemeral range.
    const ports = await instancePorts(spec.mode, stablePort);
    return new FleetMember(spec, { ...spec, controlplaneUrl, dir: join(runDir, spec.instanceId), ...ports });
  }

  get publicUrl(): string {
    return `http://127.0.0.1:${this.recipe.publicPort}`;
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
    recipePorts(this.recipe).forEach(releasePort);
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
    return {
      instanceId,
      service,
      lang,
      replaced: which,
      signalledMillis,
      deregisteredMillis,
      exitedMillis,
      startedMillis,
      readyMillis,
      passingMillis: passingMillis ?? readyMillis,
    };
  }

  /** The recipe as run from `root`: a scratch tree's Python sources are its own. */
  private fromTree(root: string): InstanceRecipe {
    return { ...this.recipe, env: scratchEnv(root) };
  }

  private async spawnApp(root: string): Promise<ManagedProcess> {
    const launch = await readLaunch(this.spec.lang);
    const name = `${this.spec.instanceId} app`;
    return this.tracked(
      spawnProcess({
        name,
        ...appLaunch(this.fromTree(root), launch.start, root),
        logFile: join(this.recipe.dir, `app.${++this.generation}.log`),
      }),
    );
  }

  private spawnSidecar(root: string): ManagedProcess {
    const name = `${this.spec.instanceId} sidecar`;
    const launch = sidecarLaunch(this.fromTree(root), { root }, this.app?.pid ?? 0);
    return this.tracked(spawnProcess({ name, ...launch, logFile: join(this.recipe.dir, `sidecar.${++this.generation}.log`) }));
  }

  private tracked(child: ManagedProcess): ManagedProcess {
    const unregister = onShutdown(async () => {
      await stop(child, { signal: 'SIGKILL' });
    });
    void child.exited.then(unregister);
    return child;
  }

  private async waitReady(): Promise<void> {
    const processes = [this.app, this.sidecar].filter((child): child is ManagedProcess => child !== undefined);
    const admin = this.recipe.sidecarPorts?.admin;
    const url = admin !== undefined ? `http://127.0.0.1:${admin}/ready` : `${this.publicUrl}/health`;
    await waitForHttpOk(url, { timeoutSeconds: READY_TIMEOUT_SECONDS, processes });
  }

  /** When the registry listed it as passing (or stopped doing so); null when `until` settled first. */
  private async waitPassing(passing: boolean, until?: Promise<unknown>): Promise<number | null> {
    const [seen] = await waitPassing(this.controlplaneUrl, [this.spec], passing, until);
    return seen ?? null;
  }
}
