// Everything a bench run started is stopped on success, on failure, on Ctrl-C and on SIGTERM.
import type { ResultPromise } from 'execa';

type Cleanup = () => Promise<void> | void;

const children = new Set<ResultPromise>();
const cleanups = new Set<Cleanup>();
let signalsInstalled = false;
let shuttingDown = false;

/** Tracks a child of the harness until it ends; the returned function stops tracking it. */
export function trackChild(child: ResultPromise): () => void {
  children.add(child);
  const untrack = (): void => {
    children.delete(child);
  };
  child.finally(untrack).catch(() => undefined);
  return untrack;
}

/** Registers a teardown (a topology, a server); the returned function unregisters it. */
export function onShutdown(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/** Runs every registered teardown, newest first, then kills any child still alive. */
export async function shutdownAll(): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`cleanup failed: ${(error as Error).message}\n`);
    }
  }
  for (const child of children) {
    if (child.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/** On SIGINT or SIGTERM: tear down, then exit with 128 + signal number. */
export function installSignalHandlers(onSignal?: (signal: NodeJS.Signals) => void): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  const handle = (signal: NodeJS.Signals, code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    onSignal?.(signal);
    void shutdownAll().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => handle('SIGINT', 130));
  process.on('SIGTERM', () => handle('SIGTERM', 143));
}
