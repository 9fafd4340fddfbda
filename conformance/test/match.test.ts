import { describe, expect, it } from 'vitest';
import { countMatches, hasJsonType, headersMismatch, subsetMismatch, substitute } from '../src/match.js';

describe('subset matching', () => {
  it('accepts an object that contains every expected key with an equal value', () => {
    expect(subsetMismatch({ error: { code: 'x' } }, { error: { code: 'x', message: 'm' }, other: 1 })).toBeUndefined();
  });

  it('names the path of the first difference', () => {
    expect(subsetMismatch({ error: { code: 'x' } }, { error: { code: 'y' } })).toBe('$.error.code: expected "x", got "y"');
    expect(subsetMismatch({ a: 1 }, {})).toBe('$.a: missing, expected 1');
    expect(subsetMismatch({ a: 1 }, 'text')).toMatch(/expected an object/);
  });

  it('compares arrays item by item with the same length', () => {
    expect(subsetMismatch([{ id: 1 }], [{ id: 1, name: 'n' }])).toBeUndefined();
    expect(subsetMismatch([], [1])).toMatch(/expected 0 items/);
  });

  it('tells 1 from "1" and null from a missing key', () => {
    expect(subsetMismatch({ a: 1 }, { a: '1' })).toBeDefined();
    expect(subsetMismatch({ a: null }, { a: null })).toBeUndefined();
    expect(subsetMismatch({ a: null }, {})).toBeDefined();
  });

  it('matches {"$regex": P} against a string matching P, and nothing else', () => {
    expect(
      subsetMismatch(
        { attributes: { trace_id: { $regex: '^[0-9a-f]{32}$' } } },
        { attributes: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' } },
      ),
    ).toBeUndefined();
    expect(subsetMismatch({ id: { $regex: '^[0-9a-f]{16}$' } }, { id: 'XYZ' })).toMatch(/matching/);
    expect(subsetMismatch({ id: { $regex: '.' } }, { id: 7 })).toMatch(/matching/);
  });

  it('matches {"$json": X} against a string holding JSON that contains X', () => {
    expect(subsetMismatch({ body: { $json: { error: { code: 'C' } } } }, { body: '{"error":{"code":"C","message":"m"}}' })).toBeUndefined();
    expect(subsetMismatch({ body: { $json: { id: 1 } } }, { body: 'not json' })).toMatch(/string holding JSON/);
  });
});

describe('header matching', () => {
  it('compares names without case and values exactly', () => {
    expect(headersMismatch({ 'X-Request-Id': 'abc' }, { 'x-request-id': 'abc' })).toBeUndefined();
    expect(headersMismatch({ 'x-request-id': 'abc' }, { 'X-REQUEST-ID': 'abd' })).toMatch(/expected "abc", got "abd"/);
    expect(headersMismatch({ 'idempotency-key': 'k' }, {})).toMatch(/got none/);
  });

  it('compares a value with {"$regex": P} by the pattern', () => {
    const traceparent = { $regex: '^00-4bf92f3577b34da6a3ce929d0e0e4736-(?!00f067aa0ba902b7)[0-9a-f]{16}-01$' };
    expect(headersMismatch({ traceparent }, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01' })).toBeUndefined();
    expect(headersMismatch({ traceparent }, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })).toMatch(
      /matching/,
    );
    expect(headersMismatch({ traceparent }, {})).toMatch(/got none/);
  });
});

describe('counts and types', () => {
  it('a number is exact, atLeast and atMost are bounds', () => {
    expect(countMatches(2, 2)).toBe(true);
    expect(countMatches(2, 3)).toBe(false);
    expect(countMatches({ atLeast: 2 }, 3)).toBe(true);
    expect(countMatches({ atLeast: 2, atMost: 2 }, 3)).toBe(false);
  });

  it('an integer is a number but a number with a fraction is not an integer', () => {
    expect(hasJsonType(3, 'integer')).toBe(true);
    expect(hasJsonType(3, 'number')).toBe(true);
    expect(hasJsonType(3.5, 'integer')).toBe(false);
    expect(hasJsonType('3', 'integer')).toBe(false);
    expect(hasJsonType(true, 'boolean')).toBe(true);
  });
});

describe('placeholders', () => {
  const vars = { instanceId: 'web-1', publicPort: 7100 };

  // biome-ignore-start lint/suspicious/noTemplateCurlyInString: ${name} in a plain string is the vectors' placeholder syntax under test.
  it('replace ${name} inside strings and keep the type of a whole placeholder', () => {
    expect(substitute({ instance: '${instanceId}', url: 'http://h:${publicPort}/', port: '${publicPort}', n: 3 }, vars)).toEqual({
      instance: 'web-1',
      url: 'http://h:7100/',
      port: 7100,
      n: 3,
    });
  });

  it('an unknown placeholder is an error naming the known ones', () => {
    expect(() => substitute(['${nope}'], vars)).toThrow(/unknown placeholder \$\{nope\}; known: instanceId, publicPort/);
  });
  // biome-ignore-end lint/suspicious/noTemplateCurlyInString: the placeholder tests end here.
});
