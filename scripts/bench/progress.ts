// Shows the current step and an estimate of the time left: a bar on a terminal, plain lines elsewhere.
import cliProgress from 'cli-progress';

export class BenchProgress {
  private readonly bar: cliProgress.SingleBar | undefined;
  private readonly startedMillis = performance.now();
  private doneEstimateSeconds = 0;
  private currentEstimateSeconds = 0;
  private currentStartedMillis = performance.now();
  private stepLabel = 'starting';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly totalEstimateSeconds: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    if (stream.isTTY) {
      this.bar = new cliProgress.SingleBar({
        format: '{bar} {percentage}% | about {left} left | {step}',
        stream,
        hideCursor: true,
        clearOnComplete: false,
      }, cliProgress.Presets.shades_classic);
      this.bar.start(Math.max(1, Math.round(totalEstimateSeconds)), 0, { step: this.stepLabel, left: formatSeconds(totalEstimateSeconds) });
      this.timer = setInterval(() => this.render(), 500);
      this.timer.unref();
    }
  }

  /** A scenario begins; its estimate is what the bar advances by until it ends. */
  beginScenario(label: string, estimateSeconds: number): void {
    this.currentEstimateSeconds = estimateSeconds;
    this.currentStartedMillis = performance.now();
    this.step(label);
  }

  endScenario(): void {
    this.doneEstimateSeconds += this.currentEstimateSeconds;
    this.currentEstimateSeconds = 0;
    this.render();
  }

  step(label: string): void {
    this.stepLabel = label;
    if (this.bar) this.render();
    else this.stream.write(`[bench ${formatSeconds((performance.now() - this.startedMillis) / 1000)}, about ${formatSeconds(this.secondsLeft())} left] ${label}\n`);
  }

  /** Writes a line above the bar (a skipped cell, a warning). */
  note(text: string): void {
    if (this.bar) this.bar.stop();
    this.stream.write(`${text}\n`);
    if (this.bar) this.bar.start(Math.max(1, Math.round(this.totalEstimateSeconds)), this.doneSeconds(), { step: this.stepLabel, left: formatSeconds(this.secondsLeft()) });
  }

  stop(): void {
    clearInterval(this.timer);
    this.bar?.stop();
  }

  private doneSeconds(): number {
    const inScenario = (performance.now() - this.currentStartedMillis) / 1000;
    return this.doneEstimateSeconds + Math.min(inScenario, this.currentEstimateSeconds * 0.99);
  }

  private secondsLeft(): number {
    return Math.max(0, this.totalEstimateSeconds - this.doneSeconds());
  }

  private render(): void {
    this.bar?.update(Math.round(this.doneSeconds()), { step: this.stepLabel, left: formatSeconds(this.secondsLeft()) });
  }
}

export function formatSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}
