// Builds one service's fastify app: the shared HTTP conventions, /health, the hooks and the service's routes.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorReplies, ServiceError } from './http/errors.js';
import { BODY_LIMIT_BYTES, installJsonBody } from './http/json-body.js';
import { REQUEST_ID_HEADER, reusableRequestId } from './http/request-id.js';
import type { Platform } from './platform/platform.js';
import type { ServiceContext, ServiceModule } from './service-module.js';
import type { ServiceName, StartContract } from './start-contract.js';
import { registerTestHooks } from './test-hooks.js';

export interface App {
  server: FastifyInstance;
  /** /health answers 200 from now on. */
  markReady(): void;
}

// Loaded on demand: web carries no SQLite, customers no HTML.
const SERVICE_MODULES: Record<ServiceName, () => Promise<(context: ServiceContext) => ServiceModule>> = {
  web: async () => (await import('./web.js')).webService,
  customers: async () => (await import('./customers.js')).customersService,
  payment: async () => (await import('./payment.js')).paymentService,
};

export async function buildApp(contract: StartContract, platform: Platform): Promise<App> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // x-request-id is business plumbing, in every mode: taken from the request when it is 1 to 128
    // printable ASCII characters (spec/services.openapi.yaml), otherwise made here.
    requestIdHeader: false,
    genReqId: (request) => reusableRequestId(request.headers[REQUEST_ID_HEADER]) ?? randomUUID(),
    return503OnClosing: true,
  });
  installJsonBody(app);
  installErrorReplies(app, (error, requestId) =>
    platform.log('error', 'http.failure', error.message, { request_id: requestId, stack: error.stack ?? '' }),
  );
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, route: openApiTemplate(route.url) };
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // find-my-way matches "/customers/" to "/customers/:id" with an empty id; it is a path no route serves.
  app.addHook('preValidation', async (request) => {
    if (Object.values(request.params as Record<string, string>).includes('')) {
      throw new ServiceError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
    }
  });
  platform.instrument(app);

  let ready = false;
  app.get('/health', { config: { observed: false } }, async (_request, reply) => {
    if (!ready) return reply.code(503).send({ status: 'starting' });
    return { status: 'ok', configVersion: platform.config().version };
  });
  if (contract.testHooks) registerTestHooks(app, platform);

  const service = (await SERVICE_MODULES[contract.service]())({ contract, platform });
  service.routes(app);
  app.addHook('onClose', (_instance, done) => {
    service.close();
    done();
  });
  await app.ready();
  return {
    server: app,
    markReady: () => {
      ready = true;
    },
  };
}

/** fastify's `/customers/:id` is the OpenAPI `/customers/{id}` that metrics and logs label with. */
function openApiTemplate(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
