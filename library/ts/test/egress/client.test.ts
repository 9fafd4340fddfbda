import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { EgressClient, type EgressSettings } from '../../src/egress/client.js';
import type { Resolution, ServiceInstance } from '../../src/registry/resolver.js';
import { startServer, type Handler, type TestServer } from '../fixtures/http-server.js';

const SETTINGS: EgressSettings = {
  tryTimeoutSeconds: 1,
  maxAttempts: 3,
  backoffBaseSeconds: 0.01,
  backoffMaxSeconds: 0.05,
  retryBudgetRatio: 0.2,
  retryBudgetMinPerSecond: 10,
  retryBudgetWindowSeconds: 10,
  circuitFailureThreshold: 5,
  circuitOpenSeconds: 5,
};

const servers: TestServer[] = [];
const clients: EgressClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Upstream {
  server: TestServer;
  instance: ServiceInstance;
  seen: Array<{ method: string; headers: Record<string, unknown>; body: string }>;
}

async function upstream(id: string, answer: (hit: number) => { status: number; body?: string; delayMillis?: number }): Promise<Upstream> {
  const seen: Upstream['seen'] = [];
  const handler: Handler = async (request, response, body) => {
    seen.push({ method: request.method!, headers: request.headers, body: body.toString() });
    const { status, body: text = `from ${id}`, delayMillis } = answer(seen.length);
    if (delayMillis) await new Promise((resolve) => setTimeout(resolve, delayMillis));
    response.writeHead(status, { 'content-type': 'text/plain', 'x-from': id }).end(text);
  };
  const server = await startServer(handler);
  servers.push(server);
  return { server, seen, instance: { id, service: 'payment', address: '127.0.0.1', port: server.port, status: 'passing' } };
}

async function closedPortInstance(id: string): Promise<ServiceInstance> {
  const server = await startServer(() => undefined);
  await server.close();
  return { id, service: 'payment', address: '127.0.0.1', port: server.port, status: 'passing' };
}

function client(instances: ServiceInstance[] | Resolution, settings: Partial<EgressSettings> = {}, registry?: Registry) {
  const resolution = Array.isArray(instances) ? { known: true, instances } : instances;
  const egress = new EgressClient({
    resolver: { resolve: () => resolution },
    settings: { ...SETTINGS, ...settings },
    random: () => 0,
    registry,
  });
  clients.push(egress);
  return egress;
}

describe('egress retries', () => {
  it('a GET answered 503 is retried on another instance', async () => {
    const a = await upstream('a', () => ({ status: 503 }));
    const b = await upstream('b', () => ({ status: 200 }));
    const response = await client([a.instance, b.instance]).request('payment', { method: 'GET', path: '/payments/1' });
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(2);
    expect(response.body.toString()).toBe('from b');
    expect(a.seen.length + b.seen.length).toBe(2);
  });

  it('a POST without Idempotency-Key is not retried', async () => {
    const a = await upstream('a', () => ({ status: 503 }));
    const response = await client([a.instance]).request('payment', { method: 'POST', path: '/payments', body: '{}' });
    expect(response.status).toBe(503);
    expect(response.attempts).toBe(1);
    expect(response.errorKind).toBeUndefined();
    expect(a.seen).toHaveLength(1);
  });

  it('a POST with Idempotency-Key is retried with the same body', async () => {
    const a = await upstream('a', (hit) => ({ status: hit === 1 ? 502 : 201 }));
    const body = JSON.stringify({ customerId: 1, amountCents: 100 });
    const response = await client([a.instance]).request('payment', {
      method: 'POST',
      path: '/payments',
      headers: { 'Idempotency-Key': 'k-1', 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(201);
    expect(response.attempts).toBe(2);
    expect(a.seen.map((s) => s.body)).toEqual([body, body]);
    expect(a.seen.every((s) => s.headers['idempotency-key'] === 'k-1')).toBe(true);
  });

  it('a 500 is passed through without a retry', async () => {
    const a = await upstream('a', () => ({ status: 500, body: 'broken' }));
    const response = await client([a.instance]).request('payment', { method: 'GET', path: '/x' });
    expect(response.status).toBe(500);
    expect(response.body.toString()).toBe('broken');
    expect(response.headers['x-from']).toBe('a');
    expect(response.attempts).toBe(1);
  });

  it('after the last try a retryable downstream answer is passed through unchanged', async () => {
    const a = await upstream('a', () => ({ status: 503, body: 'busy' }));
    const response = await client([a.instance]).request('payment', { method: 'GET', path: '/x' });
    expect(response.status).toBe(503);
    expect(response.body.toString()).toBe('busy');
    expect(response.errorKind).toBeUndefined();
    expect(response.attempts).toBe(3);
    expect(a.seen).toHaveLength(3);
  });

  it('a try slower than the per-try timeout fails as timeout (504) after every attempt', async () => {
    const a = await upstream('a', () => ({ status: 200, delayMillis: 1000 }));
    const response = await client([a.instance], { tryTimeoutSeconds: 0.1, maxAttempts: 2 }).request('payment', {
      method: 'GET',
      path: '/slow',
    });
    expect(response.status).toBe(504);
    expect(response.errorKind).toBe('timeout');
    expect(response.headers['x-scl-egress-error']).toBe('timeout');
    expect(JSON.parse(response.body.toString()).error.code).toBe('SCL_ERR_EGRESS_TIMEOUT');
    expect(response.attempts).toBe(2);
  });

  it('a refused connection is retried on a live instance', async () => {
    const dead = await closedPortInstance('dead');
    const b = await upstream('b', () => ({ status: 200 }));
    const response = await client([dead, b.instance]).request('payment', { method: 'GET', path: '/x' });
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(2);
  });

  it('an instance refusing connections answers connect_error (502) after the last try', async () => {
    const dead = await closedPortInstance('dead');
    const response = await client([dead]).request('payment', { method: 'GET', path: '/x' });
    expect(response.status).toBe(502);
    expect(response.errorKind).toBe('connect_error');
    expect(JSON.parse(response.body.toString())).toMatchObject({ error: { code: 'SCL_ERR_EGRESS_CONNECT' } });
  });

  it('no retry is sent when the budget is spent', async () => {
    const registry = new Registry();
    const a = await upstream('a', () => ({ status: 503 }));
    const response = await client([a.instance], { retryBudgetRatio: 0, retryBudgetMinPerSecond: 0 }, registry).request('payment', {
      method: 'GET',
      path: '/x',
    });
    expect(response.attempts).toBe(1);
    const text = await registry.metrics();
    expect(text).toContain('scl_egress_retry_budget_exhausted_total{target="payment"} 1');
  });
});

describe('egress errors and discovery', () => {
  it('a name the registry never knew answers unknown_service (502)', async () => {
    const response = await client({ known: false, instances: [] }).request('nosuch', { method: 'GET', path: '/' });
    expect(response).toMatchObject({ status: 502, errorKind: 'unknown_service', attempts: 0 });
    expect(response.headers['x-scl-egress-error']).toBe('unknown_service');
    expect(response.headers['content-type']).toBe('application/json');
  });

  it('a known service without passing instances answers no_instance (503)', async () => {
    const response = await client([]).request('payment', { method: 'GET', path: '/' });
    expect(response).toMatchObject({ status: 503, errorKind: 'no_instance', attempts: 0 });
    expect(JSON.parse(response.body.toString()).error.code).toBe('SCL_ERR_EGRESS_NO_INSTANCE');
  });

  it('when every circuit is open the call answers circuit_open (503) without sending', async () => {
    const registry = new Registry();
    const a = await upstream('a', () => ({ status: 500 }));
    const egress = client([a.instance], { circuitFailureThreshold: 2 }, registry);
    await egress.request('payment', { method: 'GET', path: '/x' });
    await egress.request('payment', { method: 'GET', path: '/x' });
    const response = await egress.request('payment', { method: 'GET', path: '/x' });
    expect(response).toMatchObject({ status: 503, errorKind: 'circuit_open', attempts: 0 });
    expect(a.seen).toHaveLength(2);
    const text = await registry.metrics();
    expect(text).toContain('scl_egress_circuit_opened_total{target="payment"} 1');
    expect(text).toContain('scl_egress_circuit_state{target="payment",instance="a"} 1');
    expect(text).toContain('scl_egress_requests_total{target="payment",method="GET",status="circuit_open"} 1');
    expect(text).toContain('scl_egress_requests_total{target="payment",method="GET",status="500"} 2');
  });

  it('sends the caller headers, drops hop-by-hop ones, and counts retries', async () => {
    const registry = new Registry();
    const a = await upstream('a', (hit) => ({ status: hit === 1 ? 503 : 200 }));
    await client([a.instance], {}, registry).request('payment', {
      method: 'get',
      path: '/x?y=1',
      headers: { 'x-request-id': 'req-7', Connection: 'close', 'X-Custom': 'v' },
    });
    expect(a.seen[0]!.headers['x-request-id']).toBe('req-7');
    expect(a.seen[0]!.headers['x-custom']).toBe('v');
    expect(a.seen[0]!.headers.connection).not.toBe('close');
    const text = await registry.metrics();
    expect(text).toContain('scl_egress_retries_total{target="payment"} 1');
    expect(text).toContain('scl_egress_request_duration_seconds_count{target="payment",method="GET"} 1');
  });
});
