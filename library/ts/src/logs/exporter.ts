// Ships queued log lines as OTLP/HTTP JSON batches: by size and interval, retrying with doubling backoff.
import { setTimeout as delay } from 'node:timers/promises';
import type { Registry } from 'prom-client';
import type { Dispatcher } from 'undici';
import { systemClock, type Clock } from '../clock.js';
import { fetchText } from '../http/fetch-text.js';
import { resourceAttributes, toExportRequest, type KeyValue, type LogResource } from './otlp.js';
import { registerLogsMetrics, type LogExportStats } from './metrics.js';
import { BoundedLineQueue } from './queue.js';

export interface LogExportSettings {
  batchMaxRecords: number;
  flushIntervalSeconds: number;
  queueMaxRecords: number;
  exportTimeoutSeconds: number;
  retryBackoffSeconds: number;
  retryBackoffMaxSeconds: number;
}

/** A batch the exporter is done with: acknowledged (`shipped`) or refused with a 4xx (`rejected`). */
export interface BatchDone {
  records: number;
  /** The mark offered with the batch's last line (the sidecar: the file offset after it). */
  lastMark: number;
  outcome: 'shipped' | 'rejected';
}

export interface LogExporterOptions {
  /** `<controlplane>/v1/logs` */
  endpointUrl: string;
  resource: LogResource;
  settings: LogExportSettings;
  /**
   * `drop`: a full queue drops the line and counts it (the library: the app is never blocked).
   * `refuse`: offer() answers false and counts nothing; the caller waits for room (the sidecar
   * pauses reading its file).
   */
  whenFull: 'drop' | 'refuse';
  /** Where the scl_logs_* metrics go; none when absent. */
  registry?: Registry;
  dispatcher?: Dispatcher;
  clock?: Clock;
  onBatchDone?: (done: BatchDone) => void;
  /** Where the running totals are kept; default a plain object (the sidecar passes memory its other thread reads). */
  stats?: LogExportStats;
}

type SendResult = 'shipped' | 'retry' | 'rejected';

export type { LogExportStats };

export class LogExporter {
  private readonly queue: BoundedLineQueue;
  private readonly resource: readonly KeyValue[];
  private readonly clock: Clock;
  private readonly cancel = new AbortController();
  readonly stats: LogExportStats;
  private batchStartedAt = 0;
  private flushing = 0;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private waiters: Array<{ ready: () => boolean; resolve: () => void }> = [];

  constructor(private readonly options: LogExporterOptions) {
    this.stats = options.stats ?? { queued: 0, shipped: 0, droppedQueueFull: 0, droppedRejected: 0, exportFailures: 0 };
    this.queue = new BoundedLineQueue(options.settings.queueMaxRecords);
    this.resource = resourceAttributes(options.resource);
    this.clock = options.clock ?? systemClock;
    if (options.registry) registerLogsMetrics(options.registry, this);
  }

  /** Records held: waiting or in the batch being shipped. */
  get queuedRecords(): number {
    return this.queue.length;
  }

  get full(): boolean {
    return this.queue.full;
  }

  /** Queues one line; false when the queue is full (see `whenFull`). Never blocks. */
  offer(line: string, mark = 0): boolean {
    if (!this.queue.push(line, mark)) {
      if (this.options.whenFull === 'drop') this.stats.droppedQueueFull++;
      return false;
    }
    this.stats.queued++;
    const length = this.queue.length;
    if (length === 1) this.batchStartedAt = performance.now();
    if (this.wake !== undefined && (length === 1 || length === this.options.settings.batchMaxRecords)) this.wake();
    return true;
  }

  /** Resolves once the queue has room for a line (at once when it has). */
  waitForRoom(): Promise<void> {
    if (!this.queue.full) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ ready: () => !this.queue.full, resolve }));
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ships everything queued now; true when the queue emptied within the timeout. */
  async flush(timeoutSeconds: number): Promise<boolean> {
    if (this.queue.length === 0) return true;
    this.flushing++;
    this.wake?.();
    let drained!: () => void;
    const waiter = { ready: () => this.queue.length === 0, resolve: () => drained() };
    const timeout = new AbortController();
    try {
      this.waiters.push(waiter);
      const emptied = new Promise<boolean>((resolve) => (drained = () => resolve(true)));
      // A ref'd timer: stop() must finish within its bound even when nothing else holds the process.
      const late = delay(timeoutSeconds * 1000, false, { signal: timeout.signal }).catch(() => false);
      return await Promise.race([emptied, late]);
    } finally {
      timeout.abort();
      this.waiters = this.waiters.filter((w) => w !== waiter);
      this.flushing--;
    }
  }

  /** Flushes (up to `flushTimeoutSeconds`), then abandons what is left and ends the loop. */
  stop(flushTimeoutSeconds = 5): Promise<void> {
    this.stopped ??= (async () => {
      if (this.loop !== undefined) await this.flush(flushTimeoutSeconds);
      this.stopping = true;
      this.cancel.abort();
      this.wake?.();
      await this.loop;
    })();
    return this.stopped;
  }

  private async run(): Promise<void> {
    const { batchMaxRecords, flushIntervalSeconds } = this.options.settings;
    while (!this.stopping) {
      const length = this.queue.length;
      if (length === 0) {
        await this.sleepUntilWoken();
        continue;
      }
      if (length < batchMaxRecords && this.flushing === 0) {
        const waitMillis = this.batchStartedAt + flushIntervalSeconds * 1000 - performance.now();
        if (waitMillis > 0) {
          await this.sleepUntilWoken(waitMillis);
          continue;
        }
      }
      await this.shipBatch(Math.min(length, batchMaxRecords));
      this.batchStartedAt = performance.now();
    }
  }

  private async shipBatch(size: number): Promise<void> {
    const { retryBackoffSeconds, retryBackoffMaxSeconds } = this.options.settings;
    const body = JSON.stringify(toExportRequest(this.queue.peek(size), this.resource));
    let backoffSeconds = retryBackoffSeconds;
    for (;;) {
      const result = await this.send(body);
      if (result !== 'retry') return this.finishBatch(size, result);
      if (this.stopping) return;
      this.stats.exportFailures++;
      await this.clock.sleep(backoffSeconds * 1000, this.cancel.signal);
      if (this.stopping) return;
      backoffSeconds = Math.min(backoffSeconds * 2, retryBackoffMaxSeconds);
    }
  }

  private async send(body: string): Promise<SendResult> {
    try {
      const response = await fetchText(this.options.endpointUrl, {
        method: 'POST',
        body,
        headers: JSON_HEADERS,
        timeoutSeconds: this.options.settings.exportTimeoutSeconds,
        signal: this.cancel.signal,
        dispatcher: this.options.dispatcher,
      });
      if (response.status >= 200 && response.status < 300) return 'shipped';
      return response.status === 429 || response.status >= 500 ? 'retry' : 'rejected';
    } catch {
      return 'retry';
    }
  }

  private finishBatch(size: number, outcome: 'shipped' | 'rejected'): void {
    const lastMark = this.queue.markAt(size);
    this.queue.remove(size);
    if (outcome === 'shipped') this.stats.shipped += size;
    else this.stats.droppedRejected += size;
    try {
      this.options.onBatchDone?.({ records: size, lastMark, outcome });
    } catch {
      // The caller's bug must not stop shipping.
    }
    if (this.waiters.length > 0) this.settleWaiters();
  }

  private settleWaiters(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (waiter.ready()) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }

  /** Sleeps until offer(), flush() or stop() wakes the loop, or `millis` passed. */
  private sleepUntilWoken(millis?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      if (millis !== undefined) timer = setTimeout(wake, millis).unref();
      this.wake = wake;
    });
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };
