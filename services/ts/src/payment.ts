// The payment service: capture payments idempotently by Idempotency-Key, and read them back.
import type { FastifyInstance } from 'fastify';
import type { ServiceContext, ServiceModule } from './service-module.js';
import { FALLBACK } from './config-defaults.js';
import { ServiceError } from './http/errors.js';
import { enumField, idempotencyKey, integerField, integerParam, invalid, objectBody } from './http/validate.js';
import { PaymentsStore, type Currency, type PaymentRequest } from './store/payments-store.js';

export const CURRENCIES: readonly Currency[] = ['EUR', 'USD', 'GBP'];

interface IdParams {
  id: string;
}

export function paymentService({ contract, platform }: ServiceContext): ServiceModule {
  const store = new PaymentsStore(contract.dataDir);

  function readPayment(body: unknown): PaymentRequest {
    const fields = objectBody(body);
    const customerId = integerField(fields, 'customerId');
    const amountCents = integerField(fields, 'amountCents');
    const maxAmountCents = platform.config().config.maxAmountCents ?? FALLBACK.maxAmountCents;
    if (amountCents > maxAmountCents) throw invalid('amountCents', `must be at most ${maxAmountCents}`);
    const currency = enumField(fields, 'currency', CURRENCIES);
    return { customerId, amountCents, currency };
  }

  function routes(app: FastifyInstance): void {
    app.post('/payments', async (request, reply) => {
      const key = idempotencyKey(request.headers['idempotency-key'], 'Idempotency-Key');
      const result = store.capture(readPayment(request.body), key);
      if (result.outcome === 'key_reused') throw new ServiceError('idempotency_key_reused');
      const { payment } = result;
      if (result.outcome === 'replayed') return reply.code(201).header('idempotent-replayed', 'true').send(payment);
      platform.count('payments_total', 1, { currency: payment.currency });
      platform.count('payment_amount_cents_total', payment.amountCents, { currency: payment.currency });
      platform.log('info', 'payment.captured', `payment ${payment.id} captured`, {
        request_id: request.id,
        payment_id: payment.id,
        customer_id: payment.customerId,
        amount_cents: payment.amountCents,
        currency: payment.currency,
      });
      return reply.code(201).send(payment);
    });

    app.get<{ Params: IdParams }>('/payments/:id', async (request) => {
      const id = integerParam(request.params.id, 'id', 1);
      const payment = store.get(id);
      if (payment === undefined) throw new ServiceError('not_found', `no payment with id ${id}`);
      return payment;
    });
  }

  return { routes, close: () => store.close() };
}
