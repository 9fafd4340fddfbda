import { afterAll, describe, expect, it } from 'vitest';
import catalogue from '../../spec/errors.json' with { type: 'json' };
import { createControlPlane } from '../src/server.js';

describe('bad input', () => {
  const app = createControlPlane();
  afterAll(() => app.close());
  const json = { 'content-type': 'application/json' };
  const registration = { service: 'web', id: 'web-1', address: '127.0.0.1', port: 8081, ttlSeconds: 5 };

  const cases: {
    title: string;
    method: 'GET' | 'PUT' | 'POST' | 'DELETE';
    url: string;
    headers?: Record<string, string>;
    payload?: string;
    status: number;
    field?: string;
  }[] = [
    {
      title: 'malformed JSON',
      method: 'PUT',
      url: '/v1/registry/register',
      headers: json,
      payload: '{"service":',
      status: 400,
      field: 'body',
    },
    { title: 'JSON that is not an object', method: 'PUT', url: '/v1/registry/register', headers: json, payload: '[1,2]', status: 400 },
    {
      title: 'a port given as a string',
      method: 'PUT',
      url: '/v1/registry/register',
      headers: json,
      payload: JSON.stringify({ ...registration, port: '8081' }),
      status: 400,
      field: 'port',
    },
    {
      title: 'a port out of range',
      method: 'PUT',
      url: '/v1/registry/register',
      headers: json,
      payload: JSON.stringify({ ...registration, port: 70000 }),
      status: 400,
      field: 'port',
    },
    {
      title: 'a TTL of zero',
      method: 'PUT',
      url: '/v1/registry/register',
      headers: json,
      payload: JSON.stringify({ ...registration, ttlSeconds: 0 }),
      status: 400,
      field: 'ttlSeconds',
    },
    {
      title: 'a missing id',
      method: 'PUT',
      url: '/v1/registry/register',
      headers: json,
      payload: JSON.stringify({ ...registration, id: undefined }),
      status: 400,
      field: 'id',
    },
    {
      title: 'an id with a slash',
      method: 'PUT',
      url: '/v1/registry/register',
      headers: json,
      payload: JSON.stringify({ ...registration, id: 'a/b' }),
      status: 400,
      field: 'id',
    },
    {
      title: 'an upper-case service name',
      method: 'PUT',
      url: '/v1/registry/register',
      headers: json,
      payload: JSON.stringify({ ...registration, service: 'Web' }),
      status: 400,
      field: 'service',
    },
    {
      title: 'a meta value that is not a string',
      method: 'PUT',
      url: '/v1/registry/register',
      headers: json,
      payload: JSON.stringify({ ...registration, meta: { zone: 1 } }),
      status: 400,
      field: 'meta.zone',
    },
    {
      title: 'an unknown field',
      method: 'PUT',
      url: '/v1/registry/register',
      headers: json,
      payload: JSON.stringify({ ...registration, color: 'red' }),
      status: 400,
      field: 'color',
    },
    { title: 'no body at all', method: 'PUT', url: '/v1/registry/register', status: 400 },
    {
      title: 'a protobuf registration',
      method: 'PUT',
      url: '/v1/registry/register',
      headers: { 'content-type': 'application/x-protobuf' },
      payload: 'x',
      status: 415,
      field: 'content-type',
    },
    {
      title: 'a body over 64 KiB',
      method: 'PUT',
      url: '/v1/registry/register',
      headers: json,
      payload: JSON.stringify({ ...registration, address: 'x'.repeat(70_000) }),
      status: 413,
    },
    { title: 'a heartbeat for an unknown id', method: 'PUT', url: '/v1/registry/heartbeat/ghost', status: 404 },
    { title: 'a bad wait format', method: 'GET', url: '/v1/registry/services/web?index=1&wait=soon', status: 400, field: 'wait' },
    { title: 'a wait without unit', method: 'GET', url: '/v1/config/web?index=1&wait=10', status: 400, field: 'wait' },
    { title: 'a negative index', method: 'GET', url: '/v1/config/web?index=-1', status: 400, field: 'index' },
    { title: 'a fractional index', method: 'GET', url: '/v1/registry/services/web?index=1.5', status: 400, field: 'index' },
    { title: 'a config for an unknown service', method: 'GET', url: '/v1/config/ghost', status: 404 },
    { title: 'a config as a string', method: 'PUT', url: '/v1/config/web', headers: json, payload: '"info"', status: 400, field: 'body' },
    { title: 'an OTLP body that is a number', method: 'POST', url: '/v1/logs', headers: json, payload: '42', status: 400 },
    {
      title: 'an OTLP body that is not JSON',
      method: 'POST',
      url: '/v1/logs',
      headers: json,
      payload: '\x0a\x03abc',
      status: 400,
      field: 'body',
    },
    { title: 'an unknown route', method: 'GET', url: '/v2/anything', status: 404 },
    { title: 'an unknown method on a known path', method: 'DELETE', url: '/v1/config/web', status: 404 },
  ];

  it.each(cases)('$title answers $status with the error shape', async ({ method, url, headers, payload, status, field }) => {
    const answer = await app.inject({ method, url, headers, payload });
    expect(answer.statusCode).toBe(status);
    const { error } = answer.json();
    expect(Object.keys(catalogue.platform)).toContain(error.code);
    expect(error.code).toMatch(/^SCL_ERR_CP_/);
    expect(typeof error.message).toBe('string');
    if (field !== undefined) expect(error.field).toBe(field);
  });

  it('stays healthy after all of it', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
  });
});
