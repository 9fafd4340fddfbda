// Asks the app itself, on its own port, whether it answers: behind a dead sidecar the app may serve while clients fail.

export interface ProbeAnswer {
  epochMillis: number;
  ok: boolean;
}

export class HealthProbe {
  readonly answers: ProbeAnswer[] = [];
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly intervalSeconds = 0.1,
    private readonly timeoutSeconds = 1,
  ) {}

  start(): void {
    this.running = true;
    this.loop ??= this.run();
  }

  async stop(): Promise<ProbeAnswer[]> {
    this.running = false;
    await this.loop;
    return this.answers;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const epochMillis = Date.now();
      const ok = await fetch(this.url, { signal: AbortSignal.timeout(this.timeoutSeconds * 1000) }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status === 200;
        },
        () => false,
      );
      this.answers.push({ epochMillis, ok });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMillis + this.intervalSeconds * 1000 - Date.now())));
    }
  }
}

/** Share of the probes sent within [start, end) (timeline seconds) that the app answered; null without probes. */
export function answeredShare(
  probes: readonly { atSeconds: number; ok: boolean }[],
  startSeconds: number,
  endSeconds: number,
): number | null {
  const inWindow = probes.filter((probe) => probe.atSeconds >= startSeconds && probe.atSeconds < endSeconds);
  return inWindow.length === 0 ? null : inWindow.filter((probe) => probe.ok).length / inWindow.length;
}
