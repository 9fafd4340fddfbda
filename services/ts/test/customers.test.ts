// The customers service in mode none, over real sockets: its API, its error answers and its durability.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './support/build.js';
import { call, type Answer } from './support/http.js';
import { kill9, killAll, startService, type RunningService } from './support/processes.js';

function expectError(answer: Answer, status: number, code: string, field?: string): void {
  expect(answer.status).toBe(status);
  expect(answer.json.error.code).toBe(code);
  expect(typeof answer.json.error.message).toBe('string');
  if (field !== undefined) expect(answer.json.error.field).toBe(field);
}

describe('customers (mode none)', () => {
  let customers: RunningService;

  beforeAll(async () => {
    await ensureBuilt();
    customers = await startService({ service: 'customers', mode: 'none' });
  });
  afterAll(killAll);

  it('creates a customer and reads it back by id', async () => {
    const created = await call(`${customers.url}/customers`, 'POST', { name: 'Ada Lovelace', email: 'ada@example.org' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.org' });
    expect(created.json.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const read = await call(`${customers.url}/customers/${created.json.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(created.json);
  });

  it('lists customers a page at a time with nextAfter, null on the last page', async () => {
    for (let i = 0; i < 3; i++) await call(`${customers.url}/customers`, 'POST', { name: `page ${i}`, email: `p${i}@example.org` });
    const all = await call(`${customers.url}/customers?limit=100`);
    const ids: number[] = all.json.items.map((customer: { id: number }) => customer.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(all.json.nextAfter).toBeNull();

    const first = await call(`${customers.url}/customers?limit=2`);
    expect(first.json.items.map((c: { id: number }) => c.id)).toEqual(ids.slice(0, 2));
    expect(first.json.nextAfter).toBe(ids[1]);
    const rest = await call(`${customers.url}/customers?limit=100&after=${first.json.nextAfter}`);
    expect(rest.json.items.map((c: { id: number }) => c.id)).toEqual(ids.slice(2));
  });

  it('refuses a limit above the config pageSizeMax, zero, or not a number', async () => {
    expectError(await call(`${customers.url}/customers?limit=101`), 400, 'validation_failed', 'limit');
    expectError(await call(`${customers.url}/customers?limit=0`), 400, 'validation_failed', 'limit');
    expectError(await call(`${customers.url}/customers?limit=ten`), 400, 'validation_failed', 'limit');
    expectError(await call(`${customers.url}/customers?after=-1`), 400, 'validation_failed', 'after');
  });

  it('refuses a blank name, a bad email and a missing field, naming the field', async () => {
    const post = (body: unknown) => call(`${customers.url}/customers`, 'POST', body);
    expectError(await post({ name: '   ', email: 'a@b.co' }), 400, 'validation_failed', 'name');
    expectError(await post({ name: 'x'.repeat(101), email: 'a@b.co' }), 400, 'validation_failed', 'name');
    expectError(await post({ name: 42, email: 'a@b.co' }), 400, 'validation_failed', 'name');
    expectError(await post({ name: 'Ann', email: 'not-an-email' }), 400, 'validation_failed', 'email');
    expectError(await post({ name: 'Ann', email: 'a b@c.de' }), 400, 'validation_failed', 'email');
    expectError(await post({ name: 'Ann' }), 400, 'validation_failed', 'email');
    expectError(await post({ email: 'a@b.co', name: '' }), 400, 'validation_failed', 'name');
    expectError(await post([{ name: 'Ann', email: 'a@b.co' }]), 400, 'validation_failed');
  });

  it('answers malformed JSON with 400 invalid_json and a body over 64 KiB with 413', async () => {
    expectError(await call(`${customers.url}/customers`, 'POST', '{"name": "Ann",'), 400, 'invalid_json');
    const big = JSON.stringify({ name: 'Ann', email: 'a@b.co', padding: 'x'.repeat(70_000) });
    expectError(await call(`${customers.url}/customers`, 'POST', big), 413, 'payload_too_large');
  });

  it('answers 404 for an unknown id, 400 for a non-numeric or zero id, 404 for an unknown route, 405 for another method', async () => {
    expectError(await call(`${customers.url}/customers/999999`), 404, 'not_found');
    expectError(await call(`${customers.url}/customers/abc`), 400, 'validation_failed', 'id');
    expectError(await call(`${customers.url}/customers/0`), 400, 'validation_failed', 'id');
    expectError(await call(`${customers.url}/customers/1.5`), 400, 'validation_failed', 'id');
    expectError(await call(`${customers.url}/no/such/route`), 404, 'not_found');
    expectError(await call(`${customers.url}/customers/00999999`), 404, 'not_found');
    const otherMethod = await call(`${customers.url}/customers`, 'DELETE');
    expectError(otherMethod, 405, 'method_not_allowed');
    expect(otherMethod.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('echoes a given x-request-id and makes one up when none is given', async () => {
    const given = await call(`${customers.url}/customers/1`, 'GET', undefined, { 'x-request-id': 'req-abc-1' });
    expect(given.headers.get('x-request-id')).toBe('req-abc-1');
    const made = await call(`${customers.url}/customers/1`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers /health with configVersion 0 on built-in defaults', async () => {
    const health = await call(`${customers.url}/health`);
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok', configVersion: 0 });
  });
});

describe('customers durability', () => {
  beforeAll(ensureBuilt);
  afterEach(killAll);

  it('keeps every committed customer across kill -9 and a restart on the same data dir', async () => {
    const first = await startService({ service: 'customers', mode: 'none' });
    const created: unknown[] = [];
    for (let i = 0; i < 50; i++) {
      const answer = await call(`${first.url}/customers`, 'POST', { name: `durable ${i}`, email: `d${i}@example.org` });
      expect(answer.status).toBe(201);
      created.push(answer.json);
    }
    expect((await kill9(first)).signal).toBe('SIGKILL');

    const second = await startService({ service: 'customers', mode: 'none', dataDir: first.dataDir });
    const page = await call(`${second.url}/customers?limit=100`);
    expect(page.json.items).toEqual(created);
  });
});
