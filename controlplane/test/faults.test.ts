import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createControlPlane } from '../src/server.js';
import type { LogStats } from '../src/types.js';
import { otlpExport, waitFor } from './helpers.js';

describe('fault injection', () => {
  const app = createControlPlane();
  afterAll(() => app.close());
  afterEach(async () => {
    await app.inject({ method: 'PUT', url: '/v1/faults', payload: {} });
    await app.inject({ method: 'DELETE', url: '/v1/logs' });
  });

  const setFaults = (payload: unknown) => app.inject({ method: 'PUT', url: '/v1/faults', payload: payload as object });
  const postLogs = () => app.inject({ method: 'POST', url: '/v1/logs', payload: otlpExport({ seqs: [1, 2] }) });
  const received = async () => (await app.inject({ method: 'GET', url: '/v1/logs/stats' })).json<LogStats>().total.received;

  it('no faults are in force at start', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/faults' })).json()).toEqual({ logs: { mode: 'ok' }, config: {} });
  });

  it('PUT replaces the faults and answers them; ok entries are dropped', async () => {
    const answer = await setFaults({ logs: { mode: 'status', status: 429 }, config: { web: 'empty', payment: 'ok' } });
    expect(answer.json()).toEqual({ logs: { mode: 'status', status: 429 }, config: { web: 'empty' } });
    await setFaults({ config: { payment: 'schema_invalid' } });
    expect((await app.inject({ method: 'GET', url: '/v1/faults' })).json()).toEqual({
      logs: { mode: 'ok' },
      config: { payment: 'schema_invalid' },
    });
  });

  it.each([
    [{ logs: { mode: 'explode' } }, 'logs.mode'],
    [{ logs: {} }, 'logs.mode'],
    [{ logs: { mode: 'status', status: 200 } }, 'logs.status'],
    [{ logs: { mode: 'delay', delaySeconds: 61 } }, 'logs.delaySeconds'],
    [{ config: { web: 'garbage' } }, 'config.web'],
    [{ network: 'down' }, 'network'],
  ])('a bad fault %j is refused naming %s', async (payload, field) => {
    const answer = await setFaults(payload);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatchObject({ code: 'SCL_ERR_CP_BAD_REQUEST', field });
  });

  it('logs mode status answers that status and stores nothing', async () => {
    await setFaults({ logs: { mode: 'status', status: 503 } });
    const answer = await postLogs();
    expect(answer.statusCode).toBe(503);
    expect(answer.json().error.code).toBe('SCL_ERR_CP_FAULT_INJECTED');
    expect(await received()).toBe(0);
  });

  it('logs mode status without a status answers 503', async () => {
    await setFaults({ logs: { mode: 'status' } });
    expect((await postLogs()).statusCode).toBe(503);
  });

  it('logs mode delay stores at once and answers 200 only after the delay', async () => {
    await setFaults({ logs: { mode: 'delay', delaySeconds: 0.3 } });
    const started = performance.now();
    let answered = false;
    const answering = postLogs().then((answer) => {
      answered = true;
      return answer;
    });
    await waitFor('the delayed records to be counted', async () => (await received()) === 2);
    expect(answered).toBe(false);
    const answer = await answering;
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.statusCode).toBe(200);
  });

  it('back to ok, the collector answers at once and stores again', async () => {
    await setFaults({ logs: { mode: 'status', status: 500 } });
    await setFaults({ logs: { mode: 'ok' } });
    expect((await postLogs()).statusCode).toBe(200);
    expect(await received()).toBe(2);
  });

  it('config invalid_json answers 200 with a truncated JSON body', async () => {
    await setFaults({ config: { web: 'invalid_json' } });
    const answer = await app.inject({ method: 'GET', url: '/v1/config/web' });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.body.startsWith('{"service":"web"')).toBe(true);
    expect(() => JSON.parse(answer.body)).toThrow(SyntaxError);
  });

  it('config empty answers 200 with an empty body', async () => {
    await setFaults({ config: { web: 'empty' } });
    const answer = await app.inject({ method: 'GET', url: '/v1/config/web' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toBe('');
  });

  it('config schema_invalid answers a next version with logLevel loud', async () => {
    await setFaults({ config: { web: 'schema_invalid' } });
    const answer = await app.inject({ method: 'GET', url: '/v1/config/web' });
    expect(answer.json()).toEqual({ service: 'web', version: 2, config: { logLevel: 'loud' } });
  });

  it('a config fault touches only its service', async () => {
    await setFaults({ config: { web: 'empty' } });
    expect((await app.inject({ method: 'GET', url: '/v1/config/payment' })).json().version).toBe(1);
  });

  it('toggling a config fault wakes blocked queries of that service at once, both ways', async () => {
    const index = Number((await app.inject({ method: 'GET', url: '/v1/config/web' })).headers['x-scl-index']);
    const blocked = app.inject({ method: 'GET', url: `/v1/config/web?index=${index}&wait=300s` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await setFaults({ config: { web: 'empty' } });
    const faulty = await blocked;
    expect(faulty.body).toBe('');
    const faultyIndex = Number(faulty.headers['x-scl-index']);
    expect(faultyIndex).toBeGreaterThan(index);

    const blockedAgain = app.inject({ method: 'GET', url: `/v1/config/web?index=${faultyIndex}&wait=300s` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await setFaults({});
    const healed = await blockedAgain;
    expect(healed.json()).toMatchObject({ service: 'web', version: 1 });
    expect(Number(healed.headers['x-scl-index'])).toBeGreaterThan(faultyIndex);
  });

  it('replacing faults without changing a service does not wake it', async () => {
    await setFaults({ config: { web: 'empty' } });
    const index = Number((await app.inject({ method: 'GET', url: '/v1/config/web' })).headers['x-scl-index']);
    await setFaults({ config: { web: 'empty' }, logs: { mode: 'delay' } });
    const answer = await app.inject({ method: 'GET', url: `/v1/config/web?index=${index}&wait=100ms` });
    expect(Number(answer.headers['x-scl-index'])).toBe(index);
  });

  it('closing the server releases a delayed log answer at once', async () => {
    const other = createControlPlane();
    await other.inject({ method: 'PUT', url: '/v1/faults', payload: { logs: { mode: 'delay', delaySeconds: 60 } } });
    const started = performance.now();
    const answering = other.inject({ method: 'POST', url: '/v1/logs', payload: otlpExport({ seqs: [1] }) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.close();
    await answering;
    expect(performance.now() - started).toBeLessThan(30_000);
  });
  it('counts each request a fault answered, and none while no fault is in force', async () => {
    const counts = async () =>
      (await app.inject({ method: 'GET', url: '/v1/faults/injected' })).json<{ logs: number; config: Record<string, number> }>();
    const before = await counts();
    await postLogs();
    await app.inject({ method: 'GET', url: '/v1/config/customers' });
    expect(await counts()).toEqual(before);
    await setFaults({ logs: { mode: 'status', status: 500 }, config: { customers: 'invalid_json' } });
    await postLogs();
    await postLogs();
    await app.inject({ method: 'GET', url: '/v1/config/customers' });
    const after = await counts();
    expect(after.logs - before.logs).toBe(2);
    expect((after.config.customers ?? 0) - (before.config.customers ?? 0)).toBe(1);
  });
});
