import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IndexCounter } from '../src/blocking.js';
import { RegistryStore } from '../src/registry/store.js';
import { createControlPlane } from '../src/server.js';
import type { Registration, ServiceInstances } from '../src/types.js';

const web1: Registration = { service: 'web', id: 'web-1', address: '127.0.0.1', port: 8081, ttlSeconds: 5 };
const web2: Registration = { ...web1, id: 'web-2', port: 8082 };

describe('registry store', () => {
  let store: RegistryStore;
  let changes: string[];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    changes = [];
    store = new RegistryStore({
      counter: new IndexCounter(),
      deregisterCriticalAfterSeconds: 30,
      onChange: (service) => changes.push(service),
    });
  });

  afterEach(() => {
    store.close();
    vi.useRealTimers();
  });

  const statuses = (passingOnly = false) => store.instances('web', passingOnly).instances.map((i) => `${i.id}:${i.status}`);

  it('a registered instance is passing at once and its service is known', () => {
    store.register(web1);
    const answer = store.instances('web', false);
    expect(answer.known).toBe(true);
    expect(answer.instances).toMatchObject([{ id: 'web-1', service: 'web', address: '127.0.0.1', port: 8081, status: 'passing' }]);
    expect(answer.index).toBeGreaterThan(0);
  });

  it('a service nobody registered is unknown, with index 0 and no instances', () => {
    expect(store.instances('ghost', false)).toEqual({ service: 'ghost', known: false, index: 0, instances: [] });
  });

  it('an instance turns critical when its TTL lapses without a heartbeat', async () => {
    store.register(web1);
    await vi.advanceTimersByTimeAsync(4999);
    expect(statuses()).toEqual(['web-1:passing']);
    await vi.advanceTimersByTimeAsync(1);
    expect(statuses()).toEqual(['web-1:critical']);
    expect(statuses(true)).toEqual([]);
  });

  it('heartbeats within the TTL keep an instance passing without changing the index', async () => {
    store.register(web1);
    const index = store.index('web');
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(4000);
      expect(store.heartbeat('web-1')).toBe(true);
    }
    expect(statuses()).toEqual(['web-1:passing']);
    expect(store.index('web')).toBe(index);
    expect(store.instances('web', false).instances[0]!.lastHeartbeatAt).toBe(new Date(Date.now()).toISOString());
  });

  it('a heartbeat after the TTL makes the instance passing again and bumps the index', async () => {
    store.register(web1);
    await vi.advanceTimersByTimeAsync(5000);
    const criticalIndex = store.index('web');
    expect(store.heartbeat('web-1')).toBe(true);
    expect(statuses()).toEqual(['web-1:passing']);
    expect(store.index('web')).toBeGreaterThan(criticalIndex);
    // And the TTL runs again from the heartbeat.
    await vi.advanceTimersByTimeAsync(5000);
    expect(statuses()).toEqual(['web-1:critical']);
  });

  it('a critical instance is removed deregister-critical-after seconds later, and the service stays known', async () => {
    store.register(web1);
    await vi.advanceTimersByTimeAsync(5000 + 29_999);
    expect(statuses()).toEqual(['web-1:critical']);
    await vi.advanceTimersByTimeAsync(1);
    expect(statuses()).toEqual([]);
    expect(store.instances('web', false).known).toBe(true);
    expect(store.heartbeat('web-1')).toBe(false);
  });

  it('a heartbeat for an unknown id is refused so the client registers again', () => {
    expect(store.heartbeat('nobody')).toBe(false);
  });

  it('re-registering replaces the instance and makes it passing', async () => {
    store.register(web1);
    await vi.advanceTimersByTimeAsync(5000);
    store.register({ ...web1, port: 9999 });
    expect(store.instances('web', false).instances).toMatchObject([{ id: 'web-1', port: 9999, status: 'passing' }]);
  });

  it('re-registering an id under another service moves it', () => {
    store.register(web1);
    store.register({ ...web1, service: 'payment' });
    expect(statuses()).toEqual([]);
    expect(store.instances('payment', false).instances.map((i) => i.id)).toEqual(['web-1']);
  });

  it('deregister removes at once; a second deregister finds nothing', () => {
    store.register(web1);
    store.register(web2);
    expect(store.deregister('web-1')).toBe(true);
    expect(statuses()).toEqual(['web-2:passing']);
    expect(store.deregister('web-1')).toBe(false);
  });

  it('every status change notifies the service and takes a new, larger index', async () => {
    const seen: number[] = [];
    store.register(web1);
    seen.push(store.index('web'));
    await vi.advanceTimersByTimeAsync(5000);
    seen.push(store.index('web'));
    store.heartbeat('web-1');
    seen.push(store.index('web'));
    store.deregister('web-1');
    seen.push(store.index('web'));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(4);
    expect(changes).toEqual(['web', 'web', 'web', 'web']);
  });

  it('indexes of different services come from one counter', () => {
    store.register(web1);
    store.register({ ...web1, service: 'payment', id: 'payment-1' });
    expect(store.index('payment')).toBeGreaterThan(store.index('web'));
  });

  it('the services summary counts passing and critical instances, including services now empty', async () => {
    store.register(web1);
    store.register({ ...web2, ttlSeconds: 60 });
    store.register({ ...web1, service: 'payment', id: 'payment-1' });
    store.deregister('payment-1');
    await vi.advanceTimersByTimeAsync(5000);
    expect(store.summaries()).toEqual([
      { name: 'payment', passing: 0, critical: 0 },
      { name: 'web', passing: 1, critical: 1 },
    ]);
  });
});

describe('registry routes', () => {
  const app = createControlPlane();
  afterAll(() => app.close());
  afterEach(async () => {
    for (const id of ['web-1', 'web-2']) await app.inject({ method: 'PUT', url: `/v1/registry/deregister/${id}` });
  });

  it('register answers the id and the instance is listed as passing with the index header', async () => {
    const registered = await app.inject({ method: 'PUT', url: '/v1/registry/register', payload: { ...web1, meta: { zone: 'a' } } });
    expect(registered.statusCode).toBe(200);
    expect(registered.json()).toEqual({ id: 'web-1' });
    const listed = await app.inject({ method: 'GET', url: '/v1/registry/services/web' });
    const body = listed.json<ServiceInstances>();
    expect(body.instances).toMatchObject([{ id: 'web-1', status: 'passing', meta: { zone: 'a' } }]);
    expect(Number(listed.headers['x-scl-index'])).toBe(body.index);
  });

  it('an id of 128 characters can heartbeat and deregister', async () => {
    const id = 'x'.repeat(128);
    expect((await app.inject({ method: 'PUT', url: '/v1/registry/register', payload: { ...web1, id } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: `/v1/registry/heartbeat/${id}` })).json()).toEqual({ status: 'passing' });
    expect((await app.inject({ method: 'PUT', url: `/v1/registry/deregister/${id}` })).statusCode).toBe(200);
  });

  it('a heartbeat with a JSON content type and no body is accepted', async () => {
    await app.inject({ method: 'PUT', url: '/v1/registry/register', payload: web1 });
    const beat = await app.inject({ method: 'PUT', url: '/v1/registry/heartbeat/web-1', headers: { 'content-type': 'application/json' } });
    expect(beat.statusCode).toBe(200);
  });

  it('heartbeat and deregister of an unknown id answer 404 with the error shape', async () => {
    for (const verb of ['heartbeat', 'deregister']) {
      const answer = await app.inject({ method: 'PUT', url: `/v1/registry/${verb}/nobody` });
      expect(answer.statusCode).toBe(404);
      expect(answer.json().error.code).toBe('SCL_ERR_CP_NOT_FOUND');
    }
  });

  it('passing=true lists only passing instances', async () => {
    await app.inject({ method: 'PUT', url: '/v1/registry/register', payload: web1 });
    const all = await app.inject({ method: 'GET', url: '/v1/registry/services/web?passing=true' });
    expect(all.json<ServiceInstances>().instances.map((i) => i.id)).toEqual(['web-1']);
  });

  it('a blocking query returns as soon as an instance registers', async () => {
    const before = (await app.inject({ method: 'GET', url: '/v1/registry/services/web' })).json<ServiceInstances>();
    const blocked = app.inject({ method: 'GET', url: `/v1/registry/services/web?index=${before.index}&wait=300s` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.inject({ method: 'PUT', url: '/v1/registry/register', payload: web2 });
    const answer = (await blocked).json<ServiceInstances>();
    expect(answer.index).toBeGreaterThan(before.index);
    expect(answer.instances.map((i) => i.id)).toContain('web-2');
  });

  it('a blocking query on a never-registered service waits for its first registration', async () => {
    const blocked = app.inject({ method: 'GET', url: '/v1/registry/services/newcomer?index=0&wait=300s' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.inject({ method: 'PUT', url: '/v1/registry/register', payload: { ...web1, service: 'newcomer', id: 'newcomer-1' } });
    const answer = (await blocked).json<ServiceInstances>();
    expect(answer.known).toBe(true);
    expect(answer.instances.map((i) => i.id)).toEqual(['newcomer-1']);
  });

  it('the services list names every service ever registered', async () => {
    await app.inject({ method: 'PUT', url: '/v1/registry/register', payload: web1 });
    const answer = await app.inject({ method: 'GET', url: '/v1/registry/services' });
    expect(answer.json().services).toContainEqual({ name: 'web', passing: 1, critical: 0 });
  });
});
