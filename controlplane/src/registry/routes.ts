// HTTP routes of the registry: register, heartbeat, deregister, list services, instances (blocking).
import type { FastifyInstance } from 'fastify';
import { blockWhileUnchanged, blockingQueryProperties, parseBlockingQuery, type Waits } from '../blocking.js';
import { notFound } from '../errors.js';
import { registrationSchema } from '../schemas.js';
import type { Registration } from '../types.js';
import type { RegistryStore } from './store.js';

const idParams = { type: 'object', properties: { id: { type: 'string' } } } as const;

export function registryWaitKey(service: string): string {
  return `registry:${service}`;
}

export function registerRegistryRoutes(app: FastifyInstance, registry: RegistryStore, waits: Waits): void {
  app.put('/v1/registry/register', { schema: { body: registrationSchema } }, async (request) => {
    const registration = request.body as Registration;
    registry.register(registration);
    return { id: registration.id };
  });

  app.put('/v1/registry/heartbeat/:id', { schema: { params: idParams } }, async (request) => {
    const { id } = request.params as { id: string };
    if (!registry.heartbeat(id)) throw notFound(`no instance '${id}': register it again`);
    return { status: 'passing' };
  });

  app.put('/v1/registry/deregister/:id', { schema: { params: idParams } }, async (request) => {
    const { id } = request.params as { id: string };
    if (!registry.deregister(id)) throw notFound(`no instance '${id}'`);
    return { id };
  });

  app.get('/v1/registry/services', async () => ({ services: registry.summaries() }));

  const instancesQuery = {
    type: 'object',
    properties: { passing: { type: 'boolean', default: false }, ...blockingQueryProperties },
  } as const;
  app.get('/v1/registry/services/:service', { schema: { querystring: instancesQuery } }, async (request, reply) => {
    const { service } = request.params as { service: string };
    const query = request.query as { passing: boolean; index?: number; wait?: string };
    await blockWhileUnchanged(waits, registryWaitKey(service), parseBlockingQuery(query), registry.index(service), reply.raw);
    const answer = registry.instances(service, query.passing);
    reply.header('x-scl-index', answer.index);
    return answer;
  });
}
