// Serves one fastify app on several local endpoints (a loopback port and a Unix socket at once).
import { createServer, type RequestListener, type Server } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { listenLocal, type LocalEndpoint } from './listen.js';

export interface LocalFastify {
  app: FastifyInstance;
  /** Listens on every endpoint; call after the routes are added. */
  listen(endpoints: readonly LocalEndpoint[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * fastify listens on one address; its request handler, taken from serverFactory, serves any
 * number of node servers, each bound by listenLocal (127.0.0.1 or a socket, nothing else).
 */
export function localFastify(options: FastifyServerOptions = {}): LocalFastify {
  let handler: RequestListener | undefined;
  const app = Fastify({
    ...options,
    logger: false,
    serverFactory: (fastifyHandler) => {
      handler = fastifyHandler as RequestListener;
      return createServer(handler);
    },
  });
  const servers: Server[] = [];
  return {
    app,
    async listen(endpoints) {
      await app.ready();
      for (const endpoint of endpoints) {
        const server = createServer(handler!);
        await listenLocal(server, endpoint);
        servers.push(server);
      }
    },
    async close() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
      await app.close();
    },
  };
}
