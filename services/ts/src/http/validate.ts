// Explicit validators for the request schemas of spec/services.openapi.yaml; each names the bad field.
import { ServiceError } from './errors.js';

export type JsonObject = Record<string, unknown>;

/** The Id and AmountCents schemas: 1 .. 2^53-1. */
export const MAX_INTEGER = Number.MAX_SAFE_INTEGER;
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;
// Any number of digits: leading zeros are still decimal digits, and a value too large for a number is out of range.
const DIGITS = /^[0-9]+$/;

export function invalid(field: string, message: string): ServiceError {
  return new ServiceError('validation_failed', `${field} ${message}`, field);
}

export function objectBody(body: unknown): JsonObject {
  // fastify leaves the body undefined when none was sent; an empty body is not JSON.
  if (body === undefined) throw new ServiceError('invalid_json');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ServiceError('validation_failed', 'the body must be a JSON object');
  }
  return body as JsonObject;
}

/** A JSON integer (`10.0` is one, as in JSON Schema) within [min, max]. */
export function integerField(body: JsonObject, field: string, min = 1, max = MAX_INTEGER): number {
  const value = body[field];
  if (value === undefined) throw invalid(field, 'is required');
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(field, 'must be an integer');
  if (value < min || value > max) throw invalid(field, `must be between ${min} and ${max}`);
  return value;
}

export interface StringRules {
  maxLength: number;
  pattern?: RegExp;
  /** Not empty or only whitespace. */
  notBlank?: boolean;
}

export function stringField(body: JsonObject, field: string, rules: StringRules): string {
  const value = body[field];
  if (value === undefined) throw invalid(field, 'is required');
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (rules.notBlank && value.trim() === '') throw invalid(field, 'must not be blank');
  if (codePointLength(value, rules.maxLength) > rules.maxLength) {
    throw invalid(field, `must be at most ${rules.maxLength} characters`);
  }
  if (rules.pattern && !rules.pattern.test(value)) throw invalid(field, 'has an invalid format');
  return value;
}

export function enumField<T extends string>(body: JsonObject, field: string, values: readonly T[]): T {
  const value = body[field];
  if (value === undefined) throw invalid(field, 'is required');
  if (!values.includes(value as T)) throw invalid(field, `must be one of ${values.join(', ')}`);
  return value as T;
}

/** The IdempotencyKey schema: 1-255 printable ASCII characters, no spaces. */
export function idempotencyKey(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
    throw invalid(field, 'must be 1-255 printable ASCII characters without spaces');
  }
  return value;
}

/** A path or query integer in decimal digits within [min, max]; `fallback` when absent. */
export function integerParam(raw: string | undefined, field: string, min: number, max = MAX_INTEGER, fallback?: number): number {
  if (raw === undefined && fallback !== undefined) return fallback;
  const value = raw !== undefined && DIGITS.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isNaN(value)) throw invalid(field, 'must be an integer');
  if (value < min || value > max) throw invalid(field, `must be between ${min} and ${max}`);
  return value;
}

/** JSON Schema counts code points; only a string longer than `limit` code units needs counting. */
function codePointLength(value: string, limit: number): number {
  if (value.length <= limit) return value.length;
  let count = 0;
  for (const _ of value) count++;
  return count;
}
