import { afterAll, describe, expect, it } from 'vitest';
import configDefaults from '../../spec/config.defaults.json' with { type: 'json' };
import { IndexCounter } from '../src/blocking.js';
import { ConfigStore, canonicalJson } from '../src/config/store.js';
import { assertConfigDocument } from '../src/config/validate.js';
import type { ControlPlaneError } from '../src/errors.js';
import { createControlPlane } from '../src/server.js';

describe('config store', () => {
  const newStore = () => new ConfigStore({ counter: new IndexCounter(), onChange: () => {} });

  it('versions start at 1 and grow by one per changed document', () => {
    const store = newStore();
    expect(store.put('web', { logLevel: 'info' })).toEqual({ version: 1, changed: true });
    expect(store.put('web', { logLevel: 'warn' })).toEqual({ version: 2, changed: true });
    expect(store.get('web')).toEqual(expect.objectContaining({ version: 2, config: { logLevel: 'warn' } }));
  });

  it('an identical document, keys in any order, is not a new version and keeps the index', () => {
    const store = newStore();
    store.put('web', { logLevel: 'info', banner: 'hi' });
    const index = store.index('web');
    expect(store.put('web', { banner: 'hi', logLevel: 'info' })).toEqual({ version: 1, changed: false });
    expect(store.index('web')).toBe(index);
  });

  it('a bump changes the index but not the version', () => {
    const store = newStore();
    store.put('web', { logLevel: 'info' });
    const index = store.index('web');
    store.bump('web');
    expect(store.index('web')).toBeGreaterThan(index);
    expect(store.get('web')?.version).toBe(1);
  });

  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":2,"f":1}]},"b":1}');
  });
});

describe('config validation', () => {
  const fieldOf = (document: unknown): string | undefined => {
    try {
      assertConfigDocument(document);
      return undefined;
    } catch (error) {
      expect((error as ControlPlaneError).code).toBe('SCL_ERR_CP_CONFIG_INVALID');
      return (error as ControlPlaneError).field;
    }
  };

  it('accepts every built-in default', () => {
    for (const [service, document] of Object.entries(configDefaults))
      if (!service.startsWith('$')) expect(fieldOf(document)).toBeUndefined();
  });

  it('refuses a string holding a lone surrogate, which the clients of each language took their own way (the differential test)', () => {
    expect(fieldOf(JSON.parse('{"logLevel":"info","banner":"\\ud83d"}'))).toBe('banner');
    expect(fieldOf(JSON.parse('{"logLevel":"info","banner":"\\ud83d\\ude00 paired"}'))).toBeUndefined();
  });

  it('names the offending field', () => {
    expect(fieldOf({ logLevel: 'loud' })).toBe('logLevel');
    expect(fieldOf({})).toBe('logLevel');
    expect(fieldOf({ logLevel: 'info', maxAmountCents: 0 })).toBe('maxAmountCents');
    expect(fieldOf({ logLevel: 'info', pageSizeMax: '10' })).toBe('pageSizeMax');
    expect(fieldOf({ logLevel: 'info', colour: 'red' })).toBe('colour');
    expect(fieldOf([])).toBe('body');
    expect(fieldOf(null)).toBe('body');
  });
});

describe('config routes', () => {
  const app = createControlPlane();
  afterAll(() => app.close());

  it('the three services are seeded from spec/config.defaults.json as version 1', async () => {
    const list = await app.inject({ method: 'GET', url: '/v1/config' });
    expect(list.json().configs).toEqual([
      { service: 'customers', version: 1 },
      { service: 'payment', version: 1 },
      { service: 'web', version: 1 },
    ]);
    const web = await app.inject({ method: 'GET', url: '/v1/config/web' });
    expect(web.json()).toEqual({ service: 'web', version: 1, config: configDefaults.web });
    expect(Number(web.headers['x-scl-index'])).toBeGreaterThan(0);
  });

  it('--no-seed-config starts with no config, and a GET answers 404', async () => {
    const empty = createControlPlane({ seedConfig: false });
    try {
      expect((await empty.inject({ method: 'GET', url: '/v1/config' })).json()).toEqual({ configs: [] });
      const answer = await empty.inject({ method: 'GET', url: '/v1/config/web' });
      expect(answer.statusCode).toBe(404);
      expect(answer.json().error.code).toBe('SCL_ERR_CP_NOT_FOUND');
      expect(answer.headers['x-scl-index']).toBe('0');
    } finally {
      await empty.close();
    }
  });

  it('a PUT stores a new version; the same document again answers changed:false', async () => {
    const first = await app.inject({ method: 'PUT', url: '/v1/config/payment', payload: { logLevel: 'debug', maxAmountCents: 500 } });
    expect(first.json()).toEqual({ version: 2, changed: true });
    const again = await app.inject({ method: 'PUT', url: '/v1/config/payment', payload: { maxAmountCents: 500, logLevel: 'debug' } });
    expect(again.json()).toEqual({ version: 2, changed: false });
    expect((await app.inject({ method: 'GET', url: '/v1/config/payment' })).json().version).toBe(2);
  });

  it('an invalid document answers 400 SCL_ERR_CP_CONFIG_INVALID naming the field, and stores nothing', async () => {
    const answer = await app.inject({ method: 'PUT', url: '/v1/config/customers', payload: { logLevel: 'info', pageSizeMax: 5000 } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatchObject({ code: 'SCL_ERR_CP_CONFIG_INVALID', field: 'pageSizeMax' });
    expect((await app.inject({ method: 'GET', url: '/v1/config/customers' })).json().version).toBe(1);
  });

  it('a PUT without a body is an invalid document', async () => {
    const answer = await app.inject({ method: 'PUT', url: '/v1/config/customers' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.code).toBe('SCL_ERR_CP_CONFIG_INVALID');
  });

  it('a service name outside the registry pattern is refused', async () => {
    const answer = await app.inject({ method: 'PUT', url: '/v1/config/Bad_Name', payload: { logLevel: 'info' } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatchObject({ code: 'SCL_ERR_CP_BAD_REQUEST', field: 'service' });
  });

  it('a blocking GET returns the new version as soon as it is stored', async () => {
    const current = await app.inject({ method: 'GET', url: '/v1/config/web' });
    const index = Number(current.headers['x-scl-index']);
    const blocked = app.inject({ method: 'GET', url: `/v1/config/web?index=${index}&wait=300s` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.inject({ method: 'PUT', url: '/v1/config/web', payload: { logLevel: 'warn' } });
    const answer = await blocked;
    expect(answer.json()).toMatchObject({ version: 2, config: { logLevel: 'warn' } });
    expect(Number(answer.headers['x-scl-index'])).toBeGreaterThan(index);
  });

  it('a blocking GET with an old or future index answers at once', async () => {
    for (const index of [0, 999_999]) {
      const answer = await app.inject({ method: 'GET', url: `/v1/config/web?index=${index}&wait=300s` });
      expect(answer.statusCode).toBe(200);
    }
  });

  it('a blocking GET on a service without config waits for its first PUT', async () => {
    const blocked = app.inject({ method: 'GET', url: '/v1/config/newcomer?index=0&wait=300s' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.inject({ method: 'PUT', url: '/v1/config/newcomer', payload: { logLevel: 'error' } });
    expect((await blocked).json()).toEqual({ service: 'newcomer', version: 1, config: { logLevel: 'error' } });
  });
});
