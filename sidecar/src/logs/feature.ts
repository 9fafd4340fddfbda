// The `logs` feature out of process: tail the app's log file into the library's exporter, which never drops.
import type { Registry } from 'prom-client';
import type { Dispatcher } from 'undici';
import type { Feature } from '../../../library/ts/src/feature.js';
import { endpointUrl } from '../../../library/ts/src/http/fetch-text.js';
import { LogExporter, type LogExportSettings } from '../../../library/ts/src/logs/exporter.js';
import { installFaultSwitch } from '../../../library/ts/src/logs/fault-switch.js';
import { JsonLineLogger } from '../../../library/ts/src/logs/logger.js';
import type { LogResource } from '../../../library/ts/src/logs/otlp.js';
import type { LogFields, LogLevel } from '../../../library/ts/src/types.js';
import { PositionStore } from './position-store.js';
import { LogTailer } from './tailer.js';

export interface SidecarLogsOptions {
  controlplaneUrl: string;
  logFile: string;
  /** The saved position of the tailer. */
  positionFile: string;
  resource: LogResource;
  settings: LogExportSettings;
  registry?: Registry;
  dispatcher?: Dispatcher;
  /** Bound on the flush at stop. */
  stopFlushSeconds?: number;
  /** Longest wait of emit() for room in a full queue. */
  emitWaitSeconds?: number;
  /** The fault switch of spec/faults.md (SCL_TEST_HOOKS=1). */
  faultSwitch?: boolean;
}

/**
 * The app writes its own records, the access records included (it sees its router), so there is
 * no observe(). Events the app emits through the local API are records of the sidecar process:
 * its pid and its own seq, a stream of their own at the collector.
 */
export class SidecarLogsFeature implements Feature {
  readonly name = 'logs';
  readonly exporter: LogExporter;
  readonly tailer: LogTailer;
  private readonly positions: PositionStore;
  private readonly events: JsonLineLogger;
  private readonly stopFlushSeconds: number;
  private readonly emitWaitMillis: number;
  private readonly faultSwitch: boolean;
  private disarmFault: () => void = () => undefined;

  constructor(options: SidecarLogsOptions) {
    this.positions = new PositionStore(options.positionFile);
    this.exporter = new LogExporter({
      endpointUrl: endpointUrl(options.controlplaneUrl, '/v1/logs'),
      resource: options.resource,
      settings: options.settings,
      whenFull: 'refuse',
      registry: options.registry,
      dispatcher: options.dispatcher,
      onBatchDone: (done) => void this.tailer.acknowledge(done.lastMark),
    });
    this.tailer = new LogTailer({ path: options.logFile, positions: this.positions, sink: this.exporter });
    const exporter = this.exporter;
    const tailer = this.tailer;
    // emit() waits for room first, so this offer only fails in a race it reports as busy.
    this.events = new JsonLineLogger({ level: 'debug', sink: { write: (line) => void exporter.offer(line, tailer.lastMark) } });
    this.stopFlushSeconds = options.stopFlushSeconds ?? 5;
    this.emitWaitMillis = (options.emitWaitSeconds ?? 1) * 1000;
    this.faultSwitch = options.faultSwitch === true;
  }

  async start(): Promise<void> {
    this.exporter.start();
    this.tailer.start();
    // The same switch as the library's: here the exception escapes in the sidecar process, not in the app.
    this.disarmFault = installFaultSwitch(this.faultSwitch);
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
  async stop(flushSeconds = this.stopFlushSeconds): Promise<void> {
    this.disarmFault();
    await this.tailer.stop();
    await this.exporter.stop(flushSeconds);
    await this.positions.flushed();
  }
}
