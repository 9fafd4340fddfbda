import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLibrary, instrumentFastify, requestIdOf, type Library, type LibraryOptions } from '../src/index.js';
import { defaultSettings, type Settings } from '../src/settings.js';
import { FakeControlPlane } from './fixtures/fake-controlplane.js';
import { startServer, waitFor, type TestServer } from './fixtures/http-server.js';

let plane: FakeControlPlane;
const cleanups: Array<() => Promise<unknown>> = [];
beforeEach(async () => {
  plane = await FakeControlPlane.start();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await plane.close();
});

const FAST: Settings = {
  ...defaultSettings(),
  'logs.flushIntervalSeconds': 0.02,
  'registry.heartbeatIntervalSeconds': 0.05,
  'config.waitSeconds': 2,
  'config.retryBackoffSeconds': 0.05,
};

function library(overrides: Partial<LibraryOptions> = {}): Library {
  const created = createLibrary({
    service: 'web',
    instanceId: 'web-1',
    controlplaneUrl: plane.url,
    advertise: { address: '127.0.0.1', port: 7100 },
    settings: FAST,
    configDefaults: { logLevel: 'info', banner: 'built-in' },
    ...overrides,
  });
  cleanups.push(() => created.stop());
  return created;
}

async function serve(lib: Library): Promise<{ app: FastifyInstance; url: string; port: number }> {
  const app = Fastify();
  instrumentFastify(app, lib);
  app.get('/customers/:id', async (request) => {
    lib.log.log('debug', 'customer.read', 'read a customer', { customer_id: Number((request.params as { id: string }).id) });
    return { id: 1 };
  });
  app.get('/call', async (request) => {
    const answer = await lib.egress.request('customers', {
      method: 'GET',
      path: '/echo',
      headers: { 'x-request-id': requestIdOf(request) },
    });
    return { status: answer.status, body: answer.body.toString() };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.close());
  const port = (app.server.address() as AddressInfo).port;
  return { app, url: `http://127.0.0.1:${port}`, port };
}

async function upstream(): Promise<TestServer> {
  const server = await startServer(
    (request, response) => void response.writeHead(200).end(`echo ${String(request.headers['x-request-id'])}`),
  );
  cleanups.push(() => server.close());
  return server;
}

describe('createLibrary with every feature', () => {
  it('composes the features in the start order of the spec', () => {
    expect(library().features.map((f) => f.name)).toEqual(['config', 'metrics', 'logs', 'registry', 'egress']);
  });

  it('runs the five features against the control plane for one app', async () => {
    plane.putConfig('web', { logLevel: 'debug', banner: 'stored' });
    const lib = library();
    const { url } = await serve(lib);
    const customers = await upstream();
    plane.addInstance({ id: 'customers-1', service: 'customers', address: '127.0.0.1', port: customers.port });
    await lib.start();

    // config: the stored version is in use, and the logger follows its logLevel (debug)
    expect(lib.config()).toEqual({ version: 1, config: { logLevel: 'debug', banner: 'stored' } });
    // registry
    expect(plane.instances.get('web-1')).toMatchObject({ service: 'web', port: 7100, status: 'passing' });

    const response = await fetch(`${url}/customers/7`, { headers: { 'x-request-id': 'req-1' } });
    expect(response.status).toBe(200);
    const call = await (await fetch(`${url}/call`, { headers: { 'x-request-id': 'req-2' } })).json();
    expect(call).toEqual({ status: 200, body: 'echo req-2' });
    lib.metrics.count('checkouts_total', 1, { result: 'ok' });

    // logs: the debug record and the access records reach the collector
    await waitFor(() => plane.logRecords().filter(isAccessRecord).length === 2, 'two access records');
    const access = plane.logRecords().find(isAccessRecord)!;
    expect(attributes(access)).toMatchObject({
      event: 'http.request',
      request_id: 'req-1',
      http_route: '/customers/{id}',
      http_method: 'GET',
      http_status: '200',
    });
    expect(plane.logRecords().some((r) => attributes(r).event === 'customer.read')).toBe(true);
    expect(plane.logRequests[0]!.resourceLogs[0]!.resource).toEqual({
      attributes: [
        { key: 'service.name', value: { stringValue: 'web' } },
        { key: 'service.instance.id', value: { stringValue: 'web-1' } },
        { key: 'scl.mode', value: { stringValue: 'library' } },
        { key: 'scl.lang', value: { stringValue: 'ts' } },
      ],
    });

    // metrics
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain('scl_http_server_requests_total{route="/customers/{id}",method="GET",status="200"} 1');
    expect(text).toContain('scl_egress_requests_total{target="customers",method="GET",status="200"} 1');
    expect(text).toContain('scl_business_checkouts_total{result="ok"} 1');
    expect(text).toContain('scl_config_version 1');
    expect(text).toContain('scl_registry_registered 1');
    expect(text).not.toContain('route="/metrics"');

    // stop: deregistered, and idempotent
    await Promise.all([lib.stop(), lib.stop()]);
    expect(plane.instances.has('web-1')).toBe(false);
  });

  it('a config change sets the log level without a restart', async () => {
    plane.putConfig('web', { logLevel: 'info' });
    const lib = library();
    await lib.start();
    lib.log.log('debug', 'test.hidden', 'below info');
    plane.putConfig('web', { logLevel: 'debug' });
    await waitFor(() => lib.config().version === 2, 'version 2');
    lib.log.log('debug', 'test.shown', 'now written');
    await waitFor(() => plane.logRecords().some((r) => attributes(r).event === 'test.shown'), 'the debug record');
    const events = plane.logRecords().map((r) => attributes(r));
    expect(events.some((a) => a.event === 'test.hidden')).toBe(false);
    expect(events.find((a) => a.event === 'test.shown')!.seq).toBe('1');
  });

  it('stop flushes the logs queued just before', async () => {
    const lib = library({ settings: { ...FAST, 'logs.flushIntervalSeconds': 30 } });
    await lib.start();
    for (let i = 0; i < 5; i++) lib.log.log('info', 'test.burst', `record ${i}`);
    await lib.stop();
    expect(plane.logRecords().filter((r) => attributes(r).event === 'test.burst')).toHaveLength(5);
  });
});

describe('createLibrary with features disabled', () => {
  it('composes only the enabled features and leaves cheap stand-ins for the rest', async () => {
    const lib = library({ features: ['metrics'] });
    expect(lib.features.map((f) => f.name)).toEqual(['metrics']);
    await lib.start();
    lib.log.log('error', 'test.silent', 'goes nowhere');
    lib.metrics.count('anything_total', 1);
    expect(lib.config()).toEqual({ version: 0, config: { logLevel: 'info', banner: 'built-in' } });
    const answer = await lib.egress.request('customers', { method: 'GET', path: '/' });
    expect(answer).toMatchObject({ status: 503, errorKind: 'no_instance', attempts: 0 });
    const exposition = await lib.scrape();
    expect(exposition?.body).toContain('scl_business_anything_total 1');
    expect(exposition?.body).not.toContain('scl_logs_');
    expect(exposition?.body).not.toContain('scl_registry_');
    await lib.stop();
    expect(plane.calls).toEqual([]);
  });

  it('with metrics disabled, scrape() is undefined and business counts are ignored', async () => {
    const lib = library({ features: ['logs'] });
    expect(await lib.scrape()).toBeUndefined();
    expect(() => lib.metrics.count('Bad name', -1)).not.toThrow();
  });

  it('starts on defaults when the control plane is down', async () => {
    const gone = await startServer(() => undefined);
    await gone.close();
    const lib = library({ controlplaneUrl: gone.url });
    await lib.start();
    expect(lib.config().version).toBe(0);
    const answer = await lib.egress.request('customers', { method: 'GET', path: '/' });
    expect(answer.errorKind).toBe('no_instance');
  });
});

function attributes(record: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of record.attributes as Array<{ key: string; value: Record<string, string | number | boolean> }>) {
    out[key] = Object.values(value)[0]!;
  }
  return out;
}

function isAccessRecord(record: Record<string, unknown>): boolean {
  return attributes(record).event === 'http.request';
}
