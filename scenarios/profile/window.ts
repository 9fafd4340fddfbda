// The profiled window: the preload (cpu-profile-preload.cts) profiles between two PROFILE_SIGNALs, and this side sends
// them around the measured load, then waits for each process to write its profile.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The preload's signal; only processes that run the preload may be sent it (its default action ends a process). */
export const PROFILE_SIGNAL = 'SIGUSR2';

/** The file the preload writes for a pid, once whole. */
export function profilePath(directory: string, pid: number): string {
  return join(directory, `CPU.${pid}.cpuprofile`);
}

export interface ProfiledWindow<T> {
  result: T;
  /** From the start signal to the stop signal, as this side timed it: what each profile's own span should match. */
  windowMillis: number;
  /** The pids whose profile was written, each to profilePath(directory, pid). */
  written: number[];
}

/** Profiles `pids` while `measure` runs; a profile not written within `writeSeconds` of the stop is left out. */
export async function profileWindow<T>(
  pids: readonly number[],
  directory: string,
  measure: () => Promise<T>,
  writeSeconds = 10,
): Promise<ProfiledWindow<T>> {
  const signalAll = () => {
    for (const pid of pids) process.kill(pid, PROFILE_SIGNAL);
  };
  signalAll();
  const started = performance.now();
  let result: T;
  try {
    result = await measure();
  } finally {
    signalAll();
  }
  const windowMillis = performance.now() - started;
  const deadline = Date.now() + writeSeconds * 1000;
  while (!pids.every((pid) => existsSync(profilePath(directory, pid))) && Date.now() < deadline) await sleep(50);
  return { result, windowMillis, written: pids.filter((pid) => existsSync(profilePath(directory, pid))) };
}
