// Checks the app's /health on an interval: healthy after one 200, unhealthy after N failures in a row or once its process is gone.
import type { Dispatcher } from 'undici';
import { systemClock, type Clock } from '../../../library/ts/src/clock.js';
import { fetchText } from '../../../library/ts/src/http/fetch-text.js';

/** Time between checks until the app's first 200. */
const STARTUP_INTERVAL_SECONDS = 0.05;

export interface AppHealthOptions {
  /** `http://127.0.0.1:<app-port>/health` */
  url: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  /** True when the app's process is known to have exited: no need to wait for the threshold. */
  processGone?: () => Promise<boolean>;
  /** Called on each change of `healthy`. */
  onChange: (healthy: boolean) => void;
  dispatcher?: Dispatcher;
  clock?: Clock;
}

export class AppHealth {
  private healthyNow = false;
  private consecutiveFailures = 0;
  private readonly cancel = new AbortController();
  private readonly clock: Clock;
  private loop: Promise<void> | undefined;
  private firstAnswer!: () => void;
  /** Resolves after the first check, whatever it found. */
  readonly checkedOnce = new Promise<void>((resolve) => (this.firstAnswer = resolve));

  constructor(private readonly options: AppHealthOptions) {
    this.clock = options.clock ?? systemClock;
  }

  private answeredOnce = false;

  get healthy(): boolean {
    return this.healthyNow;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.cancel.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.cancel.signal;
    while (!signal.aborted) {
      const ok = await this.check();
      if (signal.aborted) break;
      this.record(ok === 'ok', ok === 'gone');
      this.firstAnswer();
      if (ok === 'ok') this.answeredOnce = true;
      // Until the app first answers, a starting app is waited for at a startup pace, not a whole interval
      // (what a startup probe does): otherwise every start would wait up to one interval for nothing.
      const seconds = this.answeredOnce ? this.options.intervalSeconds : Math.min(this.options.intervalSeconds, STARTUP_INTERVAL_SECONDS);
      await this.clock.sleep(seconds * 1000, signal);
    }
  }

  private async check(): Promise<'ok' | 'failed' | 'gone'> {
    try {
      const { status } = await fetchText(this.options.url, {
        timeoutSeconds: this.options.timeoutSeconds,
        signal: this.cancel.signal,
        dispatcher: this.options.dispatcher,
      });
      if (status === 200) return 'ok';
    } catch {
      // refused, reset or timed out: a failed check
    }
    return (await this.options.processGone?.().catch(() => false)) ? 'gone' : 'failed';
  }

  private record(ok: boolean, gone: boolean): void {
    if (ok) {
      this.consecutiveFailures = 0;
      this.set(true);
      return;
    }
    this.consecutiveFailures++;
    if (gone || this.consecutiveFailures >= this.options.failureThreshold) this.set(false);
  }

  private set(healthy: boolean): void {
    if (healthy === this.healthyNow) return;
    this.healthyNow = healthy;
    this.options.onChange(healthy);
  }
}
