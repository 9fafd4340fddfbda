// The request validators: JSON Schema's integer and string rules, and the field they name.
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../src/http/errors.js';
import { idempotencyKey, integerField, integerParam, stringField } from '../src/http/validate.js';

function fieldOf(check: () => unknown): string | undefined {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('validation_failed');
    return (error as ServiceError).field;
  }
  throw new Error('expected a validation error');
}

describe('validators', () => {
  it('an integer with a zero fraction is an integer, as in JSON Schema', () => {
    expect(integerField(JSON.parse('{"n": 10.0}'), 'n')).toBe(10);
    expect(integerField(JSON.parse('{"n": 1e3}'), 'n')).toBe(1000);
  });

  it('a fraction, a string, a number below 1 or above 2^53-1 is refused naming the field', () => {
    for (const n of [1.5, '1', 0, -3, 2 ** 53, null, true]) expect(fieldOf(() => integerField({ n }, 'n'))).toBe('n');
  });

  it('string length counts code points, not UTF-16 units', () => {
    expect(stringField({ s: '😀'.repeat(100) }, 's', { maxLength: 100 })).toHaveLength(200);
    expect(fieldOf(() => stringField({ s: '😀'.repeat(101) }, 's', { maxLength: 100 }))).toBe('s');
  });

  it('an Idempotency-Key is 1-255 printable ASCII characters', () => {
    expect(idempotencyKey('abc-123_~!', 'k')).toBe('abc-123_~!');
    expect(idempotencyKey(undefined, 'k')).toBeUndefined();
    for (const key of ['', 'has space', 'é', 'x'.repeat(256), 5]) expect(fieldOf(() => idempotencyKey(key, 'k'))).toBe('k');
  });

  it('a path or query integer is decimal digits within range, or the fallback when absent', () => {
    expect(integerParam('42', 'id', 1)).toBe(42);
    expect(integerParam(undefined, 'limit', 1, 100, 20)).toBe(20);
    for (const raw of ['abc', '1.0', '-1', '0', '', '99999999999999999']) expect(fieldOf(() => integerParam(raw, 'id', 1))).toBe('id');
  });
});
