// Log records lost and duplicated: what each app process wrote, against what the collector counted for it (by seq).
import { readFile } from 'node:fs/promises';
import type { ControlPlaneClient } from '../../controlplane/src/client.js';
import type { StreamStats } from '../../controlplane/src/types.js';
import { scrape, sumSeries } from './prometheus-text.js';

/** How many records one app process wrote, and whether that count is exact. */
export interface WrittenCount {
  pid: number;
  records: number;
  /**
   * Exact: the log file's lines (sidecar mode) or the library's counter read after the load (a live process).
   * Not exact: the library's counter read just before the process died: the process may have written more.
   */
  exact: boolean;
}

export interface ProcessAccounting {
  pid: number;
  written: number;
  exact: boolean;
  /** Distinct seqs the collector received from this process. */
  delivered: number;
  duplicates: number;
  /** Written and never delivered; a lower bound when the written count is not exact. */
  lost: number;
}

export interface LogAccounting {
  /** Where the app's own count came from, in words. */
  source: string;
  written: number;
  delivered: number;
  duplicates: number;
  lost: number;
  /** False when a process died with records the harness could not count: `lost` is then at least this. */
  exact: boolean;
  processes: ProcessAccounting[];
}

/**
 * Compares the app's count with the collector's per process. A dead process's count is raised to the highest seq
 * the collector saw from it, when that is higher: it proves the process wrote at least that many.
 */
export function accountLogs(source: string, written: readonly WrittenCount[], streams: readonly StreamStats[]): LogAccounting {
  const processes = written.map((count): ProcessAccounting => {
    const stream = streams.find((one) => one.pid === count.pid);
    const records = count.exact ? count.records : Math.max(count.records, stream?.maxSeq ?? 0);
    const delivered = stream?.distinct ?? 0;
    return {
      pid: count.pid,
      written: records,
      exact: count.exact,
      delivered,
      duplicates: stream?.duplicates ?? 0,
      lost: Math.max(0, records - delivered),
    };
  });
  const sum = (pick: (one: ProcessAccounting) => number) => processes.reduce((total, one) => total + pick(one), 0);
  return {
    source,
    written: sum((one) => one.written),
    delivered: sum((one) => one.delivered),
    duplicates: sum((one) => one.duplicates),
    lost: sum((one) => one.lost),
    exact: processes.every((one) => one.exact),
    processes,
  };
}

/** Records per pid in a JSON-lines log file (the app's own log in sidecar mode); a line that does not parse counts for pid 0. */
export async function countLinesByPid(path: string): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return counts;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let pid = 0;
    try {
      pid = Number((JSON.parse(line) as { pid?: unknown }).pid) || 0;
    } catch {
      // counted under pid 0: written, but no process can be named
    }
    counts.set(pid, (counts.get(pid) ?? 0) + 1);
  }
  return counts;
}

/** Records the library has numbered so far: queued plus dropped because the queue was full (each took a seq). */
export async function libraryRecordsWritten(metricsUrl: string): Promise<number | null> {
  const text = await scrape(metricsUrl);
  if (text === null) return null;
  const queued = sumSeries(text, 'scl_logs_records_queued_total');
  if (queued === null) return null;
  return queued + (sumSeries(text, 'scl_logs_records_dropped_total', { reason: 'queue_full' }) ?? 0);
}

/** The collector's streams of one instance. */
export async function instanceStreams(client: ControlPlaneClient, service: string, instanceId: string): Promise<StreamStats[]> {
  return (await client.logStats(service)).streams.filter((stream) => stream.instance === instanceId);
}

/**
 * Waits until the collector has every record it will get: each exactly counted process fully delivered, or no
 * change for `quietSeconds` (a dead process, a dead shipper), or the deadline.
 */
export async function settleStreams(
  client: ControlPlaneClient,
  service: string,
  instanceId: string,
  written: readonly WrittenCount[],
  options: { quietSeconds: number; timeoutSeconds: number },
): Promise<StreamStats[]> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let last = '';
  let lastChangeMillis = Date.now();
  for (;;) {
    const streams = await instanceStreams(client, service, instanceId);
    const complete = written.every(
      (count) => !count.exact || (streams.find((one) => one.pid === count.pid)?.distinct ?? 0) >= count.records,
    );
    const fingerprint = JSON.stringify(streams.map((one) => [one.pid, one.received]));
    if (fingerprint !== last) {
      last = fingerprint;
      lastChangeMillis = Date.now();
    }
    if (complete || Date.now() - lastChangeMillis >= options.quietSeconds * 1000 || Date.now() > deadline) return streams;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
