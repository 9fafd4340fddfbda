// The profiled window: the preload (cpu-profile-preload.cts) profiles between two PROFILE_SIGNALs, and this side sends
// them when the measured load window starts and ends, then waits for each process to write its profile.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The preload's signal; only processes that run the preload may be sent it (its default action ends a process). */
export const PROFILE_SIGNAL = 'SIGUSR2';

/** The file the preload writes for a pid, once whole. */
export function profilePath(directory: string, pid: number): string {
  return join(directory, `CPU.${pid}.cpuprofile`);
}

export interface WindowProfiler {
  /** Starts every process's profiler; a second call does nothing. */
  start(): void;
  /** Stops them (each writes its profile); does nothing before start or after a first stop. */
  stop(): void;
  /** From start to stop, as this side timed it (null until stopped): what each profile's own span should match. */
  windowMillis(): number | null;
  /** Waits up to `seconds` for the profiles; returns the pids whose profile was written. */
  written(seconds?: number): Promise<number[]>;
}

export function windowProfiler(pids: readonly number[], directory: string): WindowProfiler {
  let startedAt: number | undefined;
  let stoppedAt: number | undefined;
  const signalAll = () => {
    for (const pid of pids) process.kill(pid, PROFILE_SIGNAL);
  };
  return {
    start() {
      if (startedAt !== undefined) return;
      startedAt = performance.now();
      signalAll();
    },
    stop() {
      if (startedAt === undefined || stoppedAt !== undefined) return;
      signalAll();
      stoppedAt = performance.now();
    },
    windowMillis: () => (startedAt !== undefined && stoppedAt !== undefined ? stoppedAt - startedAt : null),
    async written(seconds = 10) {
      const deadline = Date.now() + seconds * 1000;
      while (!pids.every((pid) => existsSync(profilePath(directory, pid))) && Date.now() < deadline) await sleep(50);
      return pids.filter((pid) => existsSync(profilePath(directory, pid)));
    },
  };
}
