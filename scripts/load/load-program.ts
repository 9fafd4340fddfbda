// The child side of every load process: options as one JSON argument, a `started` line when its clock starts,
// SIGTERM ends the schedule early (what is in flight is still awaited), and the result as the last JSON line.
import type { LoadWindowReport } from './live-windows.js';

/** `report` writes a live window as a line of its own (load-child.ts hands it to the caller); the result is still the last line. */
export type LoadProgram<Options, Result> = (
  options: Options,
  onStart: (startEpochMillis: number) => void,
  stop: AbortSignal,
  report: (window: LoadWindowReport) => void,
) => Promise<Result>;

export async function runLoadProgram<Options, Result>(name: string, program: LoadProgram<Options, Result>): Promise<void> {
  const raw = process.argv[2];
  if (raw === undefined) {
    process.stderr.write(`usage: node ${name} '<options as JSON>'\n`);
    process.exit(2);
  }
  const stop = new AbortController();
  process.on('SIGTERM', () => stop.abort());
  const result = await program(
    JSON.parse(raw) as Options,
    (startEpochMillis) => {
      process.stdout.write(`${JSON.stringify({ event: 'started', startEpochMillis })}\n`);
    },
    stop.signal,
    (window) => {
      process.stdout.write(`${JSON.stringify({ event: 'window', ...window })}\n`);
    },
  );
  // Writes to a pipe are synchronous on Linux: the line is out before the process ends.
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // A watch or a keep-alive socket left behind must not keep the process, and so its caller, waiting.
  setTimeout(() => process.exit(0), 1000).unref();
}
