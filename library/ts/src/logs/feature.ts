// The `logs` feature in-process: the structured logger, its bounded queue and the OTLP exporter.
import type { Registry } from 'prom-client';
import type { Dispatcher } from 'undici';
import type { Exchange, Feature } from '../feature.js';
import { endpointUrl } from '../http/fetch-text.js';
import type { LogLevel } from '../types.js';
import { LogExporter, type LogExportSettings } from './exporter.js';
import { installFaultSwitch } from './fault-switch.js';
import { JsonLineLogger } from './logger.js';
import type { LogResource } from './otlp.js';

export interface LogsFeatureOptions {
  controlplaneUrl: string;
  resource: LogResource;
  settings: LogExportSettings;
  level: LogLevel;
  registry?: Registry;
  dispatcher?: Dispatcher;
  /** Bound on the flush at stop (spec: up to 5 s). */
  stopFlushSeconds?: number;
  /** The fault switch of spec/faults.md (SCL_TEST_HOOKS=1). */
  faultSwitch?: boolean;
}

const ACCESS_EVENT = 'http.request';
const ACCESS_MSG = 'request completed';

export class LogsFeature implements Feature {
  readonly name = 'logs';
  readonly logger: JsonLineLogger;
  readonly exporter: LogExporter;
  private readonly stopFlushSeconds: number;
  private readonly faultSwitch: boolean;
  private disarmFault: () => void = () => undefined;

  constructor(options: LogsFeatureOptions) {
    this.exporter = new LogExporter({
      endpointUrl: endpointUrl(options.controlplaneUrl, '/v1/logs'),
      resource: options.resource,
      settings: options.settings,
      whenFull: 'drop',
      registry: options.registry,
      dispatcher: options.dispatcher,
    });
    const exporter = this.exporter;
    this.logger = new JsonLineLogger({ level: options.level, sink: { write: (line) => void exporter.offer(line) } });
    this.stopFlushSeconds = options.stopFlushSeconds ?? 5;
    this.faultSwitch = options.faultSwitch === true;
  }

  async start(): Promise<void> {
    this.exporter.start();
    this.disarmFault = installFaultSwitch(this.faultSwitch);
  }

  /** The access record of spec/features.md: one per inbound request, at info. */
  observe(exchange: Exchange): void {
    this.logger.log('info', ACCESS_EVENT, ACCESS_MSG, {
      request_id: exchange.requestId,
      http_route: exchange.route,
      http_method: exchange.method,
      http_status: exchange.status,
      duration_seconds: exchange.durationSeconds,
    });
  }

  async stop(): Promise<void> {
    this.disarmFault();
    await this.exporter.stop(this.stopFlushSeconds);
  }
}
