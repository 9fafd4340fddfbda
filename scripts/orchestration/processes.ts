// Child processes of the harness: each in its own process group, logged to a file, never left running.
import { EventEmitter } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { repoRoot } from './paths.js';

const TAIL_MAX_LINES = 200;
const OUTPUT_DRAIN_MS = 500;

export interface ExitInfo {
  exitCode: number | undefined;
  signal: string | undefined;
}

export interface SpawnOptions {
  /** Shown in messages and used for the log file name. */
  name: string;
  command: string;
  args?: readonly string[];
  /** Added to the parent's environment. */
  env?: Readonly<Record<string, string>>;
  cwd?: string;
  /** stdout and stderr are appended here. */
  logFile: string;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the process exits; never rejects. */
  readonly exited: Promise<ExitInfo>;
  /** Set once the process has exited. */
  exitInfo: ExitInfo | undefined;
  /** The last lines of stdout and stderr, for error messages. */
  tail(): string;
  /** Emits ('line', text, stream) for each output line. */
  readonly lines: EventEmitter;
}

export interface StopOptions {
  signal?: NodeJS.Signals;
  /** Time the group has to exit before SIGKILL. */
  graceSeconds?: number;
}

const live = new Set<ManagedProcess>();

/** Starts `command` in a new process group (detached) with its output going to `logFile`. */
export function spawnProcess(options: SpawnOptions): ManagedProcess {
  installExitHandlers();
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // A failing log file must not take the harness down; the in-memory tail still works.
  log.on('error', () => {});
  const subprocess: ResultPromise = execa(options.command, options.args ?? [], {
    cwd: options.cwd ?? repoRoot(),
    env: options.env,
    detached: true,
    cleanup: false,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  if (subprocess.pid === undefined) {
    log.end();
    throw new Error(`could not start ${options.name}: ${options.command} ${(options.args ?? []).join(' ')}`);
  }
  const tailLines: string[] = [];
  const lines = new EventEmitter();
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = subprocess[stream];
    if (source === null) continue;
    source.pipe(log, { end: false });
    createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => {
      tailLines.push(line);
      if (tailLines.length > TAIL_MAX_LINES) tailLines.shift();
      lines.emit('line', line, stream);
    });
  }
  const pid = subprocess.pid;
  const child: ManagedProcess = {
    name: options.name,
    pid,
    logFile: options.logFile,
    exitInfo: undefined,
    lines,
    tail: () => tailLines.join('\n'),
    exited: exitOf(subprocess),
  };
  live.add(child);
  void child.exited.then((info) => {
    child.exitInfo = info;
    live.delete(child);
    // A leader that exited may leave helpers behind in its group: nothing may outlive it.
    killGroup(pid, 'SIGKILL');
    log.end();
  });
  return child;
}

/** Sends `signal` to the child's whole group, then SIGKILL after the grace time; resolves on exit. */
export async function stop(child: ManagedProcess, options: StopOptions = {}): Promise<ExitInfo> {
  if (child.exitInfo !== undefined) return child.exitInfo;
  const signal = options.signal ?? 'SIGTERM';
  killGroup(child.pid, signal);
  if (signal === 'SIGKILL') return child.exited;
  const graceMs = (options.graceSeconds ?? 10) * 1000;
  let timer: NodeJS.Timeout | undefined;
  const escalate = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([child.exited, escalate]);
  clearTimeout(timer);
  return child.exited;
}

/** Stops every live child (SIGTERM with a short grace, then SIGKILL). */
export async function stopAll(options: StopOptions = { graceSeconds: 2 }): Promise<void> {
  await Promise.all([...live].map((child) => stop(child, options)));
}

export function liveProcesses(): readonly ManagedProcess[] {
  return [...live];
}

/**
 * Resolves on the process's own exit, not when its pipes close: a grandchild holding stdout must
 * not hide the exit. Output still in flight gets a moment to reach the tail.
 */
function exitOf(subprocess: ResultPromise): Promise<ExitInfo> {
  const outputDone = subprocess.then(
    () => undefined,
    () => undefined,
  );
  return new Promise<ExitInfo>((resolve) => {
    subprocess.once('exit', (code, signal) => resolve({ exitCode: code ?? undefined, signal: signal ?? undefined }));
    subprocess.once('error', () => resolve({ exitCode: undefined, signal: undefined }));
  }).then(async (info) => {
    await Promise.race([outputDone, delay(OUTPUT_DRAIN_MS)]);
    return info;
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function killAllNow(): void {
  for (const child of live) killGroup(child.pid, 'SIGKILL');
}

let handlersInstalled = false;

/**
 * Whatever ends the parent (normal exit, Ctrl-C, SIGTERM, an uncaught error) kills every child group.
 * Only a SIGKILL of the parent escapes this, as nothing can run then.
 */
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  // The monitor runs before Node's default handling and does not change it.
  process.on('uncaughtExceptionMonitor', killAllNow);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => {
      killAllNow();
      process.exit(code);
    });
  }
}
