// Fastify glue: request ids, observe() per completed request, and GET /metrics.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { Exchange } from './feature.js';
import type { Library } from './types.js';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Requests the features do not count (spec/features.md "metrics"). */
const UNCOUNTED_PATHS = new Set(['/metrics', '/health']);
const UNCOUNTED_PREFIX = '/_scl/';
const OTHER_ROUTE = 'other';
// An incoming id is reused only when it is short printable ASCII: it goes into logs and headers.
const USABLE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;
const REQUEST_ID = Symbol('scl.requestId');

type WithRequestId = { [REQUEST_ID]?: string };

/** The request id of an inbound request, to send on its outbound calls as `x-request-id`. */
export function requestIdOf(request: FastifyRequest): string {
  return (request as WithRequestId)[REQUEST_ID] || request.id;
}

/** Fastify's `/customers/:id` as the OpenAPI template `/customers/{id}`. */
export function routeTemplate(fastifyUrl: string): string {
  return fastifyUrl.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}');
}

export function isUncountedPath(url: string): boolean {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return UNCOUNTED_PATHS.has(path) || path.startsWith(UNCOUNTED_PREFIX);
}

/**
 * Adds the library's hooks to `app` itself (not an encapsulated child). Call it before
 * registering routes: each route gets its own onResponse hook with its template computed once,
 * so a request costs no route lookup; requests no route matched are observed as `other`.
 */
export function instrumentFastify(app: FastifyInstance, library: Library): void {
  app.decorateRequest(REQUEST_ID, '');
  // An app created with `requestIdHeader: 'x-request-id'` already owns the id (request.id) and
  // echoes it; taking a second one here would give its own log records another id.
  if (app.initialConfig.requestIdHeader !== REQUEST_ID_HEADER) {
    app.addHook('onRequest', (request, reply, done) => {
      const id = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
      (request as WithRequestId)[REQUEST_ID] = id;
      reply.header(REQUEST_ID_HEADER, id);
      done();
    });
  }
  app.addHook('onRoute', (route) => {
    if (isUncountedPath(route.url)) return;
    const observe = observer(library, routeTemplate(route.url));
    const existing = route.onResponse;
    route.onResponse = existing === undefined ? [observe] : [...(Array.isArray(existing) ? existing : [existing]), observe];
  });
  const observeUnmatched = observer(library, OTHER_ROUTE);
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404 && !isUncountedPath(request.url)) observeUnmatched.call(app, request, reply, done);
    else done();
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

/** One hook per route template, made when the route is registered. */
function observer(library: Library, route: string): onResponseHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const exchange: Exchange = {
      route,
      method: request.method,
      status: reply.statusCode,
      durationSeconds: reply.elapsedTime / 1000,
      requestId: requestIdOf(request),
    };
    library.observe(exchange);
    done();
  };
}

function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && USABLE_REQUEST_ID.test(header) ? header : randomUUID();
}
