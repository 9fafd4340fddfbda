// Waiting for processes to be ready: an HTTP 200 before a deadline, or the control plane's listening line.
import { HarnessError } from './errors.js';
import type { ManagedProcess } from './processes.js';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_INTERVAL_MS = 50;
const TAIL_SHOWN_LINES = 30;

export interface WaitOptions {
  timeoutSeconds: number;
  /** The processes behind the URL: an exit ends the wait at once, and their log tails go into the error. */
  processes?: readonly ManagedProcess[];
}

/** Polls `url` until it answers 200; throws SCL_ERR_NOT_READY with the process's log tail on timeout or exit. */
export async function waitForHttpOk(url: string, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    const gone = options.processes?.find((child) => child.exitInfo !== undefined);
    if (gone !== undefined) {
      throw notReady(`${gone.name} exited (${describeExit(gone)}) before ${url} answered 200`, ...(options.processes ?? []));
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(100, Math.min(2000, deadline - Date.now()))) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastProblem = `answered ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await delay(POLL_INTERVAL_MS);
  }
  throw notReady(`${url} did not answer 200 within ${options.timeoutSeconds} s (last: ${lastProblem})`, ...(options.processes ?? []));
}

/** Waits for the stdout line `{"event":"listening","url":...}` the control plane prints, and returns the URL. */
export function readListeningUrl(child: ManagedProcess, timeoutSeconds: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const onLine = (line: string, stream: string) => {
      if (stream !== 'stdout' || !line.startsWith('{')) return;
      try {
        const parsed = JSON.parse(line) as { event?: unknown; url?: unknown };
        if (parsed.event === 'listening' && typeof parsed.url === 'string') finish(undefined, parsed.url);
      } catch {
        // Not the listening line.
      }
    };
    const timer = setTimeout(
      () => finish(notReady(`${child.name} printed no listening line within ${timeoutSeconds} s`, child)),
      timeoutSeconds * 1000,
    );
    const finish = (error: Error | undefined, url?: string) => {
      clearTimeout(timer);
      child.lines.off('line', onLine);
      if (error !== undefined) reject(error);
      else resolve(url as string);
    };
    child.lines.on('line', onLine);
    void child.exited.then(() => finish(notReady(`${child.name} exited (${describeExit(child)}) before it was listening`, child)));
  });
}

export function notReady(message: string, ...children: ManagedProcess[]): HarnessError {
  const tails = children.map((child) => {
    const tail = child.tail().split('\n').slice(-TAIL_SHOWN_LINES).join('\n');
    return `\n--- last lines of ${child.logFile} ---\n${tail}`;
  });
  return new HarnessError('SCL_ERR_NOT_READY', message + tails.join(''));
}

export function describeExit(child: ManagedProcess): string {
  const info = child.exitInfo;
  if (info === undefined) return 'running';
  return info.signal !== undefined ? `signal ${info.signal}` : `exit code ${info.exitCode}`;
}

/** Node's own timer promise, under the name the harness uses for a pause in milliseconds. */
export { delay };

/** Waits until a wall-clock instant (epoch milliseconds); at once when it has passed. */
export function sleepUntil(epochMillis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMillis - Date.now())));
}
