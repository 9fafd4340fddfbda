// scl_app_* metrics: a process sample taken at scrape time, from this process or (sidecar) another.
import { readdir } from 'node:fs/promises';
import type { Registry } from 'prom-client';
import { setCounterTotal, specCounter, specGauge } from './definitions.js';

export interface AppProcessSample {
  cpuSecondsTotal: number;
  residentMemoryBytes: number;
  openFds: number;
  startTimeSeconds: number;
}

export type SampleAppProcess = () => Promise<AppProcessSample | undefined>;

/**
 * Registers the four scl_app_* metrics, all fed by one `sample` per scrape. A sample of
 * undefined (the process is gone) leaves the last values.
 */
export function registerAppProcessMetrics(registry: Registry, sample: SampleAppProcess): void {
  // prom-client starts every collect() of a scrape in the same tick: they share one sample.
  let current: Promise<AppProcessSample | undefined> | undefined;
  const shared = (): Promise<AppProcessSample | undefined> => {
    if (current === undefined) {
      current = sample().catch(() => undefined);
      setImmediate(() => (current = undefined));
    }
    return current;
  };
  specCounter(registry, 'scl_app_cpu_seconds_total', async function () {
    const s = await shared();
    if (s) setCounterTotal(this, s.cpuSecondsTotal);
  });
  specGauge(registry, 'scl_app_resident_memory_bytes', async function () {
    const s = await shared();
    if (s) this.set(s.residentMemoryBytes);
  });
  specGauge(registry, 'scl_app_open_fds', async function () {
    const s = await shared();
    if (s) this.set(s.openFds);
  });
  specGauge(registry, 'scl_app_start_time_seconds', async function () {
    const s = await shared();
    if (s) this.set(s.startTimeSeconds);
  });
}

/** This process, read the way the library sees itself. */
export async function sampleOwnProcess(): Promise<AppProcessSample> {
  const cpu = process.cpuUsage();
  return {
    cpuSecondsTotal: (cpu.user + cpu.system) / 1e6,
    residentMemoryBytes: process.memoryUsage.rss(),
    openFds: await countOpenFds('/proc/self/fd'),
    startTimeSeconds: performance.timeOrigin / 1000,
  };
}

/** Entries of a /proc/<pid>/fd folder, minus the one readdir itself holds open when it is ours. */
export async function countOpenFds(fdFolder: string): Promise<number> {
  try {
    const entries = await readdir(fdFolder);
    return fdFolder === '/proc/self/fd' ? entries.length - 1 : entries.length;
  } catch {
    return 0;
  }
}
