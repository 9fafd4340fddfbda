// The /_scl/* conformance hooks (SCL_TEST_HOOKS=1): drive a feature through the app the way the app uses it.
import type { FastifyInstance } from 'fastify';
import { ServiceError } from './http/errors.js';
import { enumField, integerField, invalid, objectBody, stringField, type JsonObject } from './http/validate.js';
import { checkCounterInput, MetricInputError } from './platform/business-metrics.js';
import type { LogFieldValue, LogLevel, Platform } from './platform/platform.js';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const EVENT = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const RESERVED_FIELDS = new Set(['time', 'level', 'msg', 'event', 'seq', 'pid']);
const MAX_LOG_COUNT = 100_000;
const unobserved = { config: { observed: false } };

export function registerTestHooks(app: FastifyInstance, platform: Platform): void {
  app.post('/_scl/egress', unobserved, async (request) => {
    const body = objectBody(request.body);
    const service = stringField(body, 'service', { maxLength: 100, notBlank: true });
    const method = stringField(body, 'method', { maxLength: 20, pattern: /^[A-Za-z]+$/ }).toUpperCase();
    const path = stringField(body, 'path', { maxLength: 8192, pattern: /^\// });
    const payload = body.body === undefined ? undefined : JSON.stringify(body.body);
    const headers: Record<string, string> = { 'x-request-id': request.id };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, lowerCaseNames(stringMap(body, 'headers')));
    const answer = await platform.callPeer(service, { method, path, headers, body: payload });
    return { status: answer.status, headers: answer.headers, body: answer.body.toString('utf8') };
  });

  app.post('/_scl/log', unobserved, async (request, reply) => {
    const body = objectBody(request.body);
    const level = enumField(body, 'level', LEVELS);
    const event = stringField(body, 'event', { maxLength: 200, pattern: EVENT });
    const msg = wellFormed(stringField(body, 'msg', { maxLength: 65_536 }));
    const fields = logFields(body);
    const count = body.count === undefined ? 1 : integerField(body, 'count', 1, MAX_LOG_COUNT);
    for (let i = 0; i < count; i++) platform.log(level, event, msg, fields);
    return reply.code(204).send();
  });

  app.post('/_scl/metric', unobserved, async (request, reply) => {
    const { name, value, labels } = objectBody(request.body);
    try {
      checkCounterInput(name, value, labels);
      platform.count(name as string, value as number, labels as Record<string, string> | undefined);
    } catch (error) {
      if (error instanceof MetricInputError) throw new ServiceError('validation_failed', error.message, error.field);
      throw new ServiceError('validation_failed', (error as Error).message);
    }
    return reply.code(204).send();
  });

  app.get('/_scl/config', unobserved, async () => platform.config());
}

function stringMap(body: JsonObject, field: string): Record<string, string> {
  const value = body[field];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, 'must be an object of strings');
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalid(`${field}.${key}`, 'must be a string');
  }
  return value as Record<string, string>;
}

function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** A number beyond the double range (1e400) parses to Infinity: refused like any other value that is not a finite number. */
function logFields(body: JsonObject): Record<string, LogFieldValue> | undefined {
  const value = body.fields;
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('fields', 'must be an object');
  const fields = Object.entries(value).map(([key, entry]): [string, LogFieldValue] => {
    if (RESERVED_FIELDS.has(key)) throw invalid(`fields.${key}`, 'is set by the logger and cannot be given');
    if (typeof entry === 'string') return [wellFormed(key), wellFormed(entry)];
    if (typeof entry === 'boolean' || (typeof entry === 'number' && Number.isFinite(entry))) return [wellFormed(key), entry];
    throw invalid(`fields.${key}`, 'must be a string, finite number or boolean');
  });
  return Object.fromEntries(fields); // fromEntries, not assignment: a key "__proto__" stays a field
}

/** Each lone surrogate (JSON allows the escape "\ud800") becomes U+FFFD, as Go's and Node's UTF-8 decoders do. */
function wellFormed(text: string): string {
  return (text as string & { toWellFormed(): string }).toWellFormed();
}
