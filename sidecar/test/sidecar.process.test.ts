// The sidecar as a process, over real sockets: ingress, readiness, admin, local API (HTTP, gRPC, Unix socket), egress, registry, SIGTERM.
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import { fromRoot } from '../../scripts/orchestration/paths.js';
import { spawnProcess, stopAll } from '../../scripts/orchestration/processes.js';
import {
  eventually,
  metricValue,
  newRunDir,
  requireBuilt,
  scrape,
  SIDECAR_MAIN,
  startControlPlane,
  startFakeApp,
  startSidecar,
  type FakeApp,
  type RunningControlPlane,
  type SidecarHandle,
} from './support/topology.js';

const runDir = newRunDir();
let controlplane: RunningControlPlane;
let cp: ControlPlaneClient;
let app: FakeApp;
let sidecar: SidecarHandle;

beforeAll(async () => {
  requireBuilt();
  controlplane = await startControlPlane({ runDir });
  cp = new ControlPlaneClient(controlplane.url);
  app = await startFakeApp({ runDir });
  await app.control('health', { ok: false });
  sidecar = await startSidecar({
    controlplaneUrl: controlplane.url,
    runDir,
    appPort: app.port,
    waitFor: 'live',
    settings: {
      'registry.healthCheckIntervalSeconds': 0.2,
      'registry.healthCheckTimeoutSeconds': 0.2,
      'registry.healthCheckFailureThreshold': 3,
    },
    extraArgs: [
      '--admin-socket',
      join(runDir, 'admin.sock'),
      '--api-socket',
      join(runDir, 'api.sock'),
      '--grpc-socket',
      join(runDir, 'grpc.sock'),
    ],
  });
});

afterAll(() => stopAll({ signal: 'SIGKILL' }));

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await request(url, { headers });
  return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
}

async function registered(): Promise<boolean> {
  return (await cp.instances('customers', { passing: true })).instances.some((i) => i.id === 'customers-1');
}

describe('readiness and ingress', () => {
  it('ingress answers 503 and /ready names what is missing while the app is not healthy', async () => {
    const answer = await get(`${sidecar.publicUrl}/customers/1`);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body).error.code).toBe('SCL_ERR_SIDECAR_NOT_READY');
    const ready = await get(`${sidecar.adminUrl}/ready`);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'not_ready', app: false, registered: false });
    expect((await get(`${sidecar.adminUrl}/live`)).status).toBe(200);
    expect(await registered()).toBe(false);
  });

  it('once the app is healthy the config file is written, the app registered at the public port, and /ready answers 200', async () => {
    await app.control('health', { ok: true });
    await eventually('/ready', async () => (await get(`${sidecar.adminUrl}/ready`)).status === 200);
    expect(JSON.parse((await get(`${sidecar.adminUrl}/ready`)).body)).toEqual({
      status: 'ready',
      app: true,
      config: true,
      registered: true,
    });
    const { instances } = await cp.instances('customers', { passing: true });
    expect(instances).toEqual([expect.objectContaining({ id: 'customers-1', address: '127.0.0.1', port: sidecar.ports.public })]);
  });

  it('a request without an id reaches the app with a new one, which the client sees too; hop-by-hop headers stay behind', async () => {
    // node's client, which sends a Connection header as given (undici does not).
    const answer = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
      httpGet(
        `${sidecar.publicUrl}/customers/7?x=1`,
        { headers: { 'x-secret-hop': 'no', connection: 'x-secret-hop', 'x-kept': 'yes' } },
        (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
        },
      ).on('error', reject);
    });
    expect(answer.status).toBe(200);
    const seen = JSON.parse(answer.body) as { url: string; headers: Record<string, string> };
    expect(seen.url).toBe('/customers/7?x=1');
    expect(seen.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['x-request-id']).toBe(seen.headers['x-request-id']);
    expect(seen.headers['x-kept']).toBe('yes');
    expect(seen.headers['x-secret-hop']).toBeUndefined();
  });

  it("a client's request id is the one the app gets", async () => {
    const answer = await get(`${sidecar.publicUrl}/customers/7`, { 'x-request-id': 'client-id-1' });
    expect(JSON.parse(answer.body).headers['x-request-id']).toBe('client-id-1');
  });

  it('a request body is streamed to the app whole', async () => {
    const body = Buffer.alloc(1024 * 1024, 'b');
    const response = await request(`${sidecar.publicUrl}/customers`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(JSON.parse(await response.body.text()).bodyBytes).toBe(body.length);
  });

  it('requests are counted by route template, method and status; /health is not', async () => {
    for (const path of ['/customers/1', '/customers/2', '/nothing', '/health']) await get(`${sidecar.publicUrl}${path}`);
    const text = await scrape(sidecar);
    expect(
      metricValue(text, 'scl_http_server_requests_total', { route: '/customers/{id}', method: 'GET', status: '200' }),
    ).toBeGreaterThanOrEqual(2);
    expect(metricValue(text, 'scl_http_server_requests_total', { route: 'other', method: 'GET', status: '200' })).toBe(1);
    expect(text).not.toContain('route="/health"');
    expect(
      metricValue(text, 'scl_http_server_request_duration_seconds_count', { route: '/customers/{id}', method: 'GET' }),
    ).toBeGreaterThanOrEqual(2);
    expect(metricValue(text, 'scl_app_resident_memory_bytes')).toBeGreaterThan(5_000_000);
    expect(metricValue(text, 'scl_app_open_fds')).toBeGreaterThan(3);
  });
});

describe('the local API', () => {
  it('over HTTP: a business counter, an event, the config, a resolve', async () => {
    const post = (path: string, body: unknown) =>
      request(`${sidecar.apiUrl}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect((await post('/v1/metrics', { name: 'orders_total', value: 3, labels: { kind: 'web' } })).statusCode).toBe(204);
    const bad = await post('/v1/metrics', { name: 'orders', value: 1 });
    expect(bad.statusCode).toBe(400);
    expect((await bad.body.json()) as object).toMatchObject({ error: { code: 'validation_failed', field: 'name' } });
    const event = await post('/v1/events', { level: 'warn', event: 'api.test', msg: 'from the API' });
    expect(event.statusCode).toBe(202);
    expect(metricValue(await scrape(sidecar), 'scl_business_orders_total', { kind: 'web' })).toBe(3);
    expect(JSON.parse((await get(`${sidecar.apiUrl}/v1/config`)).body)).toEqual({
      version: 1,
      config: { logLevel: 'info', pageSizeMax: 100 },
    });
    expect(JSON.parse((await get(`${sidecar.apiUrl}/v1/services/customers`)).body)).toMatchObject({
      known: true,
      instances: [{ id: 'customers-1' }],
    });
    await eventually('the event at the collector', async () => (await cp.logRecords({ event: 'api.test' })).records.length === 1);
  });

  it('over gRPC (spec/sidecar.proto), on loopback and on the Unix socket', async () => {
    const definition = protoLoader.loadSync(fromRoot('spec', 'sidecar.proto'), {
      keepCase: true,
      defaults: true,
      oneofs: true,
      longs: Number,
    });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      scl: { sidecar: { v1: { Sidecar: grpc.ServiceClientConstructor } } };
    };
    const Sidecar = loaded.scl.sidecar.v1.Sidecar;
    type Unary = (body: unknown, callback: (error: Error | null, answer: Record<string, unknown>) => void) => void;
    for (const address of [`127.0.0.1:${sidecar.ports.grpc}`, `unix:${join(runDir, 'grpc.sock')}`]) {
      const client = new Sidecar(address, grpc.credentials.createInsecure());
      // The generated client's methods are named by the .proto at run time, so they are looked up by name.
      const methods = client as unknown as Record<string, Unary>;
      const call = (method: string, body: unknown) =>
        new Promise<Record<string, unknown>>((resolve, reject) =>
          methods[method]!(body, (error, answer) => (error ? reject(error) : resolve(answer))),
        );
      try {
        await call('RecordMetric', { name: 'grpc_calls_total', value: 1, labels: {} });
        await expect(call('RecordMetric', { name: 'bad', value: 1 })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
        expect(await call('EmitEvent', { level: 'info', event: 'grpc.test', msg: 'hi', fields: { n: { number_value: 2 } } })).toEqual({
          queued: true,
        });
        const config = await call('GetConfig', {});
        expect({ version: config.version, config: JSON.parse(config.config_json as string) }).toEqual({
          version: 1,
          config: { logLevel: 'info', pageSizeMax: 100 },
        });
        expect(await call('ResolveService', { service: 'nobody' })).toEqual({ service: 'nobody', known: false, instances: [] });
      } finally {
        client.close();
      }
    }
    expect(metricValue(await scrape(sidecar), 'scl_business_grpc_calls_total')).toBe(2);
  });

  it('over the Unix sockets: the HTTP API and the admin endpoint', async () => {
    const viaSocket = async (socket: string, path: string) => {
      const { Client } = await import('undici');
      const client = new Client('http://localhost', { socketPath: join(runDir, socket) });
      try {
        const response = await client.request({ path, method: 'GET' });
        return { status: response.statusCode, body: await response.body.text() };
      } finally {
        await client.close();
      }
    };
    expect(JSON.parse((await viaSocket('api.sock', '/v1/config')).body).version).toBe(1);
    expect((await viaSocket('admin.sock', '/ready')).status).toBe(200);
  });
});

describe('only loopback', () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal)?.address;

  it.skipIf(external === undefined)("admin, the local APIs and egress refuse connections on the host's other address", async () => {
    const refused = (port: number) =>
      new Promise<string>((resolve) => {
        const socket = connect({ host: external!, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
    for (const port of [sidecar.ports.admin, sidecar.ports.api, sidecar.ports.grpc, sidecar.ports.egress]) {
      expect(await refused(port)).toBe('ECONNREFUSED');
    }
    // The same ports answer on loopback.
    expect((await get(`${sidecar.adminUrl}/live`)).status).toBe(200);
  });
});

describe('egress', () => {
  it('a registered service is called through the ambassador', async () => {
    const answer = await get(`${sidecar.egressUrl}/customers/customers/9`, { 'x-request-id': 'out-1' });
    expect(answer.status).toBe(200);
    // The call went out through customers' own ingress, to the fake app.
    expect(JSON.parse(answer.body)).toMatchObject({ url: '/customers/9', headers: { 'x-request-id': 'out-1' } });
  });

  it('a name never registered is refused with 502 unknown_service, and nothing is proxied', async () => {
    for (const path of ['/nobody/x', '/127.0.0.1:80/x', '/http:%2F%2Fexample.com/x']) {
      const answer = await get(`${sidecar.egressUrl}${path}`);
      expect(answer.status).toBe(502);
      expect(answer.headers['x-scl-egress-error']).toBe('unknown_service');
      expect(JSON.parse(answer.body).error.code).toBe('SCL_ERR_EGRESS_UNKNOWN_SERVICE');
    }
  });
});

describe('registry', () => {
  it('an app whose /health fails is deregistered within interval x threshold, and registered again once healthy', async () => {
    await eventually('registered', registered);
    const failedAt = Date.now();
    await app.control('health', { ok: false });
    await eventually('deregistered', async () => !(await registered()), 10);
    // 3 checks 0.2 s apart, each up to 0.2 s: well under 2 s, even on a busy machine.
    expect(Date.now() - failedAt).toBeLessThan(3000);
    expect((await get(`${sidecar.adminUrl}/ready`)).status).toBe(503);
    await app.control('health', { ok: true });
    await eventually('registered again', registered, 10);
  });
});

describe('the command line and SIGTERM', () => {
  it('a bad flag value exits 2 with SCL_ERR_BAD_FLAG naming the flag', async () => {
    const child = spawnProcess({
      name: 'bad-flags',
      command: process.execPath,
      args: [SIDECAR_MAIN, '--service', 'customers', '--instance-id', 'c-1', '--public-port', 'many'],
      logFile: join(runDir, 'bad-flags.log'),
    });
    const exit = await child.exited;
    expect(exit.exitCode).toBe(2);
    expect(child.tail()).toContain('SCL_ERR_BAD_FLAG: --public-port="many" is invalid; valid values: an integer from 1 to 65535');
  });

  it('SIGTERM deregisters the app, stops ingress and exits 0', async () => {
    await eventually('registered', registered);
    await sidecar.stop('SIGTERM');
    expect(sidecar.process.exitInfo?.exitCode).toBe(0);
    expect(await registered()).toBe(false);
    await expect(get(`${sidecar.publicUrl}/customers/1`)).rejects.toThrow();
  });
});
