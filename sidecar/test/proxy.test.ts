import { describe, expect, it } from 'vitest';
import { splitTarget } from '../src/egress/ambassador.js';
import { appRequestHeaders, clientResponseHeaders } from '../src/proxy/headers.js';
import { RouteMatcher } from '../src/proxy/routes.js';
import { fromRoot } from '../src/paths.js';

const pairs = (flat: readonly string[]) => Object.fromEntries(flat.flatMap((_, i) => (i % 2 === 0 ? [[flat[i], flat[i + 1]]] : [])));

describe('headers crossing ingress', () => {
  it('hop-by-hop request headers are dropped, the rest kept in lower case', () => {
    const { headers, hasBody } = appRequestHeaders([
      'Host',
      'shop',
      'Connection',
      'keep-alive',
      'Keep-Alive',
      'timeout=5',
      'TE',
      'trailers',
      'Upgrade',
      'h2c',
      'Proxy-Authorization',
      'secret',
      'Accept',
      'application/json',
      'Content-Length',
      '12',
    ]);
    const sent = pairs(headers);
    expect(sent).toMatchObject({ host: 'shop', accept: 'application/json', 'content-length': '12' });
    for (const name of ['connection', 'keep-alive', 'te', 'upgrade', 'proxy-authorization']) expect(sent).not.toHaveProperty(name);
    expect(hasBody).toBe(true);
  });

  it('headers the Connection header names are hop-by-hop too', () => {
    const sent = pairs(appRequestHeaders(['Connection', 'close, X-Private', 'X-Private', '1', 'X-Public', '2']).headers);
    expect(sent).not.toHaveProperty('x-private');
    expect(sent['x-public']).toBe('2');
  });

  it('a usable x-request-id is sent to the app as it came', () => {
    const { headers, requestId } = appRequestHeaders(['X-Request-Id', 'abc-123']);
    expect(requestId).toBe('abc-123');
    expect(pairs(headers)['x-request-id']).toBe('abc-123');
  });

  it('a missing or unusable request id is replaced by a new one, sent to the app', () => {
    for (const raw of [[], ['x-request-id', 'has spaces'], ['x-request-id', 'x'.repeat(200)]]) {
      const { headers, requestId } = appRequestHeaders(raw);
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(pairs(headers)['x-request-id']).toBe(requestId);
    }
  });

  it('a body is expected with a non-zero content-length or chunked encoding only', () => {
    expect(appRequestHeaders(['content-length', '0']).hasBody).toBe(false);
    expect(appRequestHeaders([]).hasBody).toBe(false);
    expect(appRequestHeaders(['transfer-encoding', 'chunked']).hasBody).toBe(true);
  });

  it("the app's hop-by-hop response headers are dropped and the request id added when it did not echo one", () => {
    const raw = ['Content-Type', 'text/plain', 'Connection', 'keep-alive', 'Transfer-Encoding', 'chunked', 'Keep-Alive', 'timeout=5'].map(
      (s) => Buffer.from(s),
    );
    const answer = pairs(clientResponseHeaders(raw, 'rid-1', false));
    expect(answer).toEqual({ 'content-type': 'text/plain', 'x-request-id': 'rid-1' });
  });

  it('while draining, answers tell the client to close the connection', () => {
    const answer = pairs(clientResponseHeaders([Buffer.from('x-request-id'), Buffer.from('app-id')], 'rid-1', true));
    expect(answer).toEqual({ 'x-request-id': 'app-id', connection: 'close' });
  });
});

describe('route templates from the OpenAPI file', () => {
  it("a path of the service's own operations is labelled with its template", async () => {
    const routes = await RouteMatcher.load(fromRoot('spec', 'services.openapi.yaml'), 'customers');
    expect(routes.routeOf('GET', '/customers/42?x=1')).toBe('/customers/{id}');
    expect(routes.routeOf('POST', '/customers')).toBe('/customers');
    expect(routes.routeOf('HEAD', '/customers/42')).toBe('/customers/{id}');
  });

  it("another service's path, an unknown path or a method without an operation is other", async () => {
    const routes = await RouteMatcher.load(fromRoot('spec', 'services.openapi.yaml'), 'customers');
    expect(routes.routeOf('GET', '/payments/1')).toBe('other');
    expect(routes.routeOf('GET', '/nothing/here')).toBe('other');
    expect(routes.routeOf('DELETE', '/customers/1')).toBe('other');
  });

  it('/health, /metrics and /_scl/* are not counted', async () => {
    const routes = await RouteMatcher.load(fromRoot('spec', 'services.openapi.yaml'), 'web');
    for (const path of ['/health', '/metrics', '/_scl/log', '/_scl/config?x=1']) expect(routes.routeOf('GET', path)).toBeUndefined();
    expect(routes.routeOf('POST', '/checkout')).toBe('/checkout');
  });

  it('untagged operations count for every service', () => {
    const routes = new RouteMatcher({ '/things/{thingId}/parts': { get: {} } }, 'any');
    expect(routes.routeOf('GET', '/things/7/parts')).toBe('/things/{thingId}/parts');
  });
});

describe('the ambassador target', () => {
  it.each([
    ['/customers/customers/7?x=1', 'customers', '/customers/7?x=1'],
    ['/payment', 'payment', '/'],
    ['/payment?x=1', 'payment', '/?x=1'],
    ['/', undefined, '/'],
    ['/%ZZ/x', undefined, '/x'],
  ])('%s is service %s, path %s', (url, service, path) => {
    expect(splitTarget(url)).toEqual({ service, path });
  });
});
