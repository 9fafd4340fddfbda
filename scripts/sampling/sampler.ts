// Samples CPU and RSS of every process of a run by role at a fixed interval, into time series.
import { readProcess, withDescendants } from './proc.js';

/** `proxy`: mode native's HAProxy, the floor of the sidecar's hop. */
export const ROLES = ['app', 'sidecar', 'proxy', 'controlplane', 'loadgen'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleSample {
  /** Since the sampler started. */
  elapsedSeconds: number;
  /** Summed over the role's live processes: CPU seconds since each started. */
  cpuSeconds: number;
  rssBytes: number;
  /** Summed RssAnon (private memory) and Pss (shared pages in part); absent in results written before they were read. */
  anonBytes?: number;
  pssBytes?: number;
  processes: number;
}

export interface RoleSeries {
  role: Role;
  samples: RoleSample[];
}

export interface TrackedProcess {
  pid: number;
  role: Role;
  label: string;
}

export class ProcSampler {
  private readonly tracked = new Map<number, TrackedProcess>();
  private readonly series = new Map<Role, RoleSample[]>();
  private timer: NodeJS.Timeout | undefined;
  private startedMillis = 0;
  private sampling: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalSeconds: number,
    private readonly includeDescendants = false,
  ) {}

  track(process: TrackedProcess): void {
    this.tracked.set(process.pid, process);
  }

  untrack(pid: number): void {
    this.tracked.delete(pid);
  }

  start(): void {
    this.startedMillis = performance.now();
    void this.sampleNow();
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(async () => {
        await this.sampleNow();
      });
    }, this.intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<RoleSeries[]> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sampleNow();
    return ROLES.filter((role) => this.series.has(role)).map((role) => ({ role, samples: this.series.get(role) ?? [] }));
  }

  /** One reading of every tracked process now, summed by role. */
  async sampleNow(): Promise<Map<Role, RoleSample>> {
    const elapsedSeconds = (performance.now() - this.startedMillis) / 1000;
    const byRole = new Map<Role, RoleSample>();
    for (const tracked of this.tracked.values()) {
      const pids = this.includeDescendants ? await withDescendants([tracked.pid]) : [tracked.pid];
      for (const pid of pids) {
        const reading = await readProcess(pid);
        if (reading === undefined) continue;
        const sample = byRole.get(tracked.role) ?? { elapsedSeconds, cpuSeconds: 0, rssBytes: 0, anonBytes: 0, pssBytes: 0, processes: 0 };
        sample.cpuSeconds += reading.cpuSeconds;
        sample.rssBytes += reading.rssBytes;
        sample.anonBytes = (sample.anonBytes ?? 0) + reading.anonBytes;
        // A role's Pss is known only when every one of its processes had a rollup.
        if (sample.pssBytes !== undefined)
          sample.pssBytes = reading.pssBytes === undefined ? undefined : sample.pssBytes + reading.pssBytes;
        sample.processes += 1;
        byRole.set(tracked.role, sample);
      }
    }
    for (const [role, sample] of byRole) {
      const samples = this.series.get(role) ?? [];
      samples.push(sample);
      this.series.set(role, samples);
    }
    return byRole;
  }
}
