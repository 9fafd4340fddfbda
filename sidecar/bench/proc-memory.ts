// A process's memory read at once, for the sidecar's benchmarks: RSS, PSS and private memory, parsed by the harness's
// own /proc reader (scripts/sampling/proc.ts), so "private" means here what it means in the report (RssAnon).
import { readFileSync } from 'node:fs';
import { parseAnonBytes, parsePssBytes, parseRssBytes } from '../../scripts/sampling/proc.js';

export interface ProcessMemory {
  rssBytes: number;
  /** Shared pages divided among the processes that map them. */
  pssBytes: number;
  /** RssAnon: heap, stacks, what this process alone holds (the report's "private"). */
  privateBytes: number;
}

/**
 * RSS counts node's executable pages, which every node process on the host shares (about 35 MB);
 * Pss charges each process its share of them; private is what this process alone holds.
 */
export function memoryOf(pid: number | 'self'): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rssBytes: parseRssBytes(status),
    pssBytes: parsePssBytes(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')) ?? 0,
    privateBytes: parseAnonBytes(status),
  };
}
