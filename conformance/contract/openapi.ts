// Response validators built from spec/services.openapi.yaml: one per (operation, status), with ajv 2020.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import configSchema from '../../spec/config.schema.json' with { type: 'json' };
import { fromRoot } from '../../scripts/orchestration/paths.js';
import { createAjv } from '../src/ajv.js';

const DOC_ID = 'https://sidecar-lab.dev/spec/services.openapi.yaml';

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, unknown>;
}

/** The subset of JSON Schema the document's requests use; `$ref`s are resolved by `ServicesContract.schema`. */
export interface RequestSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  required?: string[];
  properties?: Record<string, RequestSchema>;
  additionalProperties?: boolean | RequestSchema;
  description?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: RequestSchema;
}

interface Operation {
  responses?: Record<string, ResponseObject>;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: RequestSchema }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { responses?: Record<string, ResponseObject>; schemas?: Record<string, RequestSchema> };
}

export type ResponseCheck =
  | { documented: false }
  | { documented: true; contentType: string | undefined; validate: (body: unknown) => string | undefined };

/** Answers "is this status documented for the operation, and does a body match its schema?". */
export class ServicesContract {
  private readonly doc: OpenApiDocument;
  private readonly ajv = createAjv({ strict: false });

  constructor(path = fromRoot('spec/services.openapi.yaml')) {
    this.doc = parse(readFileSync(path, 'utf8')) as OpenApiDocument;
    this.ajv.addSchema(configSchema);
    // The document's own schemas, reachable by absolute $ref (the rest of the document is not a schema).
    this.ajv.addSchema({ $id: DOC_ID, $defs: absoluteRefs(this.doc.components) }, DOC_ID);
  }

  operations(): { method: string; path: string }[] {
    return Object.entries(this.doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => ({ method: method.toUpperCase(), path })),
    );
  }

  /** The methods the document lists for a path, upper case. */
  methods(pathTemplate: string): string[] {
    return Object.keys(this.doc.paths[pathTemplate] ?? {}).map((method) => method.toUpperCase());
  }

  /** The JSON schema of an operation's request body, or undefined when it takes none. */
  requestSchema(method: string, pathTemplate: string): RequestSchema | undefined {
    return this.operation(method, pathTemplate).requestBody?.content?.['application/json']?.schema;
  }

  parameters(method: string, pathTemplate: string): Parameter[] {
    return this.operation(method, pathTemplate).parameters ?? [];
  }

  /** Whether a request body matches the operation's request schema (ajv), for checking the generators against the document. */
  requestBodyProblem(method: string, pathTemplate: string, body: unknown): string | undefined {
    const schema = this.requestSchema(method, pathTemplate);
    if (schema === undefined) return undefined;
    const validate = this.ajv.compile(absoluteRefs(schema) as object);
    return validate(body) ? undefined : this.ajv.errorsText(validate.errors, { dataVar: 'body' });
  }

  /** A schema with its own `$ref` to `#/components/schemas/X` followed (nested ones stay for the caller). */
  schema(schema: RequestSchema): RequestSchema {
    if (schema.$ref === undefined) return schema;
    const target = this.doc.components.schemas?.[schema.$ref.split('/').pop() as string];
    if (target === undefined) throw new Error(`spec/services.openapi.yaml has no schema ${schema.$ref}`);
    return this.schema(target);
  }

  private operation(method: string, pathTemplate: string): Operation {
    const operation = this.doc.paths[pathTemplate]?.[method.toLowerCase()];
    if (operation === undefined) throw new Error(`spec/services.openapi.yaml has no operation ${method} ${pathTemplate}`);
    return operation;
  }

  response(method: string, pathTemplate: string, status: number): ResponseCheck {
    let response = this.operation(method, pathTemplate).responses?.[String(status)];
    if (response === undefined) return { documented: false };
    if (response.$ref !== undefined) response = this.doc.components.responses?.[response.$ref.split('/').pop() as string] ?? {};
    const [contentType, media] = Object.entries(response.content ?? {})[0] ?? [];
    if (media?.schema === undefined) return { documented: true, contentType, validate: () => undefined };
    const validate = this.ajv.compile(absoluteRefs(media.schema) as object);
    return {
      documented: true,
      contentType,
      validate: (body) => (validate(body) ? undefined : this.ajv.errorsText(validate.errors, { dataVar: 'body' })),
    };
  }
}

/** `#/components/schemas/X` -> the copy under this document's $defs; `config.schema.json` -> its absolute $id. */
function absoluteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key !== '$ref' || typeof item !== 'string') return [key, absoluteRefs(item)];
      if (item.startsWith('#/components/')) return [key, `${DOC_ID}#/$defs/${item.slice('#/components/'.length)}`];
      return [key, new URL(item, DOC_ID).href];
    }),
  );
}
