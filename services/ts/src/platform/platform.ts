// What the app code needs from its mode: the one seam between business logic and the features.
import type { FastifyInstance } from 'fastify';

// The spec's shapes, shared with library/ts as types only: `import type` is erased, so an app in
// mode none or sidecar links no library code.
import type { AppliedConfig, EgressRequest, LogFields, LogLevel } from '../../../../library/ts/src/types.js';
export type { AppliedConfig, ConfigDocument, LogFieldValue, LogFields, LogLevel } from '../../../../library/ts/src/types.js';
export type { Exchange } from '../../../../library/ts/src/feature.js';

export type Mode = 'none' | 'library' | 'sidecar';

/** One outbound call: method, path on the peer (query included), headers, body. */
export type PeerRequest = EgressRequest;

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
  /**
   * On SIGTERM, before the server stops accepting: the library deregisters and gives peers' registry
   * watches a moment to see it, so no caller is sent to a closing port. Modes none and sidecar have
   * nothing to do (the sidecar deregisters on its own SIGTERM).
   */
  withdraw(): Promise<void>;
  /** After the server closed: deregister, flush logs, release files and clients. */
  stop(): Promise<void>;
}
