// The local API over HTTP/JSON (spec/sidecar-api.openapi.yaml), on loopback or a Unix socket.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { LocalEndpoint } from '../net/listen.js';
import { localFastify, type LocalFastify } from '../net/local-servers.js';
import { ApiError, type LocalApi } from './operations.js';

const BODY_LIMIT_BYTES = 64 * 1024;

export async function startHttpApi(api: LocalApi, endpoints: readonly LocalEndpoint[]): Promise<LocalFastify> {
  const server = localFastify({ bodyLimit: BODY_LIMIT_BYTES });
  addApiRoutes(server.app, api);
  handleApiErrors(server.app);
  await server.listen(endpoints);
  return server;
}

export function localApiServer(): LocalFastify {
  return localFastify({ bodyLimit: BODY_LIMIT_BYTES });
}

/** The four operations under `prefix`: '' for a sidecar, `/apps/<instance-id>` for each app of an agent (spec/sidecar-cli.md). */
export function addApiRoutes(app: FastifyInstance, api: LocalApi, prefix = ''): void {
  app.post(`${prefix}/v1/metrics`, async (request, reply) => {
    api.recordMetric(request.body);
    return reply.code(204).send();
  });
  app.post(`${prefix}/v1/events`, async (request, reply) => {
    const queued = await api.emitEvent(request.body);
    return reply.code(202).send({ queued });
  });
  app.get(`${prefix}/v1/config`, async () => api.readConfig());
  app.get<{ Params: { service: string } }>(`${prefix}/v1/services/:service`, async (request) => api.resolveService(request.params.service));
}

/** Every answer that is not an operation's is the API's error body. */
export function handleApiErrors(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new ApiError(404, 'not_found', `no ${request.method} ${request.url} in the sidecar's local API (spec/sidecar-api.openapi.yaml)`),
    ),
  );
  app.setErrorHandler((error: FastifyError, _request, reply) => sendError(reply, toApiError(error)));
}

function toApiError(error: FastifyError): ApiError {
  if (error instanceof ApiError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'invalid_json', 'the body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'validation_failed', 'send the body as application/json', 'content-type');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'validation_failed', `the body is larger than ${BODY_LIMIT_BYTES} bytes`, 'body');
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError(error.statusCode, 'validation_failed', error.message);
  }
  return new ApiError(500, 'SCL_ERR_SIDECAR_INTERNAL', `a bug in the sidecar: ${error.message}`);
}

function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  const body: { code: string; message: string; field?: string } = { code: error.code, message: error.message };
  if (error.field !== undefined) body.field = error.field;
  return reply.code(error.status).send({ error: body });
}
