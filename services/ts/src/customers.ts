// The customers service: create, read and list customers stored in SQLite.
import type { FastifyInstance } from 'fastify';
import type { ServiceContext, ServiceModule } from './service-module.js';
import { FALLBACK } from './config-defaults.js';
import { ServiceError } from './http/errors.js';
import { integerParam, objectBody, stringField } from './http/validate.js';
import { CustomersStore } from './store/customers-store.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DEFAULT_PAGE_SIZE = 20;

interface IdParams {
  id: string;
}

interface ListQuery {
  limit?: unknown;
  after?: unknown;
}

export function customersService({ contract, platform }: ServiceContext): ServiceModule {
  const store = new CustomersStore(contract.dataDir);

  function routes(app: FastifyInstance): void {
    app.post('/customers', async (request, reply) => {
      const body = objectBody(request.body);
      const name = stringField(body, 'name', { maxLength: 100, notBlank: true });
      const email = stringField(body, 'email', { maxLength: 254, pattern: EMAIL });
      return reply.code(201).send(store.create(name, email));
    });

    app.get<{ Params: IdParams }>('/customers/:id', async (request) => {
      const id = integerParam(request.params.id, 'id', 1);
      const customer = store.get(id);
      if (customer === undefined) throw new ServiceError('not_found', `no customer with id ${id}`);
      return customer;
    });

    app.get<{ Querystring: ListQuery }>('/customers', async (request) => {
      const pageSizeMax = platform.config().config.pageSizeMax ?? FALLBACK.pageSizeMax;
      const { limit, after } = request.query;
      const defaultSize = Math.min(DEFAULT_PAGE_SIZE, pageSizeMax);
      const pageSize = integerParam(queryValue(limit, 'limit'), 'limit', 1, pageSizeMax, defaultSize);
      const afterId = integerParam(queryValue(after, 'after'), 'after', 0, undefined, 0);
      return store.list(afterId, pageSize);
    });
  }

  return { routes, close: () => store.close() };
}

/** A repeated query parameter (`?limit=1&limit=2`) is as invalid as a malformed one. */
function queryValue(value: unknown, field: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new ServiceError('validation_failed', `${field} must be given once`, field);
}
