// The `logs` feature as the main thread sees it: a worker thread does the work, restarted when it dies.
import { Worker } from 'node:worker_threads';
import { Counter, type Registry } from 'prom-client';
import type { Feature } from '../../../library/ts/src/feature.js';
import { announceFault, FAULT_SIGNAL, throwFromShipper } from '../../../library/ts/src/logs/fault-switch.js';
import { registerLogsMetrics } from '../../../library/ts/src/logs/metrics.js';
import type { LogFields, LogLevel } from '../../../library/ts/src/types.js';
import { SharedExportStats } from './shared-stats.js';
import type { LogShipperConfig } from './shipper.js';
import type { FromLogsWorker, LogsWorkerData, ToLogsWorker } from './worker-messages.js';

export interface SidecarLogsOptions extends LogShipperConfig {
  registry?: Registry;
  /** Bound on the flush at stop. */
  stopFlushSeconds?: number;
  /** The worker's entry; default worker.js beside this file (tests give the built one). */
  workerUrl?: URL;
  /** Where a dead worker is reported; default stderr. */
  report?: (line: string) => void;
  /** Restart pauses: the first, doubled per death in a row up to the last. */
  restartDelaySeconds?: { first: number; max: number };
  /** The fault switch of spec/faults.md (SCL_TEST_HOOKS=1): SIGUSR2 throws in the worker's shipper. */
  faultSwitch?: boolean;
  /**
   * Where the switch throws: in the worker (the sidecar's design), or on the main thread, where the library's own
   * switch throws (SCL_TEST_FAULT_THREAD=main), so the isolation experiment can compare the same bug placed the same way.
   */
  faultThread?: 'worker' | 'main';
}

/**
 * The worker's heap: a young generation of 3 MB (V8 would grow it to 48 MB) keeps the idle worker
 * small; the old generation is bounded so that a runaway worker dies alone, reported and restarted,
 * instead of taking ingress down with it.
 */
const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 3, maxOldGenerationSizeMb: 256 };
/** A worker that lived this long starts the pause sequence again at its first step. */
const HEALTHY_LIFETIME_MILLIS = 60_000;
const STOP_GRACE_MILLIS = 2_000;

/**
 * Tailing, OTLP conversion (JSON.parse of each line, JSON.stringify of each batch) and their garbage
 * collections run in the worker, off the event loop that proxies. The exporter's totals are in
 * shared memory (scl_logs_* read them at scrape time, as before); events from the local API and the
 * config's logLevel go by message. A worker that dies is reported and restarted after a pause; it
 * resumes from the saved position (at least once: lines shipped but not yet saved are sent again).
 */
export class SidecarLogsFeature implements Feature {
  readonly name = 'logs';
  restarts = 0;
  private readonly stats = new SharedExportStats();
  private readonly pending = new Map<number, (queued: boolean) => void>();
  private readonly report: (line: string) => void;
  private worker: Worker | undefined;
  private ready = false;
  private level: LogLevel = 'debug';
  private nextEmitId = 1;
  private deathsInARow = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private stopped: (() => void) | undefined;

  constructor(private readonly options: SidecarLogsOptions) {
    this.report = options.report ?? ((line) => process.stderr.write(`${line}\n`));
    if (options.registry) {
      registerLogsMetrics(options.registry, this.stats.readings());
      const feature = this;
      new Counter({
        name: 'scl_sidecar_logs_worker_restarts_total',
        help: 'Restarts of the sidecar thread that tails, converts and ships the logs, after it died',
        registers: [options.registry],
        collect() {
          this.reset();
          this.inc(feature.restarts);
        },
      });
    }
  }

  /** Resolves once the worker runs; rejects when it dies before (a bug or a broken install: the sidecar does not start). */
  async start(): Promise<void> {
    await this.spawn().catch((cause: string) => {
      throw new Error(`the logs worker died while starting (${cause})`);
    });
    if (this.options.faultSwitch === true) process.on(FAULT_SIGNAL, this.injectFault);
  }

  /**
   * The library's bug, in the shipper's own thread: the worker dies of it, the sidecar restarts the worker. Placed on
   * the main thread, it is the library's very throw, and Node ends the sidecar as it ends a library's app.
   */
  private readonly injectFault = () => {
    if (this.options.faultThread === 'main') return throwFromShipper();
    announceFault();
    this.post({ type: 'fault' });
  };

  /** The config's logLevel filters emitted events, as the library's logger does. */
  setLevel(level: LogLevel): void {
    this.level = level;
    this.post({ type: 'level', level });
  }

  /** False when the queue stayed full, or the worker is restarting: the caller may retry. */
  emit(level: LogLevel, event: string, msg: string, fields?: LogFields): Promise<boolean> {
    if (!this.ready) return Promise.resolve(false);
    const id = this.nextEmitId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post({ type: 'emit', id, level, event, msg, fields });
    });
  }

  /** Stops reading the file, ships what is queued (bounded), and saves the last acknowledged position. */
  async stop(flushSeconds = this.options.stopFlushSeconds ?? 5): Promise<void> {
    this.stopping = true;
    process.off(FAULT_SIGNAL, this.injectFault);
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (worker === undefined) return;
    const stopped = new Promise<void>((resolve) => (this.stopped = resolve));
    const late = setTimeout(() => void worker.terminate(), flushSeconds * 1000 + STOP_GRACE_MILLIS);
    this.post({ type: 'stop', flushSeconds });
    await stopped;
    clearTimeout(late);
  }

  private spawn(): Promise<void> {
    const data: LogsWorkerData = {
      config: {
        controlplaneUrl: this.options.controlplaneUrl,
        logFile: this.options.logFile,
        positionFile: this.options.positionFile,
        resource: this.options.resource,
        settings: this.options.settings,
        emitWaitSeconds: this.options.emitWaitSeconds,
      },
      statsBuffer: this.stats.buffer,
      level: this.level,
    };
    const worker = new Worker(this.options.workerUrl ?? new URL('./worker.js', import.meta.url), {
      workerData: data,
      resourceLimits: WORKER_RESOURCE_LIMITS,
    });
    this.worker = worker;
    const bornAt = performance.now();
    let failure: Error | undefined;
    return new Promise((resolve, reject) => {
      worker.on('message', (message: FromLogsWorker) => {
        if (message.type === 'ready') {
          this.ready = true;
          resolve();
        } else if (message.type === 'emitted') {
          this.pending.get(message.id)?.(message.queued);
          this.pending.delete(message.id);
        } else if (message.type === 'stopped') {
          void worker.terminate();
        }
      });
      worker.on('error', (error) => (failure = error));
      worker.on('exit', (exitCode) => {
        const wasReady = this.ready;
        this.ready = false;
        this.worker = undefined;
        for (const answer of this.pending.values()) answer(false);
        this.pending.clear();
        this.stats.abandonQueue();
        if (this.stopping) return this.stopped?.();
        const cause =
          failure === undefined
            ? `exit code ${exitCode}`
            : `${(failure as Error & { code?: string }).code ?? failure.name}: ${failure.message}`;
        if (!wasReady) return reject(cause);
        this.restartAfterDeath(cause, performance.now() - bornAt);
      });
    });
  }

  private restartAfterDeath(cause: string, lifetimeMillis: number): void {
    const { first, max } = this.options.restartDelaySeconds ?? { first: 1, max: 30 };
    this.deathsInARow = lifetimeMillis >= HEALTHY_LIFETIME_MILLIS ? 1 : this.deathsInARow + 1;
    const delaySeconds = Math.min(max, first * 2 ** (this.deathsInARow - 1));
    this.report(`sidecar: the logs worker died (${cause}); restarting it in ${delaySeconds} s from the last saved position`);
    this.restartTimer = setTimeout(() => {
      this.restarts++;
      this.spawn().catch((startCause: string) => this.restartAfterDeath(`while starting: ${startCause}`, 0));
    }, delaySeconds * 1000);
  }

  private post(message: ToLogsWorker): void {
    this.worker?.postMessage(message);
  }
}
