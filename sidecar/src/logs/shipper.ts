// The `logs` feature's work, in the thread that runs it: tail the app's log file into the library's exporter, which never drops.
import type { Dispatcher } from 'undici';
import { endpointUrl } from '../../../library/ts/src/http/fetch-text.js';
import { LogExporter, type LogExportSettings, type LogExportStats } from '../../../library/ts/src/logs/exporter.js';
import { JsonLineLogger } from '../../../library/ts/src/logs/logger.js';
import type { LogResource } from '../../../library/ts/src/logs/otlp.js';
import type { LogFields, LogLevel } from '../../../library/ts/src/types.js';
import { PositionStore } from './position-store.js';
import { LogTailer } from './tailer.js';

/** What a shipper needs; plain data, so that it can be handed to a worker thread. */
export interface LogShipperConfig {
  controlplaneUrl: string;
  logFile: string;
  /** The saved position of the tailer. */
  positionFile: string;
  resource: LogResource;
  settings: LogExportSettings;
  /** Longest wait of emit() for room in a full queue. */
  emitWaitSeconds?: number;
}

export interface LogShipperOptions extends LogShipperConfig {
  /** Where the exporter keeps its totals (scl_logs_* read them). */
  stats?: LogExportStats;
  dispatcher?: Dispatcher;
}

/**
 * The app writes its own records, the access records included (it sees its router). Events the
 * app emits through the local API are records of the sidecar process: its pid and its own seq, a
 * stream of their own at the collector.
 */
export class LogShipper {
  readonly exporter: LogExporter;
  readonly tailer: LogTailer;
  private readonly positions: PositionStore;
  private readonly events: JsonLineLogger;
  private readonly emitWaitMillis: number;

  constructor(options: LogShipperOptions) {
    this.positions = new PositionStore(options.positionFile);
    this.exporter = new LogExporter({
      endpointUrl: endpointUrl(options.controlplaneUrl, '/v1/logs'),
      resource: options.resource,
      settings: options.settings,
      whenFull: 'refuse',
      stats: options.stats,
      dispatcher: options.dispatcher,
      onBatchDone: (done) => void this.tailer.acknowledge(done.lastMark),
    });
    this.tailer = new LogTailer({ path: options.logFile, positions: this.positions, sink: this.exporter });
    const exporter = this.exporter;
    const tailer = this.tailer;
    // emit() waits for room first, so this offer only fails in a race it reports as busy.
    this.events = new JsonLineLogger({ level: 'debug', sink: { write: (line) => void exporter.offer(line, tailer.lastMark) } });
    this.emitWaitMillis = (options.emitWaitSeconds ?? 1) * 1000;
  }

  start(): void {
    this.exporter.start();
    this.tailer.start();
  }

  /** The config's logLevel filters emitted events, as the library's logger does. */
  setLevel(level: LogLevel): void {
    this.events.setLevel(level);
  }

  /** False when the queue stayed full (the collector is down or slow): the caller may retry. */
  async emit(level: LogLevel, event: string, msg: string, fields?: LogFields): Promise<boolean> {
    if (this.exporter.full) {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, this.emitWaitMillis).unref());
      await Promise.race([this.exporter.waitForRoom(), timeout]);
      if (this.exporter.full) return false;
    }
    this.events.log(level, event, msg, fields);
    return true;
  }

  /** Stops reading the file, ships what is queued (bounded), and saves the last acknowledged position. */
  async stop(flushSeconds: number): Promise<void> {
    await this.tailer.stop();
    await this.exporter.stop(flushSeconds);
    await this.positions.flushed();
  }
}
