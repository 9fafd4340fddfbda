// The x-request-id an app reuses (spec/features.md logs): 1 to 128 printable ASCII characters; any other is replaced.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const USABLE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Fastify reuses any incoming value of its `requestIdHeader`; this server drops an unusable one before fastify sees
 * it, so fastify's genReqId makes a new id (as every other language does).
 */
export function requestIdCheckingServer(handler: (request: IncomingMessage, response: ServerResponse) => void): Server {
  return createServer((request, response) => {
    const id = request.headers[REQUEST_ID_HEADER];
    if (id !== undefined && (typeof id !== 'string' || !USABLE_REQUEST_ID.test(id))) delete request.headers[REQUEST_ID_HEADER];
    handler(request, response);
  });
}
