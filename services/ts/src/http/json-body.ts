// Every request body is JSON, whatever its Content-Type: one parser, one answer for a bad body.
import type { FastifyInstance } from 'fastify';
import { ServiceError } from './errors.js';

/** spec/services.openapi.yaml: a body over 64 KiB is 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export function installJsonBody(app: FastifyInstance): void {
  // A client that forgets the Content-Type still gets a JSON answer about its body, not a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, parseJson);
}

function parseJson(_request: unknown, body: string | Buffer, done: (error: Error | null, value?: unknown) => void): void {
  let value: unknown;
  try {
    value = JSON.parse(body as string);
  } catch {
    done(new ServiceError('invalid_json'));
    return;
  }
  done(null, value);
}
