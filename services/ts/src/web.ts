// The web service: HTML pages and a checkout that looks the customer up and charges through the peers.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServiceContext, ServiceModule } from './service-module.js';
import { FALLBACK } from './config-defaults.js';
import { ServiceError } from './http/errors.js';
import { enumField, idempotencyKey, integerField, objectBody } from './http/validate.js';
import type { Platform, PeerResponse } from './platform/platform.js';
import { CHECKOUT_PAGE, homePage } from './web-pages.js';

const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
const HTML = 'text/html; charset=utf-8';

/** Label of `checkouts_total{outcome}`. */
type Outcome = 'paid' | 'invalid' | 'unknown_customer' | 'payment_rejected' | 'upstream_failed';

interface Order {
  customerId: number;
  amountCents: number;
  currency: (typeof CURRENCIES)[number];
  idempotencyKey: string;
}

export function webService({ platform }: ServiceContext): ServiceModule {
  // The home page changes only with the config, so it is rendered once per version.
  let home = { version: -1, html: '' };

  function routes(app: FastifyInstance): void {
    app.get('/', async (_request, reply) => {
      const { version, config } = platform.config();
      if (home.version !== version) home = { version, html: homePage(config.banner ?? FALLBACK.banner) };
      return reply.type(HTML).send(home.html);
    });

    app.get('/checkout', async (_request, reply) => reply.type(HTML).send(CHECKOUT_PAGE));

    app.post('/checkout', async (request, reply) => {
      let outcome: Outcome = 'invalid';
      try {
        outcome = await checkout(platform, readOrder(request.body), request.id, reply);
      } finally {
        platform.count('checkouts_total', 1, { outcome });
      }
      return reply;
    });
  }

  return { routes, close() {} };
}

function readOrder(body: unknown): Order {
  const fields = objectBody(body);
  return {
    customerId: integerField(fields, 'customerId'),
    amountCents: integerField(fields, 'amountCents'),
    currency: enumField(fields, 'currency', CURRENCIES),
    idempotencyKey: idempotencyKey(fields.idempotencyKey, 'idempotencyKey') ?? randomUUID(),
  };
}

/** Sends the answer and says how the checkout ended. */
async function checkout(platform: Platform, order: Order, requestId: string, reply: FastifyReply): Promise<Outcome> {
  const found = await platform.callPeer('customers', {
    method: 'GET',
    path: `/customers/${order.customerId}`,
    headers: { 'x-request-id': requestId },
  });
  if (found.status === 404 && found.errorKind === undefined) {
    reply.code(404).send(new ServiceError('not_found', `no customer with id ${order.customerId}`, 'customerId').toBody());
    return 'unknown_customer';
  }
  const customer = found.status === 200 ? answerJson(found) : undefined;
  if (customer === undefined) return upstreamFailed(reply, 'customers', found);

  const paid = await platform.callPeer('payment', {
    method: 'POST',
    path: '/payments',
    headers: { 'x-request-id': requestId, 'content-type': 'application/json', 'idempotency-key': order.idempotencyKey },
    body: JSON.stringify({ customerId: order.customerId, amountCents: order.amountCents, currency: order.currency }),
  });
  if ((paid.status === 400 || paid.status === 422) && paid.errorKind === undefined) {
    // payment's own refusal (amount too large, key reused) is the client's to fix: passed through.
    reply.code(paid.status).type('application/json').send(paid.body);
    return 'payment_rejected';
  }
  const payment = paid.status === 201 ? answerJson(paid) : undefined;
  if (payment === undefined) return upstreamFailed(reply, 'payment', paid);
  reply.code(201).send({ customer, payment });
  return 'paid';
}

function upstreamFailed(reply: FastifyReply, service: string, answer: PeerResponse): Outcome {
  const why = answer.errorKind ?? `status ${answer.status}`;
  reply.code(502).send(new ServiceError('upstream_failed', `${service} failed: ${why}`).toBody());
  return 'upstream_failed';
}

/** A peer's JSON object, or undefined when its body is not one. */
function answerJson(answer: PeerResponse): object | undefined {
  try {
    const value: unknown = JSON.parse(answer.body.toString('utf8'));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
