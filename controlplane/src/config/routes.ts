// HTTP routes of the config store: list, get (blocking, fault-aware), put (validated, versioned).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { blockWhileUnchanged, blockingQueryProperties, parseBlockingQuery, type Waits } from '../blocking.js';
import { notFound } from '../errors.js';
import type { FaultStore } from '../faults.js';
import { serviceNamePattern } from '../schemas.js';
import type { ConfigFaultMode } from '../types.js';
import type { ConfigStore } from './store.js';
import { assertConfigDocument } from './validate.js';

export function configWaitKey(service: string): string {
  return `config:${service}`;
}

export function registerConfigRoutes(app: FastifyInstance, store: ConfigStore, faults: FaultStore, waits: Waits): void {
  app.get('/v1/config', async () => ({ configs: store.list() }));

  const getQuery = { type: 'object', properties: blockingQueryProperties } as const;
  app.get('/v1/config/:service', { schema: { querystring: getQuery } }, async (request, reply) => {
    const { service } = request.params as { service: string };
    const query = parseBlockingQuery(request.query as { index?: number; wait?: string });
    await blockWhileUnchanged(waits, configWaitKey(service), query, store.index(service), reply.raw);
    reply.header('x-scl-index', store.index(service));
    const fault = faults.config(service);
    if (fault !== 'ok') {
      faults.noteConfigInjected(service);
      return sendFaulty(reply, service, fault, store);
    }
    const current = store.get(service);
    if (current === undefined) throw notFound(`no config stored for '${service}': PUT /v1/config/${service} first`);
    return { service, version: current.version, config: current.config };
  });

  const putParams = { type: 'object', properties: { service: { type: 'string', pattern: serviceNamePattern } } } as const;
  app.put('/v1/config/:service', { schema: { params: putParams } }, async (request, reply) => {
    const { service } = request.params as { service: string };
    assertConfigDocument(request.body);
    const result = store.put(service, request.body);
    reply.header('x-scl-index', store.index(service));
    return result;
  });
}

/** The garbage a faulty config server would answer; clients must keep their last good config. */
function sendFaulty(reply: FastifyReply, service: string, fault: Exclude<ConfigFaultMode, 'ok'>, store: ConfigStore): FastifyReply {
  const current = store.get(service);
  const version = current?.version ?? 0;
  reply.code(200).type('application/json');
  switch (fault) {
    case 'empty':
      return reply.send('');
    case 'invalid_json': {
      const whole = JSON.stringify({ service, version, config: current?.config ?? { logLevel: 'info' } });
      return reply.send(whole.slice(0, Math.floor(whole.length / 2)));
    }
    case 'schema_invalid':
      // A would-be next version, so a client cannot skip it as "already applied" without validating.
      return reply.send(JSON.stringify({ service, version: version + 1, config: { logLevel: 'loud' } }));
  }
}
