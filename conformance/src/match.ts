// Comparing observations with expectations: JSON subsets, counts, headers, and ${placeholders} in vectors.
import type { Count, Json } from './vector.js';

/** `{"$regex": "^00-[0-9a-f]{32}-"}`: a string matching the pattern (JavaScript syntax, no flags). */
export type RegexMatcher = { $regex: string };

export function isRegexMatcher(value: unknown): value is RegexMatcher {
  return isPlainObject(value) && Object.keys(value).length === 1 && typeof value.$regex === 'string';
}

function regexMismatch(matcher: RegexMatcher, actual: unknown, what: string): string | undefined {
  if (typeof actual === 'string' && new RegExp(matcher.$regex).test(actual)) return undefined;
  return `${what}: expected a string matching /${matcher.$regex}/, got ${describe(actual)}`;
}

/**
 * Where `actual` differs from the subset `expected`, or undefined when it contains it. Objects match
 * when every expected key matches; arrays element by element with equal length; `{"$json": X}`
 * matches a string that parses as JSON containing X; `{"$regex": P}` a string matching P.
 */
export function subsetMismatch(expected: Json | undefined, actual: unknown, path = '$'): string | undefined {
  if (expected === undefined) return undefined;
  if (isRegexMatcher(expected)) return regexMismatch(expected, actual, path);
  if (isPlainObject(expected) && '$json' in expected && Object.keys(expected).length === 1) {
    if (typeof actual !== 'string') return `${path}: expected a string holding JSON, got ${describe(actual)}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(actual);
    } catch {
      return `${path}: expected a string holding JSON, got ${describe(actual)}`;
    }
    return subsetMismatch(expected.$json, parsed, path);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${describe(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const mismatch = subsetMismatch(expected[i], actual[i], `${path}[${i}]`);
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return `${path}: expected an object, got ${describe(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actual)) return `${path}.${key}: missing, expected ${describe(value)}`;
      const mismatch = subsetMismatch(value, actual[key], `${path}.${key}`);
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  return Object.is(expected, actual) ? undefined : `${path}: expected ${describe(expected)}, got ${describe(actual)}`;
}

/** Header names compare case-insensitively, values exactly or by `{"$regex": P}`. */
export function headersMismatch(
  expected: Record<string, string | RegexMatcher> | undefined,
  actual: Record<string, string | string[] | undefined>,
): string | undefined {
  if (expected === undefined) return undefined;
  const lower = new Map(
    Object.entries(actual).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value]),
  );
  for (const [name, value] of Object.entries(expected)) {
    const got = lower.get(name.toLowerCase());
    if (isRegexMatcher(value)) {
      const mismatch = regexMismatch(value, got, `header ${name.toLowerCase()}`);
      if (mismatch !== undefined)
        return got === undefined ? `header ${name.toLowerCase()}: expected a value matching /${value.$regex}/, got none` : mismatch;
    } else if (got !== value) {
      return `header ${name.toLowerCase()}: expected ${JSON.stringify(value)}, got ${got === undefined ? 'none' : JSON.stringify(got)}`;
    }
  }
  return undefined;
}

export function countMatches(expected: Count, actual: number): boolean {
  if (typeof expected === 'number') return actual === expected;
  return (expected.atLeast === undefined || actual >= expected.atLeast) && (expected.atMost === undefined || actual <= expected.atMost);
}

export function describeCount(expected: Count): string {
  if (typeof expected === 'number') return `exactly ${expected}`;
  const parts: string[] = [];
  if (expected.atLeast !== undefined) parts.push(`at least ${expected.atLeast}`);
  if (expected.atMost !== undefined) parts.push(`at most ${expected.atMost}`);
  return parts.join(' and ');
}

export type JsonType = 'string' | 'integer' | 'number' | 'boolean';

export function hasJsonType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

const PLACEHOLDER = /\$\{([a-zA-Z]+)\}/g;
const WHOLE_PLACEHOLDER = /^\$\{([a-zA-Z]+)\}$/;

/**
 * Replaces `${name}` in every string of `value` by `vars[name]`. A string that is exactly one
 * placeholder takes the variable's own type (`"${publicPort}"` becomes a number).
 */
export function substitute<T>(value: T, vars: Readonly<Record<string, string | number>>): T {
  if (typeof value === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(value);
    if (whole !== null) return lookup(vars, whole[1] as string) as T;
    return value.replace(PLACEHOLDER, (_, name: string) => String(lookup(vars, name))) as T;
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, vars)) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, vars)])) as T;
  }
  return value;
}

function lookup(vars: Readonly<Record<string, string | number>>, name: string): string | number {
  const found = vars[name];
  if (found === undefined) throw new Error(`unknown placeholder \${${name}}; known: ${Object.keys(vars).join(', ')}`);
  return found;
}

export function isPlainObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
