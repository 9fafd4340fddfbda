// Runs a load program (load-program.ts) as its own pinned node process: `started` resolves when its clock starts,
// `result` with its last line once it exits.
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { trackChild } from '../bench/cleanup.js';
import { pinnedCommand } from '../env/pinning.js';
import type { LoadWindowReport } from './live-windows.js';
import { GENERATOR_NODE_FLAGS } from './node-child.js';

export interface RunningLoad<Result> {
  pid: number;
  /** The wall-clock time (Date.now()) of the first intended send. */
  started: Promise<number>;
  result: Promise<Result>;
  /** Ends the schedule now (SIGTERM); `result` then covers the time up to here, with what was in flight awaited. */
  stop(): void;
}

export interface LoadChildOptions {
  /** taskset cpu list; unpinned when undefined. */
  cpus?: string;
  /** Killed after this long; unbounded (until stop) when undefined. */
  timeoutSeconds?: number;
  /** Gets each live window the program reports (only when its options asked for them). */
  onWindow?: (window: LoadWindowReport) => void;
}

export function startLoadChild<Result>(script: string, options: unknown, launch: LoadChildOptions = {}): RunningLoad<Result> {
  const [command, args] = pinnedCommand(process.execPath, [...GENERATOR_NODE_FLAGS, script, JSON.stringify(options)], launch.cpus);
  const child = execa(command, args, {
    reject: false,
    stdin: 'ignore',
    buffer: { stdout: false, stderr: true },
    ...(launch.timeoutSeconds !== undefined ? { timeout: launch.timeoutSeconds * 1000 } : {}),
  });
  const untrack = trackChild(child);
  let lastLine = '';
  let announceStart!: (epochMillis: number) => void;
  const started = new Promise<number>((resolve) => (announceStart = resolve));
  const lines = createInterface({ input: child.stdout!, crlfDelay: Infinity });
  lines.on('line', (line) => {
    lastLine = line;
    if (line.startsWith('{"event":"started"')) announceStart((JSON.parse(line) as { startEpochMillis: number }).startEpochMillis);
    else if (line.startsWith('{"event":"window"') && launch.onWindow !== undefined) {
      const { event: _event, ...window } = JSON.parse(line) as LoadWindowReport & { event: string };
      launch.onWindow(window);
    }
  });
  const linesRead = new Promise<void>((resolve) => lines.once('close', resolve));
  const result = Promise.all([child, linesRead]).then(([outcome]) => {
    untrack();
    if (outcome.exitCode !== 0 || outcome.failed || lastLine.startsWith('{"event":')) {
      throw new Error(`${script} failed (${outcome.shortMessage ?? `exit ${outcome.exitCode}`}): ${String(outcome.stderr).slice(-2000)}`);
    }
    return JSON.parse(lastLine) as Result;
  });
  // A child that ends before it started rejects `started` with the same error; neither may go unhandled.
  const startedOrFailed = Promise.race([started, result.then(() => Promise.reject(new Error(`${script} ended before it started`)))]);
  startedOrFailed.catch(() => undefined);
  return { pid: child.pid!, started: startedOrFailed, result, stop: () => void child.kill('SIGTERM') };
}
