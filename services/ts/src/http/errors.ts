// Service error answers: {"error":{"code","message","field"?}} with the codes of spec/errors.json.
import type { FastifyError, FastifyInstance } from 'fastify';
import catalogue from '../../../../spec/errors.json' with { type: 'json' };
import { trackRouteMethods } from './method-not-allowed.js';

export type ServiceErrorCode = keyof typeof catalogue.service;

export interface ErrorBody {
  error: { code: ServiceErrorCode; message: string; field?: string };
}

/** Thrown by handlers and validators; the error handler turns it into the answer. */
export class ServiceError extends Error {
  readonly status: number;

  constructor(
    readonly code: ServiceErrorCode,
    message: string = catalogue.service[code].message,
    readonly field?: string,
  ) {
    super(message);
    this.status = catalogue.service[code].status;
  }

  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    return { error };
  }
}

/** Maps everything a request can fail with to the service error shape; 5xx are logged. Call it before adding routes. */
export function installErrorReplies(app: FastifyInstance, logFailure: (error: Error, requestId: string) => void): void {
  const methodsOf = trackRouteMethods(app);
  app.setErrorHandler((error: FastifyError | ServiceError, request, reply) => {
    const answer = error instanceof ServiceError ? error : fromFastify(error);
    if (answer.status >= 500) logFailure(error, request.id);
    return reply.code(answer.status).send(answer.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] as string;
    const allowed = methodsOf(path);
    if (allowed !== undefined) {
      const answer = new ServiceError('method_not_allowed', `${path} serves ${allowed.join(', ')}, not ${request.method}`);
      return reply.code(405).header('allow', allowed.join(', ')).send(answer.toBody());
    }
    const answer = new ServiceError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(404).send(answer.toBody());
  });
}

function fromFastify(error: FastifyError): ServiceError {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ServiceError('payload_too_large');
  // Other framework 4xx (a malformed URL or Content-Length) are input the client must fix.
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new ServiceError('validation_failed', error.message);
  return new ServiceError('internal_error');
}
