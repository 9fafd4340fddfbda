import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlPlaneClient } from '../../controlplane/src/client.js';
import type { RunningInstance } from '../../scripts/orchestration/instance.js';
import { runAssertion } from '../src/assertions.js';
import type { RunContext } from '../src/context.js';
import { FakeUpstream } from '../src/upstreams.js';

// The app side of a context: /metrics, /_scl/config and /health served from variables the tests change.
let metricsText = '';
let configInUse = { version: 2, config: { logLevel: 'info', banner: 'hello' } };
let healthVersion = 2;
let server: Server;
let url = '';

const records = [
  {
    service: 'web',
    instance: 'web-1',
    severityText: 'INFO',
    severityNumber: 9,
    body: 'GET /',
    attributes: { event: 'http.request', seq: 1, http_status: 200, request_id: 'r-1' },
  },
  {
    service: 'web',
    instance: 'web-1',
    severityText: 'WARN',
    severityNumber: 13,
    body: 'w',
    attributes: { event: 'conformance.warn', seq: 2, http_status: '200' },
  },
];
let instances = [{ id: 'web-1', service: 'web', address: '127.0.0.1', port: 0, status: 'passing' }];
const controlplane = {
  logRecords: async () => ({ records, truncated: false }),
  logStats: async () => ({ total: { received: 2, distinct: 2, duplicates: 0, missing: 0, withoutSeq: 0 }, streams: [] }),
  instances: async () => ({ service: 'web', known: true, index: 1, instances }),
} as unknown as ControlPlaneClient;

function context(): RunContext {
  const instance = { instanceId: 'web-1', publicPort: 7100, publicUrl: url, metricsUrl: `${url}/metrics` } as unknown as RunningInstance;
  return { lang: 'ts', mode: 'library', service: 'web', instance, controlplane, upstreams: new Map(), latestConfigVersion: 2 };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/metrics') return response.end(metricsText);
    if (request.url === '/_scl/config') return response.end(JSON.stringify(configInUse));
    response.end(JSON.stringify({ status: 'ok', configVersion: healthVersion }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  instances[0]!.port = 7100;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('expectMetric', () => {
  it('sums the samples that carry the given labels', async () => {
    metricsText =
      'scl_http_server_requests_total{route="/",method="GET",status="200"} 2\nscl_http_server_requests_total{route="/",method="GET",status="404"} 1\n';
    expect(
      await runAssertion(context(), { expectMetric: { name: 'scl_http_server_requests_total', labels: { route: '/' }, equals: 3 } }),
    ).toEqual({ ok: true });
    const wrong = await runAssertion(context(), {
      expectMetric: { name: 'scl_http_server_requests_total', labels: { status: '200' }, equals: 3 },
    });
    expect(wrong).toMatchObject({ ok: false, message: expect.stringMatching(/is 2, expected 3/) });
  });

  it('counts a missing series as 0 but not as present', async () => {
    metricsText = '';
    expect(await runAssertion(context(), { expectMetric: { name: 'scl_egress_retries_total', equals: 0 } })).toEqual({ ok: true });
    expect(await runAssertion(context(), { expectMetric: { name: 'scl_egress_retries_total', absent: true } })).toEqual({ ok: true });
    expect((await runAssertion(context(), { expectMetric: { name: 'scl_egress_retries_total', exists: true } })).ok).toBe(false);
  });

  it('compares the bucket boundaries of a histogram', async () => {
    metricsText = ['0.005', '0.01', '+Inf'].map((le) => `d_bucket{le="${le}",route="/"} 1`).join('\n');
    expect(await runAssertion(context(), { expectMetric: { name: 'd_bucket', labels: { route: '/' }, buckets: [0.005, 0.01] } })).toEqual({
      ok: true,
    });
    expect((await runAssertion(context(), { expectMetric: { name: 'd_bucket', buckets: [5, 10] } })).ok).toBe(false);
  });

  it('polls until the value holds when given within', async () => {
    metricsText = 'scl_config_version 1\n';
    setTimeout(() => (metricsText = 'scl_config_version 2\n'), 300);
    expect(await runAssertion(context(), { expectMetric: { name: 'scl_config_version', equals: 2, within: 5 } })).toEqual({ ok: true });
  });

  it('reports the last failure when within runs out', async () => {
    metricsText = 'scl_config_version 1\n';
    const outcome = await runAssertion(context(), { expectMetric: { name: 'scl_config_version', equals: 2, within: 0.3 } });
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/is 1, expected 2 \(still after 0.3 s\)/) });
  });
});

describe('expectLogs and expectLogStats', () => {
  it('select records by a subset and check count, types and fields', async () => {
    const step = {
      expectLogs: {
        match: { attributes: { event: 'http.request' } },
        count: 1,
        types: { http_status: 'integer' as const, request_id: 'string' as const },
        equals: { severityNumber: 9 },
      },
    };
    expect(await runAssertion(context(), step)).toEqual({ ok: true });
  });

  it('refuse a record whose attribute has the wrong type', async () => {
    const outcome = await runAssertion(context(), { expectLogs: { match: { severityText: 'WARN' }, types: { http_status: 'integer' } } });
    expect(outcome).toMatchObject({ ok: false, message: 'attribute http_status is "200", expected type integer' });
  });

  it('compare collector counts', async () => {
    expect(await runAssertion(context(), { expectLogStats: { duplicates: 0, received: { atLeast: 2 } } })).toEqual({ ok: true });
    expect((await runAssertion(context(), { expectLogStats: { received: 3 } })).ok).toBe(false);
  });
});

describe('expectRegistry', () => {
  it('finds the instance passing on its public port', async () => {
    expect(await runAssertion(context(), { expectRegistry: { self: 'passing', passing: 1 } })).toEqual({ ok: true });
  });

  it('refuses an instance listed on another port', async () => {
    instances = [{ ...instances[0]!, port: 9999 }];
    expect(await runAssertion(context(), { expectRegistry: { self: 'passing' } })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/port 9999, expected its public port 7100/),
    });
  });

  it('tells absent from critical', async () => {
    instances = [{ ...instances[0]!, port: 7100, status: 'critical' }];
    expect(await runAssertion(context(), { expectRegistry: { self: 'notPassing' } })).toEqual({ ok: true });
    expect((await runAssertion(context(), { expectRegistry: { self: 'absent' } })).ok).toBe(false);
    instances = [];
    expect(await runAssertion(context(), { expectRegistry: { self: 'absent', passing: 0 } })).toEqual({ ok: true });
  });
});

describe('expectConfigInUse', () => {
  it('checks the version and a subset of the config, and that /health agrees', async () => {
    expect(await runAssertion(context(), { expectConfigInUse: { version: 'latest', config: { banner: 'hello' } } })).toEqual({ ok: true });
    healthVersion = 1;
    expect(await runAssertion(context(), { expectConfigInUse: { version: 2 } })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/\/health reports configVersion 1/),
    });
    healthVersion = 2;
    configInUse = { version: 2, config: { logLevel: 'warn', banner: 'hello' } };
    expect((await runAssertion(context(), { expectConfigInUse: { config: { logLevel: 'info' } } })).ok).toBe(false);
  });
});

describe('expectUpstream', () => {
  it('counts requests per instance and checks their headers', async () => {
    const fake = new FakeUpstream('customers', [{ status: 200 }]);
    await fake.start(2);
    try {
      for (const port of [...fake.ports, ...fake.ports]) await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-request-id': 'r-9' } });
      const withFake = { ...context(), upstreams: new Map([['customers', fake]]) };
      expect(
        await runAssertion(withFake, {
          expectUpstream: { name: 'customers', received: 4, perInstance: [2, 2], headers: { 'X-Request-Id': 'r-9' } },
        }),
      ).toEqual({ ok: true });
      expect((await runAssertion(withFake, { expectUpstream: { name: 'customers', perInstance: [3, 1] } })).ok).toBe(false);
    } finally {
      await fake.stop();
    }
  });
});
