// A process's memory from /proc/<pid>/smaps_rollup: RSS, and the parts that are its own.
import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  rssBytes: number;
  /** Shared pages divided among the processes that map them. */
  pssBytes: number;
  /** Private_Clean + Private_Dirty (the USS): what exiting would free. */
  privateBytes: number;
}

/**
 * RSS counts node's executable pages, which every node process on the host shares (about 35 MB);
 * Pss charges each process its share of them; private is what this process alone holds.
 */
export function memoryOf(pid: number | 'self'): ProcessMemory {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
  return { rssBytes: kb('Rss'), pssBytes: kb('Pss'), privateBytes: kb('Private_Clean') + kb('Private_Dirty') };
}
