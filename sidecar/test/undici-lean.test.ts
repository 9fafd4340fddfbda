// The bundle's lean undici (sidecar/build/undici-lean.cjs) answers as undici's own request() and dispatchers do, over a real socket.
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as undici from 'undici';
import { fromRoot } from '../src/paths.js';

const lean = createRequire(import.meta.url)(fromRoot('sidecar', 'build', 'undici-lean.cjs')) as typeof undici;
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ method: request.method, url: request.url, body, type: request.headers['content-type'] ?? null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function call(client: typeof undici, url: string, options: Parameters<typeof undici.request>[1]) {
  const response = await client.request(url, options);
  return { status: response.statusCode, body: (await response.body.json()) as unknown };
}

describe('the lean undici of the bundle', () => {
  const cases: Array<[string, string, Parameters<typeof undici.request>[1]]> = [
    ['a GET with a query', '/v1/registry/services/web?passing=true&index=3', {}],
    ['a POST with a body and headers', '/v1/logs', { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } }],
    ['a body without a method (PUT, as undici decides)', '/v1/config', { body: 'x' }],
  ];
  for (const [name, path, options] of cases) {
    it(`answers ${name} as undici does`, async () => {
      const agent = new lean.Agent();
      const expected = await call(undici, `${origin}${path}`, options);
      expect(await call(lean, `${origin}${path}`, { ...options, dispatcher: agent })).toEqual(expected);
      await agent.close();
    });
  }

  it('dispatches through a Pool, the ingress side', async () => {
    const pool = new lean.Pool(origin, { connections: 2 });
    const response = await pool.request({ path: '/p', method: 'GET' });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ method: 'GET', url: '/p', body: '', type: null });
    await pool.close();
  });

  it('refuses the agent option as undici does', () => {
    expect(() => lean.request(`${origin}/`, { agent: {} } as never)).toThrow(/opts.agent/);
  });
});
