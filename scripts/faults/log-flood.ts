// The log flood: the app itself writes many more records than its requests do, through its /_scl/log hook.

export interface FloodTotals {
  /** Records asked for in answered (204) hook calls. */
  accepted: number;
  /** Hook calls that failed or were not answered 204. */
  failedCalls: number;
}

const TICK_SECONDS = 0.1;
const MAX_RECORDS_PER_CALL = 100_000;

/** Calls the hook back to back, each asking for the records due since the last call, so the rate holds even when calls are slow. */
export class LogFlood {
  private readonly totals: FloodTotals = { accepted: 0, failedCalls: 0 };
  private running = false;
  private loop: Promise<void> | undefined;

  /** `appUrl` is the app's own port: the flood is the app's doing, not traffic through the sidecar's ingress. */
  constructor(
    private readonly appUrl: string,
    private readonly recordsPerSecond: number,
  ) {}

  start(): void {
    this.running = true;
    this.loop ??= this.run();
  }

  async stop(): Promise<FloodTotals> {
    this.running = false;
    await this.loop;
    return { ...this.totals };
  }

  private async run(): Promise<void> {
    let last = performance.now();
    while (this.running) {
      await new Promise((resolve) => setTimeout(resolve, TICK_SECONDS * 1000));
      const now = performance.now();
      const count = Math.min(MAX_RECORDS_PER_CALL, Math.round(((now - last) / 1000) * this.recordsPerSecond));
      last = now;
      if (count < 1) continue;
      try {
        const response = await fetch(`${this.appUrl}/_scl/log`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ level: 'info', event: 'flood.record', msg: 'a record of the log flood', count }),
          signal: AbortSignal.timeout(5000),
        });
        await response.arrayBuffer();
        if (response.status === 204) this.totals.accepted += count;
        else this.totals.failedCalls++;
      } catch {
        this.totals.failedCalls++;
      }
    }
  }
}
