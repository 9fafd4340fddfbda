// Shows the current step and an estimate of the time left, from the run's events: a bar on a terminal, plain lines elsewhere.
import cliProgress from 'cli-progress';
import type { RunEvent, RunEvents } from '../engine/events.js';
import { ProgressEstimate } from './progress-estimate.js';

export class BenchProgress {
  private bar: cliProgress.SingleBar | undefined;
  private readonly estimate = new ProgressEstimate();
  private readonly startedMillis = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    events: RunEvents,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.unsubscribe = events.subscribe((event) => this.on(event));
  }

  private on(event: RunEvent): void {
    this.estimate.apply(event);
    switch (event.type) {
      case 'run-started':
        this.start();
        this.note(`measuring for about ${formatSeconds(event.estimateSeconds)}`);
        break;
      case 'scenario-started':
      case 'step-started':
        this.showStep();
        break;
      case 'scenario-finished':
        this.render();
        break;
      case 'note':
        this.note(event.text);
        break;
      case 'run-finished':
        this.stop();
        break;
      default:
        break;
    }
  }

  private start(): void {
    if (!this.stream.isTTY || this.bar !== undefined) return;
    this.bar = new cliProgress.SingleBar(
      {
        format: '{bar} {percentage}% | about {left} left | {step}',
        stream: this.stream,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(this.barTotal(), 0, { step: this.estimate.label, left: formatSeconds(this.estimate.totalSeconds) });
    this.timer = setInterval(() => this.render(), 500);
    this.timer.unref();
  }

  private showStep(): void {
    if (this.bar) this.render();
    else
      this.stream.write(
        `[bench ${formatSeconds((performance.now() - this.startedMillis) / 1000)}, about ${formatSeconds(this.estimate.secondsLeft())} left] ${this.estimate.label}\n`,
      );
  }

  /** Writes a line above the bar (a skipped cell, a warning). */
  private note(text: string): void {
    if (this.bar) this.bar.stop();
    this.stream.write(`${text}\n`);
    if (this.bar)
      this.bar.start(this.barTotal(), Math.round(this.estimate.doneSeconds()), {
        step: this.estimate.label,
        left: formatSeconds(this.estimate.secondsLeft()),
      });
  }

  stop(): void {
    this.unsubscribe();
    clearInterval(this.timer);
    this.bar?.stop();
  }

  private barTotal(): number {
    return Math.max(1, Math.round(this.estimate.totalSeconds));
  }

  private render(): void {
    this.bar?.update(Math.round(this.estimate.doneSeconds()), {
      step: this.estimate.label,
      left: formatSeconds(this.estimate.secondsLeft()),
    });
  }
}

export function formatSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}
