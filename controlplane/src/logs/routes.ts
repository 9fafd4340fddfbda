// HTTP routes of the log collector: OTLP/HTTP JSON intake (fault-aware), records, stats, clear.
import type { FastifyInstance } from 'fastify';
import type { Waits } from '../blocking.js';
import { ControlPlaneError } from '../errors.js';
import type { FaultStore } from '../faults.js';
import { exportLogsSchema } from '../schemas.js';
import type { LogCollector } from './collector.js';
import { flattenExport } from './otlp.js';

export const LOGS_BODY_LIMIT_BYTES = 5 * 1024 * 1024;
const ACCEPTED = '{"partialSuccess":{}}';

export function registerLogRoutes(app: FastifyInstance, collector: LogCollector, faults: FaultStore, waits: Waits): void {
  app.post('/v1/logs', { bodyLimit: LOGS_BODY_LIMIT_BYTES, schema: { body: exportLogsSchema } }, async (request, reply) => {
    const fault = faults.logs;
    if (fault.mode !== 'ok') faults.noteLogsInjected();
    if (fault.mode === 'reset') {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault.mode === 'status') {
      const injected = new ControlPlaneError(
        'SCL_ERR_CP_FAULT_INJECTED',
        `logs.mode=status is in force (PUT /v1/faults); the records were not stored`,
        undefined,
        fault.status,
      );
      return reply.code(fault.status).send(injected.toBody());
    }
    collector.accept(flattenExport(request.body as { resourceLogs: unknown[] }, new Date().toISOString()));
    // Stored first, answered late: a client that times out and re-sends makes duplicates, as in real life.
    if (fault.mode === 'delay') await waits.until(undefined, fault.delaySeconds * 1000, reply.raw);
    return reply.type('application/json').send(ACCEPTED);
  });

  app.delete('/v1/logs', async () => {
    collector.clear();
    return { cleared: true };
  });

  const recordsQuery = {
    type: 'object',
    properties: {
      service: { type: 'string' },
      instance: { type: 'string' },
      event: { type: 'string' },
      limit: { type: 'integer', minimum: 1, maximum: 100_000, default: 1000 },
    },
  } as const;
  app.get('/v1/logs/records', { schema: { querystring: recordsQuery } }, async (request) => {
    const { limit, ...filter } = request.query as { service?: string; instance?: string; event?: string; limit: number };
    return collector.records(filter, limit);
  });

  const statsQuery = { type: 'object', properties: { service: { type: 'string' } } } as const;
  app.get('/v1/logs/stats', { schema: { querystring: statsQuery } }, async (request) =>
    collector.stats((request.query as { service?: string }).service),
  );
}
