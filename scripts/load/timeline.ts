// Runs the timeline load as its own (pinned) node process: `started` resolves when its clock starts, `result` at the end.
import { execa } from 'execa';
import { createInterface } from 'node:readline';
import { compiledScript } from '../paths.js';
import { pinnedCommand } from '../env/pinning.js';
import { trackChild } from '../bench/cleanup.js';
import type { TimelineLoadOptions, TimelineLoadResult } from './timeline-types.js';

export type { TimelineBucket, TimelineLoadOptions, TimelineLoadResult } from './timeline-types.js';

export interface RunningTimeline {
  pid: number;
  /** The wall-clock time (Date.now()) of the first intended send. */
  started: Promise<number>;
  result: Promise<TimelineLoadResult>;
  /** Ends the schedule before its duration; `result` then covers the time up to now. */
  stop(): void;
}

export function startTimelineLoad(options: TimelineLoadOptions, generatorCpus?: string): RunningTimeline {
  const [command, args] = pinnedCommand(process.execPath, [compiledScript('scripts/load/timeline-main'), JSON.stringify(options)], generatorCpus);
  const child = execa(command, args, { timeout: (options.durationSeconds + options.timeoutSeconds + 30) * 1000, reject: false, stdin: 'ignore', buffer: { stdout: false, stderr: true } });
  const untrack = trackChild(child);
  let lastLine = '';
  let resolveStarted!: (epochMillis: number) => void;
  let rejectStarted!: (error: Error) => void;
  const started = new Promise<number>((resolve, reject) => {
    resolveStarted = resolve;
    rejectStarted = reject;
  });
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    lastLine = line;
    if (line.startsWith('{"event":"started"')) resolveStarted((JSON.parse(line) as { startEpochMillis: number }).startEpochMillis);
  });
  const linesRead = new Promise<void>((resolve) => lines.once('close', resolve));
  const result = Promise.all([child, linesRead]).then(([outcome]) => {
    untrack();
    if (outcome.exitCode !== 0 || outcome.failed) {
      const error = new Error(`the timeline load failed (${outcome.shortMessage ?? `exit ${outcome.exitCode}`}): ${String(outcome.stderr).slice(-2000)}`);
      rejectStarted(error);
      throw error;
    }
    return JSON.parse(lastLine) as TimelineLoadResult;
  });
  // A failure surfaces through `result`; `started` must not also become an unhandled rejection.
  started.catch(() => undefined);
  return { pid: child.pid!, started, result, stop: () => void child.kill('SIGTERM') };
}
