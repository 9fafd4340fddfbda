// Turns every failure, ours or fastify's, into {"error":{"code","message","field"?}} with spec/errors.json codes.
import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance } from 'fastify';
import catalogue from '../../spec/errors.json' with { type: 'json' };
import type { ErrorBody } from './types.js';

type CatalogueCode = Extract<keyof typeof catalogue.platform, `SCL_ERR_CP_${string}`>;
/**
 * Catalogue codes, plus two the catalogue lacks (reported for addition to spec/errors.json):
 * a bug in the control plane, and a status answered on purpose by the logs fault.
 */
export type ControlPlaneCode = CatalogueCode | 'SCL_ERR_CP_INTERNAL' | 'SCL_ERR_CP_FAULT_INJECTED';

function catalogueStatus(code: ControlPlaneCode): number {
  return code in catalogue.platform ? catalogue.platform[code as CatalogueCode].status : 500;
}

export class ControlPlaneError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ControlPlaneCode,
    message: string,
    readonly field?: string,
    statusCode?: number,
  ) {
    super(message);
    this.statusCode = statusCode ?? catalogueStatus(code);
  }

  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    return { error };
  }
}

export function badRequest(field: string, message: string): ControlPlaneError {
  return new ControlPlaneError('SCL_ERR_CP_BAD_REQUEST', message, field);
}

export function notFound(message: string): ControlPlaneError {
  return new ControlPlaneError('SCL_ERR_CP_NOT_FOUND', message);
}

/** The field an ajv error is about, as a dotted path (`meta.zone`, `resourceLogs.0`). */
export function ajvErrorField(error: ErrorObject, fallback: string): string {
  const parts = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/');
  const child = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof child === 'string') parts.push(child);
  return parts.length === 0 ? fallback : parts.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

export function ajvErrorMessage(error: ErrorObject, field: string): string {
  if (error.keyword === 'additionalProperties') return `unknown field '${field}'; remove it`;
  if (error.keyword === 'required') return `'${field}' is required`;
  return `'${field}' ${error.message ?? 'is invalid'}`;
}

type ValidationError = FastifyError & { validation?: ErrorObject[]; validationContext?: string };

/** Maps fastify's own errors (bad JSON, too large, wrong media type, schema) to ours. */
export function toControlPlaneError(err: ValidationError): ControlPlaneError {
  if (err instanceof ControlPlaneError) return err;
  const first = err.validation?.[0];
  if (first !== undefined) {
    const field = ajvErrorField(first, err.validationContext ?? 'body');
    return badRequest(
      field,
      `${ajvErrorMessage(first, field)} (${err.validationContext ?? 'request'}; see spec/controlplane.openapi.yaml)`,
    );
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ControlPlaneError(
        'SCL_ERR_CP_PAYLOAD_TOO_LARGE',
        'the body is too large: split it (5 MiB for /v1/logs, 64 KiB elsewhere)',
        'body',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ControlPlaneError(
        'SCL_ERR_CP_UNSUPPORTED_MEDIA_TYPE',
        'send Content-Type: application/json (protobuf is not accepted)',
        'content-type',
        415,
      );
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return new ControlPlaneError('SCL_ERR_CP_BAD_REQUEST', err.message, undefined, status);
  return new ControlPlaneError('SCL_ERR_CP_INTERNAL', 'the control plane failed on this request; its stderr has the cause', undefined, 500);
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: ValidationError, request, reply) => {
    const mapped = toControlPlaneError(err);
    if (mapped.statusCode >= 500) console.error(`control plane: ${request.method} ${request.url} failed:`, err);
    // fastify closes the connection after a refused body, so a client still sending it gets EPIPE instead
    // of the 413, and a log shipper would retry a batch it should drop. Keeping the connection lets Node
    // read and discard the rest, and the client reads the answer.
    if (mapped.statusCode === 413) reply.removeHeader('connection');
    return reply.code(mapped.statusCode).send(mapped.toBody());
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(notFound(`no route ${request.method} ${request.url.split('?')[0]}; see spec/controlplane.openapi.yaml`).toBody()),
  );
}
