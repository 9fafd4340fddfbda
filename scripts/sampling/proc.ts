// Reads one process's CPU time and resident memory from /proc, the way the sidecar reads its app.
import { readdir, readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';

export interface ProcessReading {
  pid: number;
  /** utime + stime, in seconds. */
  cpuSeconds: number;
  rssBytes: number;
  /** RssAnon of /proc/<pid>/status: private memory (heap, stacks), what this process alone costs. */
  anonBytes: number;
  /**
   * Pss of /proc/<pid>/smaps_rollup: shared pages divided among the processes that map them, so node's file-backed
   * pages, paid once per host, are charged to each node process in part; undefined where the kernel has no rollup.
   */
  pssBytes: number | undefined;
}

let clockTicksPerSecond: number | undefined;

/** USER_HZ: stat's times are in these ticks; almost always 100, asked once. */
export function clockTicks(): number {
  if (clockTicksPerSecond === undefined) {
    try {
      clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicksPerSecond = 100;
    }
  }
  return clockTicksPerSecond;
}

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
export function statFields(stat: string): string[] {
  return stat
    .slice(stat.lastIndexOf(')') + 2)
    .trim()
    .split(' ');
}

/** utime and stime are fields 14 and 15 of stat(5); after the name they are at index 11 and 12. */
export function parseCpuSeconds(stat: string, ticksPerSecond: number): number {
  const fields = statFields(stat);
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

export function parseParentPid(stat: string): number {
  return Number(statFields(stat)[1]);
}

/** VmRSS of /proc/<pid>/status, in bytes; 0 for a zombie, which has none. */
export function parseRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** RssAnon of /proc/<pid>/status, in bytes; 0 when absent. */
export function parseAnonBytes(status: string): number {
  const match = /^RssAnon:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Pss of /proc/<pid>/smaps_rollup, in bytes; undefined when absent. */
export function parsePssBytes(rollup: string): number | undefined {
  const match = /^Pss:\s+(\d+)\s+kB/m.exec(rollup);
  return match ? Number(match[1]) * 1024 : undefined;
}

async function readPss(pid: number): Promise<number | undefined> {
  try {
    return parsePssBytes(await readFile(`/proc/${pid}/smaps_rollup`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** undefined when the process is gone (or a zombie). */
export async function readProcess(pid: number): Promise<ProcessReading | undefined> {
  try {
    const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
    // A zombie has exited and holds no memory; reading it would count a process that is gone.
    if (/^State:\s+Z/m.test(status)) return undefined;
    return {
      pid,
      cpuSeconds: parseCpuSeconds(stat, clockTicks()),
      rssBytes: parseRssBytes(status),
      anonBytes: parseAnonBytes(status),
      pssBytes: await readPss(pid),
    };
  } catch {
    return undefined;
  }
}

/** The pid and all its descendants: a role's process may be a launcher with the real work in a child. */
export async function withDescendants(rootPids: readonly number[]): Promise<number[]> {
  const parentOf = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      parentOf.set(pid, parseParentPid(await readFile(`/proc/${pid}/stat`, 'utf8')));
    } catch {
      // gone between readdir and read
    }
  }
  const found = new Set(rootPids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (!found.has(pid) && found.has(parent)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found];
}
