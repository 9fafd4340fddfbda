import { afterEach, describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../src/suite.js';
import { FakeUpstream } from '../src/upstreams.js';

let fake: FakeUpstream | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function get(port: number, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/customers/1`, { headers });
  return { status: response.status, body: await response.text() };
}

describe('a fake upstream', () => {
  it('answers each instance from the script in order and repeats the last answer', async () => {
    fake = new FakeUpstream('customers', [{ status: 503 }, { status: 200, body: { id: 1 } }]);
    await fake.start(2);
    const [first, second] = fake.ports as [number, number];
    expect((await get(first)).status).toBe(503);
    expect(await get(first)).toEqual({ status: 200, body: '{"id":1}' });
    expect((await get(first)).status).toBe(200);
    expect((await get(second)).status).toBe(503);
    expect([fake.receivedBy(0), fake.receivedBy(1)]).toEqual([3, 1]);
  });

  it('records the headers of every request and restarts a new script from its start', async () => {
    fake = new FakeUpstream('payment', [{ status: 500 }]);
    await fake.start(1);
    const [port] = fake.ports as [number];
    await get(port, { 'x-request-id': 'r-1' });
    fake.setScript([{ status: 201, body: 'created', headers: { 'x-fake': 'yes' } }]);
    const answer = await fetch(`http://127.0.0.1:${port}/payments`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-fake')).toBe('yes');
    expect(await answer.text()).toBe('created');
    expect(fake.received.map((request) => [request.method, request.path, request.headers['x-request-id']])).toEqual([
      ['GET', '/customers/1', 'r-1'],
      ['POST', '/payments', undefined],
    ]);
    expect(fake.received[1]?.body).toBe('{}');
  });

  it('waits delaySeconds before answering', async () => {
    fake = new FakeUpstream('slow', [{ status: 200, delaySeconds: 0.3 }]);
    await fake.start(1);
    const startedAt = Date.now();
    await get(fake.ports[0] as number);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
  });

  it('when down, has ports where nothing listens', async () => {
    fake = new FakeUpstream('gone', []);
    await fake.start(1, true);
    await expect(get(fake.ports[0] as number)).rejects.toThrow();
  });
});

describe('bounded concurrency', () => {
  it('never runs more than the limit at once and keeps the input order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n * 5));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});
