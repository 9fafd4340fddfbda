// The config pull loop: blocking queries on GET /v1/config/{service}, each answer applied or counted.
import type { Dispatcher } from 'undici';
import { systemClock, type Clock } from '../clock.js';
import { endpointUrl, fetchText, headerNumber, type TextResponse } from '../http/fetch-text.js';
import type { AppliedConfig } from '../types.js';
import { readConfigAnswer, type ConfigErrorReason } from './answer.js';

export interface ConfigPullerOptions {
  controlplaneUrl: string;
  service: string;
  waitSeconds: number;
  retryBackoffSeconds: number;
  /** The version in use before the first pull (0: built-in defaults). */
  initialVersion?: number;
  /** Called with each answer whose version differs from the one in use. */
  onApplied: (applied: AppliedConfig) => void;
  /** Called with each answer not applied; the loop then waits retryBackoffSeconds. */
  onRejected?: (reason: ConfigErrorReason, detail: string) => void;
  dispatcher?: Dispatcher;
  clock?: Clock;
}

export class ConfigPuller {
  private readonly clock: Clock;
  private readonly cancel = new AbortController();
  private readonly url: string;
  private version: number;
  private loop: Promise<void> | undefined;
  private firstOutcome!: () => void;
  private readonly firstOutcomeSeen = new Promise<void>((resolve) => (this.firstOutcome = resolve));

  constructor(private readonly options: ConfigPullerOptions) {
    this.clock = options.clock ?? systemClock;
    this.version = options.initialVersion ?? 0;
    this.url = endpointUrl(options.controlplaneUrl, `/v1/config/${encodeURIComponent(options.service)}`);
  }

  /**
   * Starts the loop and waits for its first answer (applied or not) up to `firstPullSeconds`, so
   * an app usually starts on its stored config, yet never hangs on a control plane that is down.
   */
  async start(firstPullSeconds: number): Promise<void> {
    this.loop ??= this.run();
    const timeout = new AbortController();
    await Promise.race([this.firstOutcomeSeen, this.clock.sleep(firstPullSeconds * 1000, timeout.signal)]);
    timeout.abort();
  }

  async stop(): Promise<void> {
    this.cancel.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.cancel.signal;
    const wait = `&wait=${Math.round(this.options.waitSeconds * 1000)}ms`;
    let index = 0;
    while (!signal.aborted) {
      const nextIndex = await this.pull(`${this.url}?index=${index}${wait}`);
      this.firstOutcome();
      if (nextIndex === undefined) await this.clock.sleep(this.options.retryBackoffSeconds * 1000, signal);
      else index = nextIndex;
    }
  }

  /** One blocking query; the index to block on next, or undefined to back off first. */
  private async pull(url: string): Promise<number | undefined> {
    let status: number;
    let body: string;
    let headers: TextResponse['headers'];
    try {
      ({ status, body, headers } = await fetchText(url, {
        timeoutSeconds: this.options.waitSeconds * 1.5 + 2,
        signal: this.cancel.signal,
        dispatcher: this.options.dispatcher,
      }));
    } catch (error) {
      if (!this.cancel.signal.aborted) notify(() => this.options.onRejected?.('fetch', (error as Error).message));
      return undefined;
    }
    const answer = readConfigAnswer(status, body);
    if (!answer.ok) {
      notify(() => this.options.onRejected?.(answer.reason, answer.detail));
      return undefined;
    }
    if (answer.applied.version !== this.version) {
      this.version = answer.applied.version;
      notify(() => this.options.onApplied(answer.applied));
    }
    return headerNumber(headers, 'x-scl-index') ?? answer.applied.version;
  }
}

/** A failing callback is the caller's bug; the loop must go on. */
function notify(callback: () => void): void {
  try {
    callback();
  } catch {
    // ignored on purpose
  }
}
