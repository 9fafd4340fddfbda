// The fastify hook that hands each completed inbound request to the features (spec/features.md "observe").
import type { FastifyInstance } from 'fastify';
import type { Exchange } from './platform.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** OpenAPI path template of the route, set by app.ts when the route is added. */
    route?: string;
    /** false for /health and /_scl/*, which metrics and logs do not count. */
    observed?: boolean;
  }
}

export function installObserver(app: FastifyInstance, observe: (exchange: Exchange) => void): void {
  // Callback style: no promise per request on the hot path.
  app.addHook('onResponse', (request, reply, done) => {
    const config = request.routeOptions.config;
    if (config.observed !== false) {
      observe({
        route: config.route ?? 'other',
        method: request.method,
        status: reply.statusCode,
        durationSeconds: reply.elapsedTime / 1000,
        requestId: request.id,
      });
    }
    done();
  });
}
