// What the app code needs from its mode: the one seam between business logic and the features.
import type { FastifyInstance } from 'fastify';

export type Mode = 'none' | 'library' | 'sidecar';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFieldValue = string | number | boolean;
export type LogFields = Readonly<Record<string, LogFieldValue>>;

/** spec/config.schema.json; each service reads the keys it knows. */
export interface ConfigDocument {
  logLevel: LogLevel;
  banner?: string;
  maxAmountCents?: number;
  pageSizeMax?: number;
}

/** The config in use; version 0 is the built-in defaults (spec/config.defaults.json). */
export interface AppliedConfig {
  version: number;
  config: ConfigDocument;
}

export interface PeerRequest {
  method: string;
  /** Path on the peer, starting with `/`, query included. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * A peer's answer, or one synthesized when no call could be made. `errorKind` is set then
 * (spec/features.json egress.errorKinds): by the ambassador's `x-scl-egress-error` header in
 * sidecar mode, by the library's egress, or by the plain client of mode none.
 */
export interface PeerResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  errorKind?: string;
}

/** A completed inbound request (spec/features.md "observe"). */
export interface Exchange {
  /** OpenAPI path template (`/customers/{id}`), or `other` when no route matched. */
  route: string;
  method: string;
  status: number;
  durationSeconds: number;
  requestId: string;
}

export interface Platform {
  readonly mode: Mode;
  /** Writes one log record (spec/log-line.schema.json) unless below the config's logLevel. */
  log(level: LogLevel, event: string, msg: string, fields?: LogFields): void;
  /** Adds `value` to business counter `scl_business_<name>`; throws MetricInputError on bad input. */
  count(name: string, value: number, labels?: Readonly<Record<string, string>>): void;
  /** The config in use, cheap enough to call per request. */
  config(): AppliedConfig;
  /** Called after each newly applied config version. */
  onConfig(listener: (applied: AppliedConfig) => void): void;
  /** One outbound call to a peer service; never throws, failures come back as `errorKind`. */
  callPeer(service: string, request: PeerRequest): Promise<PeerResponse>;
  /** Adds the per-request hooks (observe, access log record) before routes are registered. */
  instrument(app: FastifyInstance): void;
  /** After the server listens (the library registers the instance here). */
  start(): Promise<void>;
  /** After the server closed: deregister, flush logs, release files and clients. */
  stop(): Promise<void>;
}
