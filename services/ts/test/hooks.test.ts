// The /_scl/* conformance hooks: absent by default, and with SCL_TEST_HOOKS=1 driving each feature the mode's way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './support/build.js';
import { call, closeAllFakes, startFake } from './support/http.js';
import { killAll, startService, type RunningService } from './support/processes.js';

describe('conformance hooks', () => {
  beforeAll(ensureBuilt);
  afterAll(async () => {
    await killAll();
    await closeAllFakes();
  });

  it('are 404 not_found without SCL_TEST_HOOKS=1', async () => {
    const customers = await startService({ service: 'customers', mode: 'none' });
    for (const [method, route] of [
      ['GET', '/_scl/config'],
      ['POST', '/_scl/log'],
      ['POST', '/_scl/metric'],
      ['POST', '/_scl/egress'],
    ] as const) {
      const answer = await call(`${customers.url}${route}`, method, method === 'POST' ? {} : undefined);
      expect(answer.status).toBe(404);
      expect(answer.json.error.code).toBe('not_found');
    }
  });

  describe('in mode none', () => {
    let peer: Awaited<ReturnType<typeof startFake>>;
    let web: RunningService;

    beforeAll(async () => {
      peer = await startFake((request) => ({
        status: 207,
        headers: { 'x-peer': 'yes' },
        body: `echo ${request.method} ${request.url} ${request.body}`,
      }));
      web = await startService({ service: 'web', mode: 'none', env: { SCL_TEST_HOOKS: '1', SCL_PEERS: `customers=${peer.url}` } });
    });

    it('/_scl/config answers the built-in defaults as version 0', async () => {
      const answer = await call(`${web.url}/_scl/config`);
      expect(answer.json).toEqual({ version: 0, config: { logLevel: 'info', banner: 'Welcome to the sidecar-lab shop' } });
    });

    it('/_scl/egress makes the call and answers status, headers and the body as a string', async () => {
      const answer = await call(`${web.url}/_scl/egress`, 'POST', {
        service: 'customers',
        method: 'post',
        path: '/customers?x=1',
        body: { a: 1 },
      });
      expect(answer.status).toBe(200);
      expect(answer.json.status).toBe(207);
      expect(answer.json.headers['x-peer']).toBe('yes');
      expect(answer.json.body).toBe('echo POST /customers?x=1 {"a":1}');
    });

    it('/_scl/egress to a service missing from SCL_PEERS answers the unknown_service egress error', async () => {
      const answer = await call(`${web.url}/_scl/egress`, 'POST', { service: 'inventory', method: 'GET', path: '/' });
      expect(answer.json.status).toBe(502);
      expect(answer.json.headers['x-scl-egress-error']).toBe('unknown_service');
      expect(JSON.parse(answer.json.body).error.code).toBe('SCL_ERR_EGRESS_UNKNOWN_SERVICE');
    });

    it('/_scl/metric answers 204 for a good counter and 400 naming name or value for a bad one', async () => {
      const metric = (body: unknown) => call(`${web.url}/_scl/metric`, 'POST', body);
      expect((await metric({ name: 'widgets_total', value: 2, labels: { color: 'red' } })).status).toBe(204);
      const badName = await metric({ name: 'Widgets', value: 1 });
      expect(badName.status).toBe(400);
      expect(badName.json.error).toMatchObject({ code: 'validation_failed', field: 'name' });
      expect((await metric({ name: 'widgets_total', value: -1 })).json.error.field).toBe('value');
      expect((await metric({ name: 'widgets_total', value: 'one' })).json.error.field).toBe('value');
      expect((await metric({ name: 'widgets_total', value: 1, labels: { a: 1 } })).json.error.field).toBe('labels');
    });

    it('/_scl/log answers 204, and 400 for a bad level, event, reserved field, null fields or a number beyond the double range', async () => {
      const log = (body: unknown) => call(`${web.url}/_scl/log`, 'POST', body);
      expect((await log({ level: 'info', event: 'test.one', msg: 'hi', count: 3 })).status).toBe(204);
      expect((await log({ level: 'loud', event: 'test.one', msg: 'hi' })).json.error.field).toBe('level');
      expect((await log({ level: 'info', event: 'Not An Event', msg: 'hi' })).json.error.field).toBe('event');
      expect((await log({ level: 'info', event: 'test.one', msg: 'hi', fields: { seq: 1 } })).json.error.field).toBe('fields.seq');
      expect((await log({ level: 'info', event: 'test.one', msg: 'hi', count: 0 })).json.error.field).toBe('count');
      expect((await log({ level: 'info', event: 'test.one', msg: 'hi', fields: null })).json.error.field).toBe('fields');
      const overflow = await fetch(`${web.url}/_scl/log`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"level":"info","event":"test.one","msg":"hi","fields":{"n":1e400}}',
      });
      expect(overflow.status).toBe(400);
      expect(((await overflow.json()) as { error: { field: string } }).error.field).toBe('fields.n');
    });
  });
});
