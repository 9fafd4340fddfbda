// The admin endpoint: /metrics (Prometheus text), /ready, /live; on 127.0.0.1 or a Unix socket only.
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { LocalEndpoint } from '../net/listen.js';
import { localFastify, type LocalFastify } from '../net/local-servers.js';

export interface Readiness {
  ready: boolean;
  /** Each condition of /ready; a disabled feature's condition is absent. */
  conditions: Record<string, boolean>;
}

export interface AdminOptions {
  /** undefined when the metrics feature is disabled: /metrics answers 404, as the library's does. */
  registry: Pick<Registry, 'contentType' | 'metrics'> | undefined;
  readiness: () => Readiness;
}

export async function startAdmin(options: AdminOptions, endpoints: readonly LocalEndpoint[]): Promise<LocalFastify> {
  const server = localFastify();
  addAdminRoutes(server.app, options);
  server.app.get('/live', async () => ({ status: 'live' }));
  await server.listen(endpoints);
  return server;
}

/** /metrics and /ready under `prefix`: '' for a sidecar, `/apps/<instance-id>` for each app of an agent (spec/sidecar-cli.md). */
export function addAdminRoutes(app: FastifyInstance, options: AdminOptions, prefix = ''): void {
  app.get(`${prefix}/metrics`, async (_request, reply) => {
    const { registry } = options;
    if (registry === undefined) {
      return reply.code(404).send({ error: { code: 'not_found', message: 'the metrics feature is disabled (SCL_FEATURES)' } });
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  app.get(`${prefix}/ready`, async (_request, reply) => {
    const { ready, conditions } = options.readiness();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', ...conditions });
  });
}
