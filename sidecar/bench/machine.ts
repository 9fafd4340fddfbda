// What the shared machine does meanwhile: CPU time of a process, and of one core, from /proc; a disturbed run is set aside.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export function cpuTimes(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / CLOCK_TICKS, system: Number(fields[12]) / CLOCK_TICKS };
}

/** User and system time of a process, all its threads. */
export function cpuSeconds(pid: number): number {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

/** Time one core spent running anything (user, nice, system; interrupts left out), in seconds since boot. */
export function coreBusySeconds(core: number): number {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((text) => text.startsWith(`cpu${core} `));
  if (line === undefined) return 0;
  const [user, nice, system] = line.split(/\s+/).slice(1, 4).map(Number) as [number, number, number];
  return (user + nice + system) / CLOCK_TICKS;
}

/** CPU of a process's main thread (tid = pid) and of all its other threads (worker threads, GC helpers, libuv's pool). */
export function threadSplit(pid: number): { main: number; others: number } {
  const total = cpuSeconds(pid);
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'latin1');
  const [user, system] = fields
    .slice(fields.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 13)
    .map(Number) as [number, number];
  const main = (user + system) / CLOCK_TICKS;
  return { main, others: total - main };
}
