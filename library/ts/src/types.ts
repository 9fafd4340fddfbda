// Public types of the TypeScript library; the sidecar and services/ts code against these.
import type { Exchange, Feature, FeatureName } from './feature.js';
import type { Settings } from './settings.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFieldValue = string | number | boolean;
export type LogFields = Readonly<Record<string, LogFieldValue>>;

/** spec/config.schema.json */
export interface ConfigDocument {
  logLevel: LogLevel;
  banner?: string;
  maxAmountCents?: number;
  pageSizeMax?: number;
}

/** A config in use: version 0 is the built-in defaults. */
export interface AppliedConfig {
  version: number;
  config: ConfigDocument;
}

/** Structured logger of the `logs` feature; records follow spec/log-line.schema.json. */
export interface AppLogger {
  log(level: LogLevel, event: string, msg: string, fields?: LogFields): void;
  setLevel(level: LogLevel): void;
}

export interface EgressRequest {
  method: string;
  /** Path on the target service, starting with `/`, query included. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A downstream's answer, or a synthesized egress error (spec/features.json egress.errorKinds). */
export interface EgressResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Set when the egress itself answered: unknown_service, no_instance, circuit_open, timeout, connect_error. */
  errorKind?: string;
  /** Tries made, the first included. */
  attempts: number;
}

export interface Egress {
  request(service: string, request: EgressRequest): Promise<EgressResponse>;
}

export interface BusinessMetrics {
  /** Adds `value` (>= 0) to `scl_business_<name>`; `name` must end in `_total`. Throws on bad input. */
  count(name: string, value: number, labels?: Readonly<Record<string, string>>): void;
}

export interface MetricsExposition {
  contentType: string;
  body: string;
}

export interface LibraryOptions {
  service: string;
  instanceId: string;
  controlplaneUrl: string;
  /** What the registry advertises: SCL_HOST and SCL_PUBLIC_PORT. */
  advertise: { address: string; port: number };
  /** Enabled features (SCL_FEATURES); default all five. */
  features?: readonly FeatureName[];
  /** Default: loadSettings(process.env). */
  settings?: Settings;
  /** Built-in config (version 0) used until the first good pull. */
  configDefaults: ConfigDocument;
  /** Reported as the `scl.mode` resource attribute of logs. */
  mode?: string;
}

/** The composed features of one process: what an app links in library mode. */
export interface Library {
  readonly features: readonly Feature[];
  readonly log: AppLogger;
  readonly metrics: BusinessMetrics;
  readonly egress: Egress;
  /** The config in use; `onConfig` is called after each newly applied version. */
  config(): AppliedConfig;
  onConfig(listener: (applied: AppliedConfig) => void): void;
  /** Prometheus text of every metric; undefined when `metrics` is disabled. */
  scrape(): Promise<MetricsExposition | undefined>;
  observe(exchange: Exchange): void;
  start(): Promise<void>;
  /**
   * Leaves the registry now (deregister, stop heartbeating), before the server stops accepting: peers
   * stop sending first. stop() does it when it was not done; a no-op without the registry feature.
   */
  deregister(): Promise<void>;
  stop(): Promise<void>;
}
