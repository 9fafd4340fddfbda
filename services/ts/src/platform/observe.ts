// Per-request hook of sidecar mode: hands each completed inbound request to `observe` (spec/features.md).
// Mode library uses the library's own glue instead; this app links no library, so it keeps its own.
import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { Exchange } from './platform.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** OpenAPI path template of the route, set by app.ts when the route is added. */
    route?: string;
    /** false for /health and /_scl/*, which metrics and logs do not count. */
    observed?: boolean;
  }
}

/**
 * Call before routes are added: each route gets its own onResponse hook with its template bound
 * once, so a request costs no route lookup; requests no route matched are observed as `other`.
 */
export function installObserver(app: FastifyInstance, observe: (exchange: Exchange) => void): void {
  app.addHook('onRoute', (route) => {
    if (route.config?.observed === false) return;
    const hook = observerOf(observe, route.config?.route ?? route.url);
    const existing = route.onResponse;
    route.onResponse = existing === undefined ? [hook] : [...(Array.isArray(existing) ? existing : [existing]), hook];
  });
  const observeUnmatched = observerOf(observe, 'other');
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) observeUnmatched.call(app, request, reply, done);
    else done();
  });
}

function observerOf(observe: (exchange: Exchange) => void, route: string): onResponseHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    observe({ route, method: request.method, status: reply.statusCode, durationSeconds: reply.elapsedTime / 1000, requestId: request.id });
    done();
  };
}
