// SIGTERM: in-flight requests finish, the process exits 0, and nothing waits longer than the drain bound.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './support/build.js';
import { call, closeAllFakes, startFake } from './support/http.js';
import { killAll, startService, waitFor } from './support/processes.js';

const ADA = { id: 1, name: 'Ada', email: 'ada@example.org', createdAt: '2026-01-01T00:00:00.000Z' };
const order = { customerId: 1, amountCents: 500, currency: 'EUR' };

describe('graceful shutdown', () => {
  beforeAll(ensureBuilt);
  afterEach(async () => {
    await killAll();
    await closeAllFakes();
  });

  it('SIGTERM under in-flight checkouts lets them complete and exits 0', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const customers = await startFake(async () => {
      await released;
      return { status: 200, body: ADA };
    });
    const payments = await startFake((request) => ({
      status: 201,
      body: { id: 1, ...JSON.parse(request.body), status: 'captured', createdAt: ADA.createdAt },
    }));
    const web = await startService({
      service: 'web',
      mode: 'none',
      env: { SCL_PEERS: `customers=${customers.url},payment=${payments.url}` },
    });

    const inFlight = Array.from({ length: 5 }, () => call(`${web.url}/checkout`, 'POST', order));
    await waitFor('5 checkouts at the customers peer', () => customers.requests.length === 5);
    web.child.kill('SIGTERM');
    // The server has stopped accepting before the peers answer.
    await waitFor('the listener closed', async () => (await fetch(`${web.url}/health`).catch(() => undefined)) === undefined);
    release();

    const answers = await Promise.all(inFlight);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await web.exited).toEqual({ code: 0, signal: null });
  });

  it('a request that never finishes is cut after the 10 s drain bound and the process still exits 0', async () => {
    const customers = await startFake(() => new Promise(() => {}));
    const web = await startService({
      service: 'web',
      mode: 'none',
      env: { SCL_PEERS: `customers=${customers.url},payment=${customers.url}` },
    });
    const stuck = call(`${web.url}/checkout`, 'POST', order).catch((error: Error) => error);
    await waitFor('the checkout at the customers peer', () => customers.requests.length === 1);
    const signalledAt = Date.now();
    web.child.kill('SIGTERM');
    expect(await web.exited).toEqual({ code: 0, signal: null });
    const waitedMillis = Date.now() - signalledAt;
    expect(waitedMillis).toBeGreaterThanOrEqual(9_000);
    expect(await stuck).toBeInstanceOf(Error);
  }, 40_000);
});
