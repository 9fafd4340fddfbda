// fast-check arbitraries from the request schemas of spec/services.openapi.yaml: values a schema accepts, and values that break one of its rules.
import fc from 'fast-check';
import type { RequestSchema, ServicesContract } from './openapi.js';

/** A value that breaks one rule; `field` is the property holding it (an object's rule has one, a scalar's gets it from its parent). */
export interface Broken {
  value: unknown;
  rule: string;
  field?: string;
}

export const ABOVE_CONFIG_MAXIMUM = 'above the config maximum';

/** Tighter bounds than the document's schema, by property name: the config's own limits (pageSizeMax, maxAmountCents). */
export type Bounds = Record<string, { maximum?: number }>;

// Characters that a loose generator rarely draws but that trimming, patterns and encoders treat specially.
const AWKWARD_CHARS = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\u000c',
  '\u001c',
  '\u0085',
  '\u00a0',
  '\u2003',
  '\u2028',
  '\u3000',
  '\ufeff',
  '@',
  '.',
  '"',
  '\\',
  'é',
  '😀',
];

/** Strings as JSON carries them safely: no lone surrogate (RFC 8259 leaves those unpredictable). */
function anyString(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.string({ unit: 'grapheme-ascii', ...constraints }),
      fc.string({ unit: 'binary', ...constraints }),
      fc.string({ unit: fc.constantFrom(...AWKWARD_CHARS, 'a', 'Z', '1'), ...constraints }),
    )
    .filter(wellFormed);
}

/** In a `u` regex a paired surrogate is one code point, so \p{Cs} only matches a lone one. */
const wellFormed = (value: string): boolean => !/\p{Cs}/u.test(value);

const codePoints = (value: string): number => [...value].length;

function integerIn(low: number, high: number): fc.Arbitrary<number> {
  const span = high - low;
  return fc.oneof(
    fc.constantFrom(low, high),
    fc.integer({ min: 0, max: Math.min(span, 1000) }).map((n) => low + n),
    fc.maxSafeNat().map((n) => low + (n % (span + 1))),
  );
}

export class SchemaArbitraries {
  constructor(
    private readonly contract: ServicesContract,
    private readonly bounds: Bounds = {},
  ) {}

  /** Values the schema accepts. `name` is the property's name, for `bounds`. */
  valid(schemaOrRef: RequestSchema, name?: string): fc.Arbitrary<unknown> {
    const schema = this.contract.schema(schemaOrRef);
    if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
    if (schema.type === 'integer') return integerIn(...this.range(schema, name));
    if (schema.type === 'string') return this.validString(schema);
    if (schema.type === 'object') return this.validObject(schema);
    throw new Error(`no generator for the schema ${JSON.stringify(schema)}`);
  }

  /** Values that break one rule of the schema (wrong type, out of range, too long, no match, unknown enum, missing required). */
  invalid(schemaOrRef: RequestSchema, name?: string): fc.Arbitrary<Broken> {
    const schema = this.contract.schema(schemaOrRef);
    if (schema.enum !== undefined) return this.invalidEnum(schema.enum);
    if (schema.type === 'integer') return this.invalidInteger(...this.range(schema, name));
    if (schema.type === 'string') return this.invalidString(schema);
    if (schema.type === 'object') return this.invalidObject(schema);
    throw new Error(`no generator for the schema ${JSON.stringify(schema)}`);
  }

  /** Whether a path, query or header value (text) is valid: an integer in decimal digits, or a string within the schema's rules. */
  acceptsText(schemaOrRef: RequestSchema, text: string, name?: string): boolean {
    const schema = this.contract.schema(schemaOrRef);
    if (schema.type === 'integer') {
      const [low, high] = this.range(schema, name);
      return /^[0-9]+$/.test(text) && Number(text) >= low && Number(text) <= high;
    }
    const length = codePoints(text);
    return (
      length >= (schema.minLength ?? 0) &&
      length <= (schema.maxLength ?? Infinity) &&
      (schema.pattern === undefined || new RegExp(schema.pattern, 'u').test(text))
    );
  }

  /** Integer bounds: the schema's, tightened by `bounds` for this property. */
  range(schema: RequestSchema, name?: string): [number, number] {
    const maximum = Math.min(
      schema.maximum ?? Number.MAX_SAFE_INTEGER,
      (name !== undefined ? this.bounds[name]?.maximum : undefined) ?? Number.MAX_SAFE_INTEGER,
    );
    return [schema.minimum ?? 1, maximum];
  }

  private validString(schema: RequestSchema): fc.Arbitrary<string> {
    const minLength = schema.minLength ?? 0;
    const maxLength = schema.maxLength ?? 300;
    if (schema.pattern === undefined) return anyString({ minLength, maxLength });
    const pattern = new RegExp(schema.pattern, 'u');
    return fc
      .oneof(
        fc.stringMatching(pattern),
        anyString({ minLength, maxLength }).filter((value) => pattern.test(value)),
      )
      .filter((value) => wellFormed(value) && codePoints(value) >= minLength && codePoints(value) <= maxLength);
  }

  private validObject(schema: RequestSchema): fc.Arbitrary<Record<string, unknown>> {
    const properties = Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([name, property]) => [name, this.valid(property, name)]),
    );
    const record = fc.record(properties, { requiredKeys: schema.required ?? [] });
    if (schema.additionalProperties === false) return record;
    // Properties the schema does not name are allowed (it does not say additionalProperties: false).
    const extra = fc.option(fc.record({ note: anyString({ maxLength: 20 }) }), { nil: undefined });
    return fc.tuple(record, extra).map(([known, unknown]) => ({ ...unknown, ...known }));
  }

  private invalidEnum(values: unknown[]): fc.Arbitrary<Broken> {
    return fc.oneof(
      anyString({ maxLength: 8 })
        .filter((value) => !values.includes(value))
        .map((value) => ({ value, rule: 'unknown enum value' })),
      fc
        .constantFrom(...values.filter((value) => typeof value === 'string').map((value) => value.toLowerCase()))
        .filter((value) => !values.includes(value))
        .map((value) => ({ value, rule: 'enum value in another case' })),
      fc.oneof(fc.integer(), fc.constant(null), fc.boolean()).map((value) => ({ value, rule: 'wrong type' })),
    );
  }

  private invalidInteger(low: number, high: number): fc.Arbitrary<Broken> {
    // Above a config limit (below the schema's own maximum) is a rule of the service, checked after the document's.
    const above =
      high < Number.MAX_SAFE_INTEGER
        ? integerIn(high + 1, Number.MAX_SAFE_INTEGER).map((value) => ({ value, rule: ABOVE_CONFIG_MAXIMUM }))
        : fc.constant({ value: high + 1, rule: 'above maximum' });
    return fc.oneof(
      fc
        .oneof(integerIn(low, high).map(String), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}))
        .map((value) => ({ value, rule: 'wrong type' })),
      integerIn(low, Math.min(high - 1, 1_000_000)).map((value) => ({ value: value + 0.5, rule: 'not an integer' })),
      fc.integer({ min: -1000, max: -1 }).map((offset) => ({ value: low + offset, rule: 'below minimum' })),
      above,
    );
  }

  private invalidString(schema: RequestSchema): fc.Arbitrary<Broken> {
    const minLength = schema.minLength ?? 0;
    const maxLength = schema.maxLength ?? 300;
    const pattern = schema.pattern !== undefined ? new RegExp(schema.pattern, 'u') : undefined;
    const rules: fc.Arbitrary<Broken>[] = [
      fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant(['a'])).map((value) => ({ value, rule: 'wrong type' })),
      // Longer than maxLength and otherwise valid: a valid value with letters before it.
      fc
        .tuple(this.validString(schema), fc.integer({ min: 1, max: 20 }))
        .map(
          ([value, extra]) => 'a'.repeat(maxLength + extra - codePoints(value) > 0 ? maxLength + extra - codePoints(value) : extra) + value,
        )
        .filter((value) => pattern === undefined || pattern.test(value))
        .map((value) => ({ value, rule: 'too long' })),
    ];
    if (minLength > 0) rules.push(fc.constant({ value: '', rule: 'too short' }));
    if (pattern !== undefined) {
      rules.push(
        anyString({ minLength: Math.max(minLength, 1), maxLength })
          .filter((value) => !pattern.test(value))
          .map((value) => ({ value, rule: `does not match ${schema.pattern}` })),
      );
    }
    return fc.oneof(...rules);
  }

  private invalidObject(schema: RequestSchema): fc.Arbitrary<Broken> {
    const valid = this.validObject(schema);
    const rules: fc.Arbitrary<Broken>[] = [
      fc
        .oneof(fc.constant([]), fc.constant('text'), fc.constant(42), fc.constant(null), fc.constant(true))
        .map((value) => ({ value, rule: 'not an object' })),
    ];
    const required = schema.required ?? [];
    if (required.length > 0) {
      rules.push(
        fc.tuple(valid, fc.constantFrom(...required)).map(([value, field]) => {
          const { [field]: _missing, ...rest } = value;
          return { value: rest, rule: 'missing required property', field };
        }),
      );
    }
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      rules.push(
        fc
          .tuple(valid, this.invalid(property, field))
          .map(([value, broken]) => ({ value: { ...value, [field]: broken.value }, rule: broken.rule, field })),
      );
    }
    return fc.oneof(...rules);
  }
}
