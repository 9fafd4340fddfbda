// How far a run has got and how long it has left, from the run's events: the terminal bar and the live view read the same.
import type { RunEvent, RunEvents } from '../engine/events.js';

export interface ProgressSnapshot {
  /** 0 to 1 of the estimated total. */
  fraction: number;
  secondsLeft: number;
  elapsedSeconds: number;
  label: string;
}

/**
 * Each phase (calibration, a scenario) advances the estimate by its own estimate, never past 99% of it while it runs:
 * a phase that takes longer than estimated holds the bar rather than letting it claim the run is done.
 */
export class ProgressEstimate {
  private totalEstimateSeconds = 0;
  private doneEstimateSeconds = 0;
  private currentEstimateSeconds = 0;
  private currentStartedMillis = performance.now();
  private readonly startedMillis = performance.now();
  label = 'starting';

  constructor(events?: RunEvents) {
    events?.subscribe((event) => this.apply(event));
  }

  apply(event: RunEvent): void {
    if (event.type === 'run-started') this.totalEstimateSeconds = event.estimateSeconds;
    else if (event.type === 'scenario-started') {
      this.currentEstimateSeconds = event.estimateSeconds;
      this.currentStartedMillis = performance.now();
      this.label = event.title;
    } else if (event.type === 'scenario-finished') {
      this.doneEstimateSeconds += this.currentEstimateSeconds;
      this.currentEstimateSeconds = 0;
    } else if (event.type === 'step-started') this.label = event.label;
  }

  get totalSeconds(): number {
    return this.totalEstimateSeconds;
  }

  doneSeconds(): number {
    const inPhase = (performance.now() - this.currentStartedMillis) / 1000;
    return this.doneEstimateSeconds + Math.min(inPhase, this.currentEstimateSeconds * 0.99);
  }

  secondsLeft(): number {
    return Math.max(0, this.totalEstimateSeconds - this.doneSeconds());
  }

  snapshot(): ProgressSnapshot {
    const done = this.doneSeconds();
    return {
      fraction: this.totalEstimateSeconds > 0 ? Math.min(1, done / this.totalEstimateSeconds) : 0,
      secondsLeft: Math.round(this.secondsLeft()),
      elapsedSeconds: Math.round((performance.now() - this.startedMillis) / 1000),
      label: this.label,
    };
  }
}
