// Wire shapes of spec/controlplane.openapi.yaml, shared by the server and the client.
import type { ConfigDocument } from '../../library/ts/src/types.js';

export type { ConfigDocument };

export type InstanceStatus = 'passing' | 'critical';

/** Body of PUT /v1/registry/register. */
export interface Registration {
  service: string;
  id: string;
  address: string;
  port: number;
  ttlSeconds: number;
  meta?: Record<string, string>;
}

export interface Instance {
  id: string;
  service: string;
  address: string;
  port: number;
  status: InstanceStatus;
  meta?: Record<string, string>;
  registeredAt: string;
  lastHeartbeatAt: string;
}

export interface ServiceInstances {
  service: string;
  known: boolean;
  index: number;
  instances: Instance[];
}

export interface ServiceSummary {
  name: string;
  passing: number;
  critical: number;
}

export interface VersionedConfig {
  service: string;
  version: number;
  config: ConfigDocument;
}

export interface ConfigPutResult {
  version: number;
  changed: boolean;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One OTLP log record, flattened. */
export interface StoredRecord {
  service: string;
  instance: string;
  mode: string;
  lang: string;
  timeUnixNano: string;
  severityText: string;
  severityNumber?: number;
  body: string;
  attributes: Record<string, JsonValue>;
  /** The OTLP type of each attribute that is not a `stringValue` (`intValue`, `doubleValue`, ...): decoding to plain JSON loses it. */
  attributeTypes: Record<string, string>;
  receivedAt: string;
}

export interface StreamCounts {
  received: number;
  distinct: number;
  duplicates: number;
  missing: number;
  withoutSeq: number;
}

export interface StreamStats extends StreamCounts {
  service: string;
  instance: string;
  pid: number;
  maxSeq: number;
}

export interface LogStats {
  total: StreamCounts;
  streams: StreamStats[];
}

export interface LogRecordsPage {
  records: StoredRecord[];
  truncated: boolean;
}

export type LogsFaultMode = 'ok' | 'status' | 'delay' | 'reset';
export type ConfigFaultMode = 'ok' | 'invalid_json' | 'empty' | 'schema_invalid';

export interface Faults {
  logs?: { mode: LogsFaultMode; status?: number; delaySeconds?: number };
  config?: Record<string, ConfigFaultMode>;
}

/** Answer of GET /v1/faults/injected: requests a fault answered since the control plane started. */
export interface InjectedCounts {
  logs: number;
  config: Record<string, number>;
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}
