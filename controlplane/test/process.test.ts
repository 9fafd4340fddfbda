// Integration: the built control plane as a real process over real sockets.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../../scripts/orchestration/built.js';
import { ControlPlaneClient } from '../src/client.js';
import type { Registration } from '../src/types.js';
import { MAIN_JS, killControlPlanes, otlpExport, startControlPlane, waitFor, type RunningControlPlane } from './helpers.js';

beforeAll(() => assertBuilt('dist/controlplane/src/main.js', 'the control plane'));

afterAll(killControlPlanes);

async function raw(
  url: string,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
) {
  const response = await request(`${url}${path}`, { method, headers: options.headers, body: options.body });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

const json = { 'content-type': 'application/json' };
const registration = (id: string, ttlSeconds: number, service = 'web'): Registration => ({
  service,
  id,
  address: '127.0.0.1',
  port: 8080,
  ttlSeconds,
});

describe('control plane process', () => {
  let cp: RunningControlPlane;
  let client: ControlPlaneClient;

  beforeAll(async () => {
    cp = await startControlPlane(['--deregister-critical-after-seconds', '0.5']);
    client = new ControlPlaneClient(cp.url);
  });

  it('prints its URL once listening and answers /health', async () => {
    expect(cp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await client.health()).toEqual({ status: 'ok' });
  });

  describe('registry', () => {
    it('a registered instance is passing', async () => {
      await client.register(registration('reg-1', 60));
      const answer = await client.instances('web', { passing: true });
      expect(answer.known).toBe(true);
      expect(answer.instances.map((i) => [i.id, i.status])).toContainEqual(['reg-1', 'passing']);
      expect((await client.services()).find((s) => s.name === 'web')?.passing).toBeGreaterThanOrEqual(1);
      await client.deregister('reg-1');
    });

    it('without heartbeats an instance turns critical after its TTL, then is removed', async () => {
      await client.register(registration('ttl-1', 0.3, 'ttl'));
      await waitFor(
        'ttl-1 critical',
        async () => (await client.instances('ttl')).instances.find((i) => i.id === 'ttl-1')?.status === 'critical',
      );
      expect((await client.instances('ttl', { passing: true })).instances).toEqual([]);
      await waitFor('ttl-1 removed', async () => (await client.instances('ttl')).instances.length === 0);
      expect((await client.instances('ttl')).known).toBe(true);
      expect(await client.heartbeat('ttl-1')).toBe(false);
    });

    it('a heartbeat makes a critical instance passing again', async () => {
      await client.register(registration('revive-1', 0.3, 'revive'));
      await waitFor('revive-1 critical', async () => (await client.instances('revive')).instances[0]?.status === 'critical');
      expect(await client.heartbeat('revive-1')).toBe(true);
      expect((await client.instances('revive')).instances[0]?.status).toBe('passing');
      await client.deregister('revive-1');
    });

    it('a blocking query returns promptly when the service changes', async () => {
      const { index } = await client.instances('blocking');
      const started = performance.now();
      const blocked = client.instances('blocking', { index, waitMillis: 300_000 });
      await client.register(registration('blocking-1', 60, 'blocking'));
      const answer = await blocked;
      expect(performance.now() - started).toBeLessThan(30_000);
      expect(answer.index).toBeGreaterThan(index);
      expect(answer.instances.map((i) => i.id)).toEqual(['blocking-1']);
      await client.deregister('blocking-1');
    });

    it('a blocking query waits out its wait when nothing changes', async () => {
      await client.register(registration('quiet-1', 60, 'quiet'));
      const { index } = await client.instances('quiet');
      const started = performance.now();
      const answer = await client.instances('quiet', { index, waitMillis: 500 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(450);
      expect(answer.index).toBe(index);
      await client.deregister('quiet-1');
    });
  });

  describe('config', () => {
    it('validates, versions, and answers changed:false for the same document', async () => {
      const bad = await raw(cp.url, 'PUT', '/v1/config/customers', {
        headers: json,
        body: JSON.stringify({ logLevel: 'info', pageSizeMax: 0 }),
      });
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text).error).toMatchObject({ code: 'SCL_ERR_CP_CONFIG_INVALID', field: 'pageSizeMax' });
      expect(await client.putConfig('customers', { logLevel: 'warn', pageSizeMax: 50 })).toEqual({ version: 2, changed: true });
      expect(await client.putConfig('customers', { pageSizeMax: 50, logLevel: 'warn' })).toEqual({ version: 2, changed: false });
      expect((await client.getConfig('customers')).document).toEqual({
        service: 'customers',
        version: 2,
        config: { logLevel: 'warn', pageSizeMax: 50 },
      });
    });

    it('a blocking GET returns the new version as soon as it is stored', async () => {
      const { index } = await client.getConfig('payment');
      const blocked = client.getConfig('payment', { index, waitMillis: 300_000 });
      await client.putConfig('payment', { logLevel: 'error', maxAmountCents: 100 });
      const answer = await blocked;
      expect(answer.index).toBeGreaterThan(index);
      expect(answer.document?.config).toEqual({ logLevel: 'error', maxAmountCents: 100 });
    });
  });

  describe('faults', () => {
    const postLogs = (seqs: number[]) =>
      raw(cp.url, 'POST', '/v1/logs', {
        headers: json,
        body: JSON.stringify(otlpExport({ service: 'faulty', instance: 'faulty-1', seqs })),
      });
    const faultyReceived = async () => (await client.logStats('faulty')).total.received;

    it('logs mode status answers that status and stores nothing', async () => {
      await client.setFaults({ logs: { mode: 'status', status: 429 } });
      const answer = await postLogs([1]);
      expect(answer.status).toBe(429);
      expect(await faultyReceived()).toBe(0);
      await client.setFaults({});
    });

    it('logs mode delay answers 200 after the delay and stores the records', async () => {
      await client.setFaults({ logs: { mode: 'delay', delaySeconds: 0.5 } });
      const started = performance.now();
      const answer = await postLogs([1]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(450);
      expect(answer.status).toBe(200);
      expect(await faultyReceived()).toBe(1);
      await client.setFaults({});
    });

    it('logs mode reset drops the connection without an answer, and stores nothing new', async () => {
      const before = await faultyReceived();
      await client.setFaults({ logs: { mode: 'reset' } });
      await expect(postLogs([2])).rejects.toThrow();
      await client.setFaults({});
      expect(await faultyReceived()).toBe(before);
      expect((await postLogs([2])).status).toBe(200);
    });

    it('config faults answer garbage with 200 and wake blocked pulls; ok restores the real document', async () => {
      const { index } = await client.getConfig('web');
      const blocked = raw(cp.url, 'GET', `/v1/config/web?index=${index}&wait=300s`);
      await client.setFaults({ config: { web: 'invalid_json' } });
      const invalid = await blocked;
      expect(invalid.status).toBe(200);
      expect(() => JSON.parse(invalid.text)).toThrow();

      await client.setFaults({ config: { web: 'empty' } });
      expect(await raw(cp.url, 'GET', '/v1/config/web')).toMatchObject({ status: 200, text: '' });

      await client.setFaults({ config: { web: 'schema_invalid' } });
      const schemaInvalid = await raw(cp.url, 'GET', '/v1/config/web');
      expect(JSON.parse(schemaInvalid.text).config).toEqual({ logLevel: 'loud' });

      await client.setFaults({ config: { web: 'ok' } });
      expect((await client.getConfig('web')).document?.config.logLevel).toBe('info');
      expect(await client.faults()).toEqual({ logs: { mode: 'ok' }, config: {} });
    });
  });

  describe('log accounting', () => {
    it('a batch sent twice counts duplicates; skipped seqs count as missing; intValue may be a string or a number', async () => {
      await client.clearLogs();
      const batch = otlpExport({ service: 'acct', instance: 'acct-1', pid: 11, seqs: [1, 2, 3], intAs: 'string' });
      await client.exportLogs(batch);
      await client.exportLogs(batch);
      await client.exportLogs(otlpExport({ service: 'acct', instance: 'acct-1', pid: 11, seqs: [6, 8], intAs: 'number' }));
      const stats = await client.logStats('acct');
      expect(stats.streams).toEqual([
        { service: 'acct', instance: 'acct-1', pid: 11, maxSeq: 8, received: 8, distinct: 5, duplicates: 3, missing: 3, withoutSeq: 0 },
      ]);
      const records = await client.logRecords({ service: 'acct', limit: 3 });
      expect(records.records.map((r) => r.attributes.seq)).toEqual([3, 6, 8]);
      expect(records.truncated).toBe(false);
    });
  });

  describe('bad input', () => {
    const cases: {
      title: string;
      method: 'GET' | 'PUT' | 'POST';
      path: string;
      headers?: Record<string, string>;
      body?: string;
      status: number;
    }[] = [
      { title: 'malformed JSON', method: 'PUT', path: '/v1/registry/register', headers: json, body: '{"service":"web",', status: 400 },
      {
        title: 'a wrong type',
        method: 'PUT',
        path: '/v1/registry/register',
        headers: json,
        body: JSON.stringify({ ...registration('x', 1), port: 'eighty' }),
        status: 400,
      },
      {
        title: 'a missing field',
        method: 'PUT',
        path: '/v1/registry/register',
        headers: json,
        body: JSON.stringify({ service: 'web', id: 'x' }),
        status: 400,
      },
      { title: 'an unknown id', method: 'PUT', path: '/v1/registry/deregister/nobody', status: 404 },
      {
        title: 'a huge registration',
        method: 'PUT',
        path: '/v1/registry/register',
        headers: json,
        body: 'x'.repeat(2 * 1024 * 1024),
        status: 413,
      },
      {
        title: 'a huge log export',
        method: 'POST',
        path: '/v1/logs',
        headers: json,
        body: JSON.stringify({ resourceLogs: [], pad: 'x'.repeat(6 * 1024 * 1024) }),
        status: 413,
      },
      {
        title: 'a protobuf log export',
        method: 'POST',
        path: '/v1/logs',
        headers: { 'content-type': 'application/x-protobuf' },
        body: '\x0a\x02\x0a\x00',
        status: 415,
      },
      {
        title: 'an OTLP export of the wrong shape',
        method: 'POST',
        path: '/v1/logs',
        headers: json,
        body: JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: 'many' }] }] }),
        status: 400,
      },
      { title: 'a bad wait format', method: 'GET', path: '/v1/config/web?index=1&wait=forever', status: 400 },
      { title: 'a bad index', method: 'GET', path: '/v1/registry/services/web?index=abc', status: 400 },
    ];

    it.each(cases)('$title answers $status with the error shape', async ({ method, path, headers, body, status }) => {
      const answer = await raw(cp.url, method, path, { headers, body });
      expect(answer.status).toBe(status);
      expect(JSON.parse(answer.text).error.code).toMatch(/^SCL_ERR_CP_/);
    });

    it('the process is still healthy after all of it', async () => {
      expect(await client.health()).toEqual({ status: 'ok' });
      expect(cp.child.exitCode).toBeNull();
      expect(cp.stderr()).toBe('');
    });
  });
});

describe('control plane lifecycle', () => {
  it('SIGTERM exits 0 promptly while blocking queries and a delayed answer are in flight', async () => {
    const cp = await startControlPlane();
    const client = new ControlPlaneClient(cp.url);
    await client.setFaults({ logs: { mode: 'delay', delaySeconds: 60 } });
    const { index: registryIndex } = await client.instances('web');
    const { index: configIndex } = await client.getConfig('web');
    const inFlight = [
      client.instances('web', { index: registryIndex, waitMillis: 300_000 }),
      client.getConfig('web', { index: configIndex, waitMillis: 300_000 }),
      client.exportLogs(otlpExport({ seqs: [1] })),
    ];
    // The delayed export is counted on arrival: once it shows, the earlier requests are in flight too.
    await waitFor('the delayed export to arrive', async () => (await client.logStats()).total.received === 1);

    const started = performance.now();
    const exited = once(cp.child, 'exit');
    cp.child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
    const settled = await Promise.allSettled(inFlight);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  });

  it('a bad flag exits 2 naming the flag', async () => {
    const child = spawn(process.execPath, [MAIN_JS, '--retention-days', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^SCL_ERR_BAD_FLAG: .*--retention-days/);
  });

  it('a bad flag value exits 2 naming the flag and its valid values', () => {
    const result = spawnSync(process.execPath, [MAIN_JS, '--port', 'seventy'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('SCL_ERR_BAD_FLAG: --port=seventy');
    expect(result.stderr).toContain('0 to 65535');
  });

  it('--help prints usage and exits 0', () => {
    const result = spawnSync(process.execPath, [MAIN_JS, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--deregister-critical-after-seconds');
  });
});
