// JSON log lines -> one OTLP/HTTP JSON ExportLogsServiceRequest (spec/features.md "Export").
import spec from '../../../../spec/features.json' with { type: 'json' };
import logLine from '../../../../spec/log-line.schema.json' with { type: 'json' };

/** The `resource` of every exported record: who wrote it. */
export interface LogResource {
  serviceName: string;
  instanceId: string;
  /** scl.mode: library or sidecar. */
  mode: string;
  /** scl.lang: the language of the app. */
  lang: string;
}

export type AnyValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface OtlpLogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: { stringValue: string };
  attributes: KeyValue[];
}

export interface ExportLogsServiceRequest {
  resourceLogs: Array<{
    resource: { attributes: KeyValue[] };
    scopeLogs: Array<{ scope: { name: string }; logRecords: OtlpLogRecord[] }>;
  }>;
}

const SEVERITY_NUMBERS: Readonly<Record<string, number>> = spec.logs.severityNumbers;
const SEVERITY_UNSPECIFIED = 0;
/** Fields that are the record itself rather than attributes. */
const RECORD_FIELDS = new Set(['time', 'level', 'msg']);
export const UNPARSED_EVENT = 'log.unparsed';
/**
 * Fields the line schema types as `number` are always doubles: JSON has one number type, so a
 * duration of exactly 0 would otherwise become an intValue in one record and a double in the next.
 */
const DOUBLE_FIELDS = new Set(
  Object.entries(logLine.properties)
    .filter(([, property]) => (property as { type?: string }).type === 'number')
    .map(([key]) => key),
);

export function resourceAttributes(resource: LogResource): KeyValue[] {
  return [
    { key: 'service.name', value: { stringValue: resource.serviceName } },
    { key: 'service.instance.id', value: { stringValue: resource.instanceId } },
    { key: 'scl.mode', value: { stringValue: resource.mode } },
    { key: 'scl.lang', value: { stringValue: resource.lang } },
  ];
}

/** A JSON value as a typed OTLP AnyValue: integers as decimal strings, objects as JSON text. */
export function anyValue(value: unknown): AnyValue {
  switch (typeof value) {
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'number':
      return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
    default:
      return { stringValue: JSON.stringify(value) ?? String(value) };
  }
}

/** One line (trailing newline allowed) as an OTLP record; a line that is not a JSON object becomes a `log.unparsed` error record. */
export function toLogRecord(line: string, observedTimeUnixNano: string): OtlpLogRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return unparsedRecord(line, observedTimeUnixNano);
  }
  const fields = parsed as Record<string, unknown>;
  const level = typeof fields.level === 'string' ? fields.level : '';
  const attributes: KeyValue[] = [];
  for (const key in fields) {
    if (RECORD_FIELDS.has(key)) continue;
    const value = fields[key];
    if (value === null || (typeof value === 'number' && !Number.isFinite(value))) continue; // not a string, boolean or finite number: dropped
    attributes.push({ key, value: typeof value === 'number' && DOUBLE_FIELDS.has(key) ? { doubleValue: value } : anyValue(value) });
  }
  return {
    timeUnixNano: unixNanoOf(fields.time) ?? observedTimeUnixNano,
    observedTimeUnixNano,
    severityNumber: SEVERITY_NUMBERS[level] ?? SEVERITY_UNSPECIFIED,
    severityText: level.toUpperCase(),
    body: { stringValue: typeof fields.msg === 'string' ? fields.msg : fields.msg === undefined ? '' : JSON.stringify(fields.msg) },
    attributes,
  };
}

function unparsedRecord(line: string, observedTimeUnixNano: string): OtlpLogRecord {
  return {
    timeUnixNano: observedTimeUnixNano,
    observedTimeUnixNano,
    severityNumber: SEVERITY_NUMBERS.error ?? SEVERITY_UNSPECIFIED,
    severityText: 'ERROR',
    body: { stringValue: line.endsWith('\n') ? line.slice(0, -1) : line },
    attributes: [{ key: 'event', value: { stringValue: UNPARSED_EVENT } }],
  };
}

/** RFC 3339 text -> Unix nanoseconds as a decimal string (millisecond precision). */
function unixNanoOf(time: unknown): string | undefined {
  if (typeof time !== 'string') return undefined;
  const millis = Date.parse(time);
  return Number.isFinite(millis) ? `${millis}000000` : undefined;
}

export function unixNanoNow(): string {
  return `${Date.now()}000000`;
}

/** A batch of lines as one request for one resource. */
export function toExportRequest(
  lines: readonly string[],
  resource: readonly KeyValue[],
  scopeName: string = spec.logs.scopeName,
): ExportLogsServiceRequest {
  const observed = unixNanoNow();
  const logRecords = lines.map((line) => toLogRecord(line, observed));
  return {
    resourceLogs: [{ resource: { attributes: [...resource] }, scopeLogs: [{ scope: { name: scopeName }, logRecords }] }],
  };
}
