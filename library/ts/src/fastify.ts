// Fastify glue: request ids, observe() per completed request, and GET /metrics.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Library } from './types.js';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Requests the features do not count (spec/features.md "metrics"). */
const UNCOUNTED_PATHS = new Set(['/metrics', '/health']);
const UNCOUNTED_PREFIX = '/_scl/';
const OTHER_ROUTE = 'other';
// An incoming id is reused only when it is short printable ASCII: it goes into logs and headers.
const USABLE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

const requestIds = new WeakMap<FastifyRequest, string>();
const templates = new Map<string, string>();

/** The request id of an inbound request, to send on its outbound calls as `x-request-id`. */
export function requestIdOf(request: FastifyRequest): string {
  return requestIds.get(request) ?? requestIdFrom(request.headers[REQUEST_ID_HEADER]);
}

/** Fastify's `/customers/:id` as the OpenAPI template `/customers/{id}`. */
export function routeTemplate(fastifyUrl: string): string {
  let template = templates.get(fastifyUrl);
  if (template === undefined) {
    template = fastifyUrl.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}');
    templates.set(fastifyUrl, template);
  }
  return template;
}

export function isUncountedPath(url: string): boolean {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return UNCOUNTED_PATHS.has(path) || path.startsWith(UNCOUNTED_PREFIX);
}

/**
 * Adds the library's hooks to `app` itself (not an encapsulated child), so they see every route,
 * the not-found handler included. Call before registering routes.
 */
export function instrumentFastify(app: FastifyInstance, library: Library): void {
  app.addHook('onRequest', (request, reply, done) => {
    const id = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    requestIds.set(request, id);
    reply.header(REQUEST_ID_HEADER, id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (!isUncountedPath(request.url)) library.observe(exchangeOf(request, reply));
    done();
  });
  app.get('/metrics', async (_request, reply) => {
    const exposition = await library.scrape();
    if (exposition === undefined) return reply.code(404).send({ error: { code: 'not_found', message: 'the metrics feature is disabled' } });
    return reply.type(exposition.contentType).send(exposition.body);
  });
}

/** The same as instrumentFastify, as a plugin for `app.register(sclFastifyPlugin, { library })`. */
export function sclFastifyPlugin(app: FastifyInstance, options: { library: Library }, done: (error?: Error) => void): void {
  instrumentFastify(app, options.library);
  done();
}
// fastify-plugin's marker: the plugin's hooks apply to the app that registers it, not a child.
Object.assign(sclFastifyPlugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'sidecar-lab' });

function exchangeOf(request: FastifyRequest, reply: FastifyReply) {
  const url = request.is404 ? undefined : request.routeOptions.url;
  return {
    route: url === undefined ? OTHER_ROUTE : routeTemplate(url),
    method: request.method,
    status: reply.statusCode,
    durationSeconds: reply.elapsedTime / 1000,
    requestId: requestIds.get(request) ?? '',
  };
}

function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && USABLE_REQUEST_ID.test(header) ? header : randomUUID();
}
