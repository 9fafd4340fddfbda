// The four operations of the local API (record a metric, emit an event, read the config, resolve a service), for both transports.
import type { BusinessMetrics, AppliedConfig, LogFields, LogLevel } from '../../../library/ts/src/types.js';
import { BusinessMetricError } from '../../../library/ts/src/metrics/business.js';
import type { Resolver } from '../../../library/ts/src/registry/resolver.js';
import { catalogueMessage } from '../errors.js';

/** A refused call: an HTTP status, a code of spec/errors.json and, for bad input, the field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface EventSink {
  /** False when the log queue stayed full. */
  emit(level: LogLevel, event: string, msg: string, fields?: LogFields): Promise<boolean>;
  level(): LogLevel;
}

export interface LocalApiDependencies {
  /** The metrics feature's business counters; a stand-in that ignores everything when it is disabled. */
  business: BusinessMetrics;
  /** undefined when logs is disabled: events are accepted and not shipped, as the library's silent logger. */
  events: EventSink | undefined;
  config: () => AppliedConfig;
  resolver: Resolver;
}

export interface ResolvedService {
  service: string;
  known: boolean;
  instances: Array<{ id: string; address: string; port: number }>;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const MAX_FIELDS = 64;

export class LocalApi {
  constructor(private readonly dependencies: LocalApiDependencies) {}

  /** `{name, value, labels?}`: exactly what services/ts POSTs in sidecar mode. */
  recordMetric(input: unknown): void {
    const { name, value, labels } = objectInput(input) as { name?: unknown; value?: unknown; labels?: unknown };
    if (typeof name !== 'string') throw invalid('name', 'name must be a string matching ^[a-z][a-z0-9_]*_total$');
    if (typeof value !== 'number') throw invalid('value', 'value must be a number >= 0');
    if (labels !== undefined && !isPlainObject(labels)) throw invalid('labels', 'labels must be an object of strings');
    try {
      this.dependencies.business.count(name, value, labels as Record<string, string> | undefined);
    } catch (error) {
      if (error instanceof BusinessMetricError) throw invalid(error.field, error.message);
      throw error;
    }
  }

  /** `{level, event, msg, fields?}`; false when the config's logLevel filters it out. */
  async emitEvent(input: unknown): Promise<boolean> {
    const { level, event, msg, fields } = objectInput(input) as { level?: unknown; event?: unknown; msg?: unknown; fields?: unknown };
    if (!LEVELS.includes(level as LogLevel)) throw invalid('level', `level must be one of ${LEVELS.join(', ')}`);
    if (typeof event !== 'string' || !EVENT_NAME.test(event)) throw invalid('event', `event must match ${EVENT_NAME.source}`);
    if (typeof msg !== 'string') throw invalid('msg', 'msg must be a string');
    const checkedFields = fieldsOf(fields);
    const sink = this.dependencies.events;
    if (sink === undefined || LEVELS.indexOf(level as LogLevel) < LEVELS.indexOf(sink.level())) return false;
    if (!(await sink.emit(level as LogLevel, event, msg, checkedFields))) {
      throw new ApiError(503, 'SCL_ERR_SIDECAR_BUSY', catalogueMessage('SCL_ERR_SIDECAR_BUSY'));
    }
    return true;
  }

  readConfig(): AppliedConfig {
    return this.dependencies.config();
  }

  async resolveService(service: unknown): Promise<ResolvedService> {
    if (typeof service !== 'string' || !SERVICE_NAME.test(service)) {
      throw invalid('service', `service must match ${SERVICE_NAME.source}`);
    }
    const { known, instances } = await this.dependencies.resolver.resolve(service);
    return { service, known, instances: instances.map(({ id, address, port }) => ({ id, address, port })) };
  }
}

function invalid(field: string, message: string): ApiError {
  return new ApiError(400, 'validation_failed', message, field);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectInput(input: unknown): Record<string, unknown> {
  if (!isPlainObject(input)) throw invalid('body', 'the body must be a JSON object');
  return input;
}

function fieldsOf(fields: unknown): LogFields | undefined {
  if (fields === undefined) return undefined;
  if (!isPlainObject(fields)) throw invalid('fields', 'fields must be an object of strings, numbers and booleans');
  const keys = Object.keys(fields);
  if (keys.length > MAX_FIELDS) throw invalid('fields', `at most ${MAX_FIELDS} fields`);
  for (const key of keys) {
    const value = fields[key];
    const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) throw invalid(`fields.${key}`, `field "${key}" must be a string, a finite number or a boolean`);
  }
  return fields as LogFields;
}
