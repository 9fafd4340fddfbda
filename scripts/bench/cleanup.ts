// Everything a bench run started is stopped on success, on failure, on Ctrl-C and on SIGTERM.
import type { ResultPromise } from 'execa';

type Cleanup = () => Promise<void> | void;

const children = new Set<ResultPromise>();
const cleanups = new Set<Cleanup>();
let signalsInstalled = false;

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
  killChildrenNow();
}

function killChildrenNow(): void {
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/**
 * On SIGINT or SIGTERM: `onSignal` runs synchronously (save what finished), every child of the harness is
 * killed, and the process exits with 128 + the signal number. Synchronous on purpose: orchestration's own
 * handler, registered later, kills the service process groups and exits at once.
 */
export function installSignalHandlers(onSignal: (signal: NodeJS.Signals) => void): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      try {
        onSignal(signal);
      } finally {
        killChildrenNow();
        process.exit(code);
      }
    });
  }
  process.on('exit', killChildrenNow);
}
