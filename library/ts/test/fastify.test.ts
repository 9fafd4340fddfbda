import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Exchange } from '../src/feature.js';
import { instrumentFastify, isUncountedPath, requestIdOf, routeTemplate, sclFastifyPlugin } from '../src/fastify.js';
import type { Library } from '../src/types.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A library stand-in that records what the glue hands it. */
function recordingLibrary(scrapeBody: string | null = '# metrics\n') {
  const observed: Exchange[] = [];
  const library = {
    observe: (exchange: Exchange) => void observed.push(exchange),
    scrape: async () => (scrapeBody === null ? undefined : { contentType: 'text/plain; version=0.0.4; charset=utf-8', body: scrapeBody }),
  } as unknown as Library;
  return { library, observed };
}

async function appWith(library: Library, useRegister = false) {
  const app = Fastify();
  apps.push(app);
  if (useRegister) await app.register(sclFastifyPlugin, { library });
  else instrumentFastify(app, library);
  app.get('/customers/:id', async (request) => ({ id: (request.params as { id: string }).id, requestId: requestIdOf(request) }));
  app.get('/health', async () => ({ status: 'ok' }));
  app.post('/_scl/log', async (_request, reply) => reply.code(204).send());
  app.get('/fails', async (_request, reply) => reply.code(503).send({ error: 'x' }));
  await app.ready();
  return app;
}

describe('route template conversion', () => {
  it('turns fastify parameters into OpenAPI templates', () => {
    expect(routeTemplate('/customers/:id')).toBe('/customers/{id}');
    expect(routeTemplate('/a/:first/b/:second_id')).toBe('/a/{first}/b/{second_id}');
    expect(routeTemplate('/payments/:id(^\\d+$)')).toBe('/payments/{id}');
    expect(routeTemplate('/checkout')).toBe('/checkout');
  });

  it('/metrics, /health and /_scl/* are not counted', () => {
    expect(isUncountedPath('/metrics')).toBe(true);
    expect(isUncountedPath('/health?x=1')).toBe(true);
    expect(isUncountedPath('/_scl/config')).toBe(true);
    expect(isUncountedPath('/healthz')).toBe(false);
    expect(isUncountedPath('/customers/1')).toBe(false);
  });
});

describe('fastify glue', () => {
  it("uses the app's own request id when the app is created with requestIdHeader x-request-id", async () => {
    const { library, observed } = recordingLibrary();
    const app = Fastify({ requestIdHeader: 'x-request-id', genReqId: () => 'made-by-the-app' });
    apps.push(app);
    instrumentFastify(app, library);
    app.get('/customers/:id', async (request) => ({ requestId: requestIdOf(request), fastifyId: request.id }));
    await app.ready();
    const generated = await app.inject({ method: 'GET', url: '/customers/1' });
    expect(generated.json()).toEqual({ requestId: 'made-by-the-app', fastifyId: 'made-by-the-app' });
    const given = await app.inject({ method: 'GET', url: '/customers/2', headers: { 'x-request-id': 'given' } });
    expect(given.json()).toEqual({ requestId: 'given', fastifyId: 'given' });
    expect(observed.map((exchange) => exchange.requestId)).toEqual(['made-by-the-app', 'given']);
  });

  it('observes a matched request with its route template, method, status, duration and request id', async () => {
    const { library, observed } = recordingLibrary();
    const app = await appWith(library);
    const response = await app.inject({ method: 'GET', url: '/customers/42', headers: { 'x-request-id': 'req-abc' } });
    expect(response.headers['x-request-id']).toBe('req-abc');
    expect(response.json()).toEqual({ id: '42', requestId: 'req-abc' });
    expect(observed).toHaveLength(1);
    const [exchange] = observed;
    expect(exchange).toMatchObject({ route: '/customers/{id}', method: 'GET', status: 200, requestId: 'req-abc' });
    expect(exchange!.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(exchange!.durationSeconds).toBeLessThan(10);
  });

  it('a HEAD request on a GET route is observed once, as HEAD', async () => {
    const { library, observed } = recordingLibrary();
    const app = await appWith(library);
    await app.inject({ method: 'HEAD', url: '/customers/3' });
    expect(observed).toEqual([expect.objectContaining({ route: '/customers/{id}', method: 'HEAD', status: 200 })]);
  });

  it('generates a request id when none (or an unusable one) comes in', async () => {
    const { library, observed } = recordingLibrary();
    const app = await appWith(library);
    const plain = await app.inject({ method: 'GET', url: '/customers/1' });
    const bad = await app.inject({ method: 'GET', url: '/customers/1', headers: { 'x-request-id': 'x'.repeat(500) } });
    for (const response of [plain, bad]) expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(observed[0]!.requestId).toBe(plain.headers['x-request-id']);
  });

  it('a request no route matches is observed as route "other"', async () => {
    const { library, observed } = recordingLibrary();
    const app = await appWith(library);
    const response = await app.inject({ method: 'GET', url: '/nowhere/7' });
    expect(response.statusCode).toBe(404);
    expect(observed).toEqual([expect.objectContaining({ route: 'other', status: 404, method: 'GET' })]);
  });

  it('an error status of a matched route keeps its template', async () => {
    const { library, observed } = recordingLibrary();
    const app = await appWith(library);
    await app.inject({ method: 'GET', url: '/fails' });
    expect(observed).toEqual([expect.objectContaining({ route: '/fails', status: 503 })]);
  });

  it('/metrics, /health and /_scl/* are not observed', async () => {
    const { library, observed } = recordingLibrary();
    const app = await appWith(library);
    await app.inject({ method: 'GET', url: '/health' });
    await app.inject({ method: 'GET', url: '/metrics' });
    await app.inject({ method: 'POST', url: '/_scl/log' });
    await app.inject({ method: 'GET', url: '/_scl/unknown' });
    expect(observed).toEqual([]);
  });

  it('serves GET /metrics from the library scrape', async () => {
    const { library } = recordingLibrary('scl_x 1\n');
    const app = await appWith(library);
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toBe('scl_x 1\n');
  });

  it('answers 404 on /metrics when the metrics feature is disabled', async () => {
    const { library } = recordingLibrary(null);
    const app = await appWith(library);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });

  it('as a registered plugin its hooks see routes of the whole app', async () => {
    const { library, observed } = recordingLibrary();
    const app = await appWith(library, true);
    await app.inject({ method: 'GET', url: '/customers/5' });
    await app.inject({ method: 'GET', url: '/missing' });
    expect(observed.map((e) => e.route)).toEqual(['/customers/{id}', 'other']);
  });
});
