// The payment service in mode none, over real sockets: validation, idempotency and durability.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './support/build.js';
import { call, type Answer } from './support/http.js';
import { kill9, killAll, startService, type RunningService } from './support/processes.js';

function expectError(answer: Answer, status: number, code: string, field?: string): void {
  expect(answer.status).toBe(status);
  expect(answer.json.error.code).toBe(code);
  if (field !== undefined) expect(answer.json.error.field).toBe(field);
}

const pay = (service: RunningService, body: unknown, key?: string) =>
  call(`${service.url}/payments`, 'POST', body, key === undefined ? {} : { 'idempotency-key': key });

/** The id the next unkeyed payment gets: how many charges happened so far, as seen from outside. */
async function nextPaymentId(service: RunningService): Promise<number> {
  const answer = await pay(service, { customerId: 1, amountCents: 1, currency: 'EUR' });
  expect(answer.status).toBe(201);
  return answer.json.id;
}

describe('payment (mode none)', () => {
  let payment: RunningService;

  beforeAll(async () => {
    await ensureBuilt();
    payment = await startService({ service: 'payment', mode: 'none' });
  });
  afterAll(killAll);

  it('captures a payment and reads it back by id', async () => {
    const captured = await pay(payment, { customerId: 7, amountCents: 1250, currency: 'EUR' });
    expect(captured.status).toBe(201);
    expect(captured.headers.get('idempotent-replayed')).toBeNull();
    expect(captured.json).toMatchObject({ customerId: 7, amountCents: 1250, currency: 'EUR', status: 'captured' });
    const read = await call(`${payment.url}/payments/${captured.json.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(captured.json);
  });

  it('accepts 10.0 as the integer 10', async () => {
    const answer = await pay(payment, '{"customerId": 1.0, "amountCents": 10.0, "currency": "USD"}');
    expect(answer.status).toBe(201);
    expect(answer.json.amountCents).toBe(10);
    expect(answer.json.customerId).toBe(1);
  });

  it('refuses a non-integer, negative, zero, string or missing amount naming amountCents', async () => {
    for (const amountCents of [10.5, -5, 0, '10', null]) {
      expectError(await pay(payment, { customerId: 1, amountCents, currency: 'EUR' }), 400, 'validation_failed', 'amountCents');
    }
    expectError(await pay(payment, { customerId: 1, currency: 'EUR' }), 400, 'validation_failed', 'amountCents');
  });

  it('refuses an amount above the config maxAmountCents naming amountCents', async () => {
    expectError(await pay(payment, { customerId: 1, amountCents: 1_000_001, currency: 'EUR' }), 400, 'validation_failed', 'amountCents');
    expect((await pay(payment, { customerId: 1, amountCents: 1_000_000, currency: 'EUR' })).status).toBe(201);
  });

  it('refuses an unknown currency, a bad customerId and a bad Idempotency-Key, naming the field', async () => {
    expectError(await pay(payment, { customerId: 1, amountCents: 5, currency: 'JPY' }), 400, 'validation_failed', 'currency');
    expectError(await pay(payment, { customerId: 1, amountCents: 5, currency: 'eur' }), 400, 'validation_failed', 'currency');
    expectError(await pay(payment, { customerId: 0, amountCents: 5, currency: 'EUR' }), 400, 'validation_failed', 'customerId');
    expectError(await pay(payment, { customerId: '1', amountCents: 5, currency: 'EUR' }), 400, 'validation_failed', 'customerId');
    expectError(
      await pay(payment, { customerId: 1, amountCents: 5, currency: 'EUR' }, 'k'.repeat(256)),
      400,
      'validation_failed',
      'Idempotency-Key',
    );
  });

  it('answers malformed JSON, a big body, an unknown id, a non-numeric id and an unknown route', async () => {
    expectError(await pay(payment, '{"customerId":'), 400, 'invalid_json');
    expectError(await pay(payment, { customerId: 1, amountCents: 5, currency: 'EUR', pad: 'x'.repeat(70_000) }), 413, 'payload_too_large');
    expectError(await call(`${payment.url}/payments/987654321`), 404, 'not_found');
    expectError(await call(`${payment.url}/payments/abc`), 400, 'validation_failed', 'id');
    expectError(await call(`${payment.url}/refunds`), 404, 'not_found');
  });

  it('a payment retried with the same key and body charges once and replays the stored answer', async () => {
    const body = { customerId: 3, amountCents: 999, currency: 'GBP' };
    const first = await pay(payment, body, 'retry-key-1');
    const before = await nextPaymentId(payment);
    const again = await pay(payment, { currency: 'GBP', amountCents: 999, customerId: 3 }, 'retry-key-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    expect(await nextPaymentId(payment)).toBe(before + 1);
  });

  it('the same key with a different body is 422 idempotency_key_reused', async () => {
    await pay(payment, { customerId: 3, amountCents: 100, currency: 'EUR' }, 'reused-key');
    expectError(await pay(payment, { customerId: 3, amountCents: 101, currency: 'EUR' }, 'reused-key'), 422, 'idempotency_key_reused');
  });

  it('20 concurrent requests with one key make one payment', async () => {
    const body = { customerId: 4, amountCents: 4242, currency: 'USD' };
    const before = await nextPaymentId(payment);
    const answers = await Promise.all(Array.from({ length: 20 }, () => pay(payment, body, 'concurrent-key')));
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    expect(new Set(answers.map((answer) => answer.json.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await nextPaymentId(payment)).toBe(before + 2);
  });
});

describe('payment durability', () => {
  beforeAll(ensureBuilt);
  afterEach(killAll);

  it('keeps every committed payment and its key across kill -9 and a restart', async () => {
    const first = await startService({ service: 'payment', mode: 'none' });
    const keyed = await pay(first, { customerId: 9, amountCents: 900, currency: 'EUR' }, 'survives-crash');
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => pay(first, { customerId: 9, amountCents: i + 1, currency: 'EUR' })),
    );
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    await kill9(first);

    const second = await startService({ service: 'payment', mode: 'none', dataDir: first.dataDir });
    for (const answer of [keyed, ...answers]) {
      expect((await call(`${second.url}/payments/${answer.json.id}`)).json).toEqual(answer.json);
    }
    const replay = await pay(second, { customerId: 9, amountCents: 900, currency: 'EUR' }, 'survives-crash');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json).toEqual(keyed.json);
  });
});
