// The web service over real sockets: its pages, and checkout through fake peers, real peers and a fake ambassador.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './support/build.js';
import { call, closeAllFakes, startFake, type FakeHandler } from './support/http.js';
import { freePort, killAll, startService, tempDir } from './support/processes.js';

const ADA = { id: 1, name: 'Ada', email: 'ada@example.org', createdAt: '2026-01-01T00:00:00.000Z' };
const order = { customerId: 1, amountCents: 500, currency: 'EUR' };

/** Fake customers and payment peers; `payment` may be replaced per test. */
async function fakePeers(payment?: FakeHandler) {
  const customers = await startFake((request) =>
    request.url === '/customers/1' ? { status: 200, body: ADA } : { status: 404, body: { error: { code: 'not_found', message: 'no' } } },
  );
  const payments = await startFake(
    payment ??
      ((request) => ({
        status: 201,
        body: { id: 77, ...JSON.parse(request.body), status: 'captured', createdAt: '2026-01-01T00:00:00.000Z' },
      })),
  );
  return { customers, payments, peersEnv: `customers=${customers.url},payment=${payments.url}` };
}

describe('web (mode none)', () => {
  beforeAll(ensureBuilt);
  afterEach(async () => {
    await killAll();
    await closeAllFakes();
  });

  it('serves the home page with the default banner and a self-contained checkout page', async () => {
    const { peersEnv } = await fakePeers();
    const web = await startService({ service: 'web', mode: 'none', env: { SCL_PEERS: peersEnv } });
    const home = await call(`${web.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(home.text).toContain('Welcome to the sidecar-lab shop');
    const page = await call(`${web.url}/checkout`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form');
    expect(page.text).toContain("fetch('/checkout'");
    expect(page.text).not.toMatch(/(src|href)="https?:/);
  });

  it('checks out: looks the customer up, charges with an Idempotency-Key and forwards x-request-id', async () => {
    const { customers, payments, peersEnv } = await fakePeers();
    const web = await startService({ service: 'web', mode: 'none', env: { SCL_PEERS: peersEnv } });
    const answer = await call(`${web.url}/checkout`, 'POST', order, { 'x-request-id': 'checkout-req-1' });
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({ customer: ADA, payment: expect.objectContaining({ id: 77, amountCents: 500 }) });
    expect(customers.requests[0]).toMatchObject({ method: 'GET', url: '/customers/1' });
    expect(customers.requests[0]!.headers['x-request-id']).toBe('checkout-req-1');
    const charge = payments.requests[0]!;
    expect(charge).toMatchObject({ method: 'POST', url: '/payments' });
    expect(JSON.parse(charge.body)).toEqual(order);
    expect(charge.headers['x-request-id']).toBe('checkout-req-1');
    expect(charge.headers['idempotency-key']).toMatch(/^[\x21-\x7E]+$/);

    await call(`${web.url}/checkout`, 'POST', { ...order, idempotencyKey: 'my-key' });
    expect(payments.requests[1]!.headers['idempotency-key']).toBe('my-key');
  });

  it('an unknown customer is 404 naming customerId, and nothing is charged', async () => {
    const { payments, peersEnv } = await fakePeers();
    const web = await startService({ service: 'web', mode: 'none', env: { SCL_PEERS: peersEnv } });
    const answer = await call(`${web.url}/checkout`, 'POST', { ...order, customerId: 2 });
    expect(answer.status).toBe(404);
    expect(answer.json.error).toMatchObject({ code: 'not_found', field: 'customerId' });
    expect(payments.requests).toHaveLength(0);
  });

  it("passes payment's 400 through and turns its 500 into 502 upstream_failed", async () => {
    const refusal = { error: { code: 'validation_failed', message: 'amountCents must be at most 10', field: 'amountCents' } };
    let next = { status: 400, body: refusal as unknown };
    const { peersEnv } = await fakePeers(() => next);
    const web = await startService({ service: 'web', mode: 'none', env: { SCL_PEERS: peersEnv } });
    const refused = await call(`${web.url}/checkout`, 'POST', order);
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual(refusal);

    next = { status: 500, body: 'boom' };
    const failed = await call(`${web.url}/checkout`, 'POST', order);
    expect(failed.status).toBe(502);
    expect(failed.json.error.code).toBe('upstream_failed');
  });

  it('an unreachable peer is 502 upstream_failed', async () => {
    const closedPort = await freePort();
    const peers = `customers=http://127.0.0.1:${closedPort},payment=http://127.0.0.1:${closedPort}`;
    const web = await startService({ service: 'web', mode: 'none', env: { SCL_PEERS: peers } });
    const answer = await call(`${web.url}/checkout`, 'POST', order);
    expect(answer.status).toBe(502);
    expect(answer.json.error.code).toBe('upstream_failed');
  });

  it('refuses a bad checkout body naming the first bad field', async () => {
    const { peersEnv, customers } = await fakePeers();
    const web = await startService({ service: 'web', mode: 'none', env: { SCL_PEERS: peersEnv } });
    const post = (body: unknown) => call(`${web.url}/checkout`, 'POST', body);
    expect((await post({ ...order, customerId: 'x' })).json.error.field).toBe('customerId');
    expect((await post({ ...order, amountCents: -1 })).json.error.field).toBe('amountCents');
    expect((await post({ ...order, currency: 'XYZ' })).json.error.field).toBe('currency');
    expect((await post({ ...order, idempotencyKey: 'has space' })).json.error.field).toBe('idempotencyKey');
    expect((await post('{bad')).json.error.code).toBe('invalid_json');
    expect(customers.requests).toHaveLength(0);
  });

  it('a resubmitted checkout through real customers and payment charges once', async () => {
    const customers = await startService({ service: 'customers', mode: 'none' });
    const payment = await startService({ service: 'payment', mode: 'none' });
    const peers = `customers=${customers.url},payment=${payment.url}`;
    const web = await startService({ service: 'web', mode: 'none', env: { SCL_PEERS: peers } });
    const customer = await call(`${customers.url}/customers`, 'POST', { name: 'Grace', email: 'grace@example.org' });
    const checkout = { customerId: customer.json.id, amountCents: 1500, currency: 'USD', idempotencyKey: 'cart-42' };
    const first = await call(`${web.url}/checkout`, 'POST', checkout);
    const second = await call(`${web.url}/checkout`, 'POST', checkout);
    expect(first.status).toBe(201);
    expect(first.json.customer).toEqual(customer.json);
    expect(second.json.payment).toEqual(first.json.payment);
    const another = await call(`${payment.url}/payments`, 'POST', { customerId: 1, amountCents: 1, currency: 'EUR' });
    expect(another.json.id).toBe(first.json.payment.id + 1);
  });
});

describe('web (mode sidecar)', () => {
  beforeAll(ensureBuilt);
  afterEach(async () => {
    await killAll();
    await closeAllFakes();
  });

  async function startSidecarWeb(ambassador: FakeHandler, banner?: string) {
    const egress = await startFake(ambassador);
    const dir = tempDir();
    const configFile = path.join(dir, 'config.json');
    if (banner !== undefined) writeFileSync(configFile, JSON.stringify({ version: 5, config: { logLevel: 'info', banner } }));
    const web = await startService({
      service: 'web',
      mode: 'sidecar',
      env: { SCL_EGRESS_URL: egress.url, SCL_LOG_FILE: path.join(dir, 'app.log'), SCL_CONFIG_FILE: configFile },
    });
    return { egress, web };
  }

  it('calls peers through the ambassador at /<service>/<path>', async () => {
    const { egress, web } = await startSidecarWeb((request) =>
      request.url.startsWith('/customers/')
        ? { status: 200, body: ADA }
        : { status: 201, body: { id: 5, ...order, status: 'captured', createdAt: ADA.createdAt } },
    );
    const answer = await call(`${web.url}/checkout`, 'POST', order, { 'x-request-id': 'via-ambassador' });
    expect(answer.status).toBe(201);
    expect(egress.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /customers/customers/1',
      'POST /payment/payments',
    ]);
    expect(egress.requests.every((request) => request.headers['x-request-id'] === 'via-ambassador')).toBe(true);
  });

  it('an egress error from the ambassador is 502 upstream_failed', async () => {
    const { web } = await startSidecarWeb(() => ({
      status: 503,
      headers: { 'x-scl-egress-error': 'no_instance' },
      body: { error: { code: 'SCL_ERR_EGRESS_NO_INSTANCE', message: 'none' } },
    }));
    const answer = await call(`${web.url}/checkout`, 'POST', order);
    expect(answer.status).toBe(502);
    expect(answer.json.error.code).toBe('upstream_failed');
  });

  it('shows the banner of the config file, HTML-escaped', async () => {
    const { web } = await startSidecarWeb(() => ({ status: 500 }), '<script>alert("x")</script> & co');
    const home = await call(`${web.url}/`);
    expect(home.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(home.text).not.toContain('<script>alert');
    expect((await call(`${web.url}/health`)).json.configVersion).toBe(5);
  });
});
