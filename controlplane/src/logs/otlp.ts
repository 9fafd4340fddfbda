// Flattens an OTLP/HTTP JSON ExportLogsServiceRequest into stored records, checking its shape as it goes.
import { badRequest } from '../errors.js';
import type { JsonValue, StoredRecord } from '../types.js';

/** Parallel arrays: record i came from process pids[i] with seqs[i] (0: no valid seq). */
export interface FlatBatch {
  records: StoredRecord[];
  pids: number[];
  seqs: number[];
}

/** Deeper arrayValue/kvlistValue nesting is refused: no real log attribute needs it. */
const MAX_VALUE_DEPTH = 16;
const INTEGER_TEXT = /^-?[0-9]+$/;

type Json = Record<string, unknown>;

/** A shape problem at `field`, relative to the record, scope or resource being read when it was found. */
class ShapeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** `body.resourceLogs` is known to be an array (route schema); everything inside is checked here. */
export function flattenExport(body: { resourceLogs: unknown[] }, receivedAt: string): FlatBatch {
  const batch: FlatBatch = { records: [], pids: [], seqs: [] };
  const resourceLogs = body.resourceLogs;
  // Where we are, so a shape error can name its full path without building one per record.
  let r = 0;
  let s = -1;
  let l = -1;
  try {
    for (; r < resourceLogs.length; r++) {
      s = -1;
      l = -1;
      const resourceLog = objectAt(resourceLogs[r], '');
      const resource = optionalObject(resourceLog.resource, 'resource');
      const resourceAttributes = decodeAttributes(resource?.attributes, 'resource.attributes');
      const service = textOr(resourceAttributes['service.name'], 'unknown_service');
      const instance = textOr(resourceAttributes['service.instance.id'], '');
      const mode = textOr(resourceAttributes['scl.mode'], '');
      const lang = textOr(resourceAttributes['scl.lang'], '');
      const resourcePid = positiveInteger(resourceAttributes['process.pid']);
      const scopeLogs = optionalArray(resourceLog.scopeLogs, 'scopeLogs');
      for (s = 0; s < scopeLogs.length; s++) {
        l = -1;
        const scopeLog = objectAt(scopeLogs[s], '');
        const logRecords = optionalArray(scopeLog.logRecords, 'logRecords');
        for (l = 0; l < logRecords.length; l++) {
          const logRecord = objectAt(logRecords[l], '');
          const attributes = decodeAttributes(logRecord.attributes, 'attributes');
          const attributeTypes = nonStringTypes(logRecord.attributes);
          const severityNumber = logRecord.severityNumber;
          batch.records.push({
            service,
            instance,
            mode,
            lang,
            timeUnixNano: nanosText(logRecord.timeUnixNano ?? logRecord.observedTimeUnixNano),
            severityText: textOr(logRecord.severityText, ''),
            // Always present (undefined is left out of JSON) so every record has one shape.
            severityNumber: Number.isInteger(severityNumber) ? (severityNumber as number) : undefined,
            body: bodyText(logRecord.body),
            attributes,
            attributeTypes,
            receivedAt,
          });
          batch.pids.push(positiveInteger(attributes.pid) || resourcePid);
          batch.seqs.push(positiveInteger(attributes.seq));
        }
      }
    }
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    let field = `resourceLogs.${r}`;
    if (s >= 0) field += `.scopeLogs.${s}`;
    if (l >= 0) field += `.logRecords.${l}`;
    if (error.field !== '') field += `.${error.field}`;
    throw badRequest(field, `${field} ${error.message} (OTLP/HTTP JSON ExportLogsServiceRequest)`);
  }
  return batch;
}

/** OTLP KeyValue list to a plain object. */
function decodeAttributes(value: unknown, field: string): Record<string, JsonValue> {
  // A plain literal, not Object.create(null): records with the same keys then share one compact shape.
  const attributes: Record<string, JsonValue> = {};
  if (value === undefined || value === null) return attributes;
  if (!Array.isArray(value)) throw new ShapeError(field, 'must be an array of {key, value}');
  for (let i = 0; i < value.length; i++) {
    const keyValue = value[i] as Json | null;
    if (typeof keyValue !== 'object' || keyValue === null || typeof keyValue.key !== 'string') {
      throw new ShapeError(`${field}.${i}`, 'must be {key: string, value: AnyValue}');
    }
    setOwn(attributes, keyValue.key, decodeAnyValue(keyValue.value, 0, field));
  }
  return attributes;
}

/** The AnyValue kind of each attribute that is not a string, for who compares types (an intValue 2 and a doubleValue 2 decode alike). */
function nonStringTypes(value: unknown): Record<string, string> {
  const types: Record<string, string> = {};
  if (!Array.isArray(value)) return types;
  for (const keyValue of value as Json[]) {
    const any = keyValue.value;
    if (typeof any !== 'object' || any === null) continue;
    const kind = Object.keys(any as Json).find((key) => key.endsWith('Value'));
    if (kind !== undefined && kind !== 'stringValue') setOwn(types, keyValue.key as string, kind);
  }
  return types;
}

/** `object[key] = value`, except that a key `__proto__` becomes an ordinary property instead of a prototype. */
function setOwn(object: Record<string, JsonValue>, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** OTLP AnyValue to plain JSON: intValue (string or number) becomes a number when it is exact. */
function decodeAnyValue(value: unknown, depth: number, field: string): JsonValue {
  if (typeof value !== 'object' || value === null) return null;
  const any = value as Json;
  if (any.stringValue !== undefined) return String(any.stringValue);
  if (any.intValue !== undefined) return decodeInt(any.intValue);
  if (any.doubleValue !== undefined) return decodeDouble(any.doubleValue);
  if (any.boolValue !== undefined) return any.boolValue === true || any.boolValue === 'true';
  if (any.bytesValue !== undefined) return String(any.bytesValue);
  if (depth >= MAX_VALUE_DEPTH) throw new ShapeError(field, `nests values deeper than ${MAX_VALUE_DEPTH} levels`);
  const arrayValue = any.arrayValue as Json | undefined;
  if (arrayValue !== undefined) {
    const values = Array.isArray(arrayValue?.values) ? (arrayValue.values as unknown[]) : [];
    return values.map((item) => decodeAnyValue(item, depth + 1, field));
  }
  const kvlistValue = any.kvlistValue as Json | undefined;
  if (kvlistValue !== undefined) {
    const object: Record<string, JsonValue> = {};
    const values = Array.isArray(kvlistValue?.values) ? (kvlistValue.values as Json[]) : [];
    for (const keyValue of values) {
      if (typeof keyValue === 'object' && keyValue !== null && typeof keyValue.key === 'string') {
        setOwn(object, keyValue.key, decodeAnyValue(keyValue.value, depth + 1, field));
      }
    }
    return object;
  }
  return null;
}

function decodeInt(value: unknown): JsonValue {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) {
    const number = Number(value);
    // Beyond 2^53 a number would silently change the value: keep the exact decimal text.
    return Number.isSafeInteger(number) ? number : value;
  }
  return null;
}

function decodeDouble(value: unknown): JsonValue {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number.isFinite(Number(value)) && value.trim() !== '' ? Number(value) : value;
  return null;
}

function bodyText(value: unknown): string {
  if (value === undefined || value === null) return '';
  const stringValue = (value as Json).stringValue;
  if (typeof stringValue === 'string') return stringValue;
  const decoded = decodeAnyValue(value, 0, 'body');
  return decoded === null ? '' : JSON.stringify(decoded);
}

/** A seq or pid: a positive safe integer, else 0. */
function positiveInteger(value: JsonValue | undefined): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

function nanosText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.trunc(value)).toString();
  return '0';
}

function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function objectAt(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShapeError(field, 'must be an object');
  return value as Json;
}

function optionalObject(value: unknown, field: string): Json | undefined {
  return value === undefined || value === null ? undefined : objectAt(value, field);
}

function optionalArray(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ShapeError(field, 'must be an array');
  return value;
}
