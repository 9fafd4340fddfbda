// Starts real service processes from dist/ over real sockets, and makes sure none outlives its test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MAIN_JS, REPO_ROOT } from './build.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningService {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  exited: Promise<Exit>;
  output(): string;
}

export interface ServiceOptions {
  service: 'web' | 'customers' | 'payment';
  mode: 'none' | 'sidecar';
  /** Reuse a data dir (a restart); default a new temporary one. */
  dataDir?: string;
  env?: Record<string, string>;
}

const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const READY_DEADLINE_MILLIS = 20_000;

export function tempDir(prefix = 'scl-services-ts-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Spawns `node dist/services/ts/src/main.js` with nothing but the given environment. */
export function spawnService(env: Record<string, string>): { child: ChildProcess; exited: Promise<Exit>; output(): string } {
  const child = spawn(process.execPath, [MAIN_JS], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, exited, output: () => output };
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const port = await freePort();
  const dataDir = options.dataDir ?? tempDir();
  const spawned = spawnService({
    SCL_SERVICE: options.service,
    SCL_MODE: options.mode,
    SCL_INSTANCE_ID: `${options.service}-test`,
    SCL_PUBLIC_PORT: String(port),
    SCL_DATA_DIR: dataDir,
    ...options.env,
  });
  const url = `http://127.0.0.1:${port}`;
  const service = { url, port, dataDir, ...spawned };
  await waitFor(`${options.service} /health`, async () => {
    if (spawned.child.exitCode !== null) throw new Error(`${options.service} exited: ${spawned.output()}`);
    return (await fetch(`${url}/health`).catch(() => undefined))?.status === 200;
  });
  return service;
}

/** Polls `condition` until it is true; a busy machine gets a generous deadline, never a fixed sleep. */
export async function waitFor(
  what: string,
  condition: () => Promise<boolean> | boolean,
  deadlineMillis = READY_DEADLINE_MILLIS,
): Promise<void> {
  const deadline = Date.now() + deadlineMillis;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function kill9(service: { child: ChildProcess; exited: Promise<Exit> }): Promise<Exit> {
  service.child.kill('SIGKILL');
  return service.exited;
}

/** For afterEach/afterAll: kills every process a test started, even when it failed, and removes its folders. */
export async function killAll(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}
