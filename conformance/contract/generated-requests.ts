// Requests generated from spec/services.openapi.yaml with fast-check: valid ones, ones that break one rule, and methods a path does not list.
import fc from 'fast-check';
import configDefaults from '../../spec/config.defaults.json' with { type: 'json' };
import type { ServiceName } from './cases.js';
import type { Parameter, ServicesContract } from './openapi.js';
import { SchemaArbitraries } from './schema-arbitraries.js';

/** What the document says the answer must be. */
export type Expectation =
  | { kind: 'valid' }
  | { kind: 'invalid'; code: 'validation_failed' | 'invalid_json'; field?: string; rule: string }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'no-route' };

export interface GeneratedRequest {
  service: ServiceName;
  /** The operation whose responses the answer must match; for a method the path does not list, its path's first operation. */
  operation: { method: string; path: string };
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Bytes sent as the body, as text. */
  body?: string;
  expect: Expectation;
}

const SERVICES_OF_PATH: Record<string, ServiceName[]> = {
  '/health': ['web', 'customers', 'payment'],
  '/': ['web'],
  '/checkout': ['web'],
  '/customers': ['customers'],
  '/customers/{id}': ['customers'],
  '/payments': ['payment'],
  '/payments/{id}': ['payment'],
};

/** Methods a client may send that a path may not list; HEAD goes with GET (RFC 9110), so it is only sent where GET is not listed. */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

/** "A request body is parsed as JSON whatever its Content-Type": a body is sent with any of these, or none. */
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined];

// The config's limits (the document refers to pageSizeMax and maxAmountCents); every cell runs the built-in defaults.
const BOUNDS = {
  limit: { maximum: configDefaults.customers.pageSizeMax },
  amountCents: { maximum: configDefaults.payment.maxAmountCents },
};

type Part = { value: string; broken?: { rule: string } };

export function generatedRequests(contract: ServicesContract): fc.Arbitrary<GeneratedRequest> {
  const schemas = new SchemaArbitraries(contract, BOUNDS);
  // Operations weigh more than the one method-not-allowed request of each path.
  const arbitraries = Object.keys(SERVICES_OF_PATH).flatMap((path) => [
    ...contract.methods(path).map((method) => ({ arbitrary: operationRequest(contract, schemas, method, path), weight: 3 })),
    { arbitrary: methodNotAllowed(contract, path), weight: 1 },
  ]);
  return fc.oneof(...arbitraries, { arbitrary: conventions(contract), weight: 2 });
}

function operationRequest(
  contract: ServicesContract,
  schemas: SchemaArbitraries,
  method: string,
  template: string,
): fc.Arbitrary<GeneratedRequest> {
  const parameters = contract.parameters(method, template);
  const bodySchema = contract.requestSchema(method, template);
  // One part (a parameter or the body) may break one rule; every other part is valid.
  const parts = [...parameters.map((parameter) => parameter.name), ...(bodySchema !== undefined ? ['body'] : [])];
  const brokenPart = parts.length === 0 ? fc.constant(undefined) : fc.option(fc.constantFrom(...parts), { nil: undefined, freq: 2 });
  return brokenPart.chain((broken) =>
    fc
      .record({
        service: fc.constantFrom(...(SERVICES_OF_PATH[template] as ServiceName[])),
        parameters: fc.tuple(...parameters.map((parameter) => parameterValue(schemas, parameter, parameter.name === broken))),
        body: bodySchema === undefined ? fc.constant(undefined) : body(schemas, bodySchema, broken === 'body'),
        contentType: fc.constantFrom(...CONTENT_TYPES),
        // Reusable ids, and ones a service must replace (too long, a space inside).
        requestId: fc.option(
          fc.oneof(
            { arbitrary: fc.stringMatching(/^[\x21-\x7E]{1,128}$/), weight: 3 },
            fc.stringMatching(/^[\x21-\x7E]{129,200}$/),
            fc.stringMatching(/^[\x21-\x7E]{1,10} [\x21-\x7E]{1,10}$/),
          ),
          { nil: undefined },
        ),
      })
      .map(({ service, parameters: values, body: sent, contentType, requestId }): GeneratedRequest => {
        let path = template;
        const query = new URLSearchParams();
        const headers: Record<string, string> = {};
        let expect: Expectation = { kind: 'valid' };
        parameters.forEach((parameter, index) => {
          const part = values[index] as Part | undefined;
          if (part === undefined) return;
          if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(part.value));
          if (parameter.in === 'query') query.append(parameter.name, part.value);
          if (parameter.in === 'header') headers[parameter.name.toLowerCase()] = part.value;
          if (part.broken !== undefined)
            expect = { kind: 'invalid', code: 'validation_failed', field: parameter.name, rule: part.broken.rule };
        });
        if (sent?.broken !== undefined) expect = sent.broken;
        if (sent !== undefined && contentType !== undefined) headers['content-type'] = contentType;
        if (requestId !== undefined) headers['x-request-id'] = requestId;
        const search = query.size > 0 ? `?${query.toString()}` : '';
        return {
          service,
          operation: { method, path: template },
          method,
          path: path + search,
          headers,
          ...(sent !== undefined ? { body: sent.text } : {}),
          expect,
        };
      }),
  );
}

/** A path, query or header value: valid, or (when `broken`) breaking one rule; an optional one may be absent. */
function parameterValue(schemas: SchemaArbitraries, parameter: Parameter, broken: boolean): fc.Arbitrary<Part | undefined> {
  if (broken) {
    return schemas
      .invalid(parameter.schema, parameter.name)
      .chain((value) => asText(value.value).map((text): Part => ({ value: text, broken: { rule: value.rule } })))
      .filter(
        (part) =>
          !schemas.acceptsText(parameter.schema, part.value, parameter.name) && (parameter.in !== 'header' || sendableHeader(part.value)),
      );
  }
  const valid = schemas.valid(parameter.schema, parameter.name).map((value): Part => ({ value: String(value) }));
  // "Integers in a path or query are decimal digits": leading zeros are still decimal digits.
  const padded =
    parameter.schema.type === 'integer' || parameter.schema.$ref !== undefined
      ? fc.oneof(
          { arbitrary: valid, weight: 4 },
          valid.map((part) => ({ value: `00${part.value}` })),
        )
      : valid;
  return parameter.required === true ? padded : fc.option(padded, { nil: undefined });
}

/** HTTP drops a header value's leading and trailing white space, and fetch sends only Latin-1 without control characters. */
function sendableHeader(value: string): boolean {
  return value === value.trim() && /^[\x20-\x7E\x80-\xFF]*$/.test(value);
}

/** How a broken parameter value is written in a URL or header: a string as is, anything else in one of its spellings. */
function asText(value: unknown): fc.Arbitrary<string> {
  if (typeof value === 'string') return fc.constant(value);
  if (typeof value === 'number' && Number.isInteger(value))
    return fc.constantFrom(String(value), `${value}.0`, `+${value}`, ` ${value}`, `${value}e0`);
  return fc.constant(typeof value === 'number' ? String(value) : JSON.stringify(value));
}

type Body = { text: string; broken?: Expectation & { kind: 'invalid' } };

function body(schemas: SchemaArbitraries, schema: Parameters<SchemaArbitraries['valid']>[0], broken: boolean): fc.Arbitrary<Body> {
  if (!broken) return schemas.valid(schema).map((value) => ({ text: JSON.stringify(value) }));
  return fc.oneof(
    schemas.invalid(schema).map(
      (value): Body => ({
        text: JSON.stringify(value.value),
        broken: {
          kind: 'invalid',
          code: 'validation_failed',
          rule: value.rule,
          ...(value.field !== undefined ? { field: value.field } : {}),
        },
      }),
    ),
    // Malformed JSON: a valid body cut short (no strict prefix of an object is JSON), or with a stray character.
    fc
      .tuple(
        schemas.valid(schema).map((value) => JSON.stringify(value)),
        fc.nat(),
        fc.boolean(),
      )
      .map(
        ([text, cut, trailing]): Body => ({
          text: trailing ? `${text},` : text.slice(0, cut % text.length),
          broken: { kind: 'invalid', code: 'invalid_json', rule: trailing ? 'trailing garbage' : 'truncated JSON' },
        }),
      ),
  );
}

function methodNotAllowed(contract: ServicesContract, template: string): fc.Arbitrary<GeneratedRequest> {
  const listed = contract.methods(template);
  const allow = listed.includes('GET') ? [...listed, 'HEAD'] : listed;
  const unlisted = METHODS.filter((method) => !allow.includes(method));
  const path = template.replace(/\{[^}]+\}/g, '1');
  const services = fc.constantFrom(...(SERVICES_OF_PATH[template] as ServiceName[]));
  return fc
    .record({ service: services, method: fc.constantFrom(...unlisted), wantsBody: fc.boolean() })
    .map(({ service, method, wantsBody }): GeneratedRequest => {
      // fetch sends no body with GET or HEAD.
      const withBody = wantsBody && method !== 'GET' && method !== 'HEAD';
      return {
        service,
        operation: { method: listed[0] as string, path: template },
        method,
        path,
        headers: withBody ? { 'content-type': 'application/json' } : {},
        ...(withBody ? { body: '{}' } : {}),
        expect: { kind: 'method-not-allowed', allow },
      };
    });
}

/** The document's conventions beyond the schemas: a repeated query parameter, no body, a trailing slash. */
function conventions(contract: ServicesContract): fc.Arbitrary<GeneratedRequest> {
  const withBody = Object.keys(SERVICES_OF_PATH).filter(
    (path) => contract.methods(path).includes('POST') && contract.requestSchema('POST', path) !== undefined,
  );
  const repeated = fc.tuple(fc.constantFrom('limit', 'after'), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 })).map(
    ([name, first, second]): GeneratedRequest => ({
      service: 'customers',
      operation: { method: 'GET', path: '/customers' },
      method: 'GET',
      path: `/customers?${name}=${first}&${name}=${second}`,
      headers: {},
      expect: { kind: 'invalid', code: 'validation_failed', field: name, rule: 'given twice' },
    }),
  );
  const noBody = fc.tuple(fc.constantFrom(...withBody), fc.constantFrom(...CONTENT_TYPES)).map(
    ([path, contentType]): GeneratedRequest => ({
      service: (SERVICES_OF_PATH[path] as ServiceName[])[0] as ServiceName,
      operation: { method: 'POST', path },
      method: 'POST',
      path,
      headers: contentType !== undefined ? { 'content-type': contentType } : {},
      expect: { kind: 'invalid', code: 'invalid_json', rule: 'no body' },
    }),
  );
  const trailingSlash = fc.constantFrom('/customers/{id}', '/payments/{id}').map(
    (template): GeneratedRequest => ({
      service: (SERVICES_OF_PATH[template] as ServiceName[])[0] as ServiceName,
      operation: { method: 'GET', path: template },
      method: 'GET',
      path: template.replace('{id}', ''),
      headers: {},
      expect: { kind: 'no-route' },
    }),
  );
  return fc.oneof(repeated, noBody, trailingSlash);
}
