// Mode native: the HAProxy config the harness writes, the recipe that puts it in front of an app, and (over real
// sockets) an app answering through it; the process tests are skipped, saying how to install it, without haproxy.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { haproxyConfig, haproxyInstalled, HAPROXY_INSTALL_HINT, spawnHaproxy } from '../haproxy.js';
import { startInstance } from '../instance.js';
import { freePort } from '../ports.js';
import { stop, stopAll } from '../processes.js';
import { waitForHttpOk } from '../ready.js';
import { instanceEnv, instancePorts, nativeRoutes, recipePorts, type InstanceRecipe } from '../recipe.js';

const installed = haproxyInstalled();
if (!installed) console.warn(`skipping the HAProxy process tests: ${HAPROXY_INSTALL_HINT}`);
afterAll(() => stopAll({ signal: 'SIGKILL' }));

describe('the HAProxy config of mode native', () => {
  it('proxies each route from its port to its target and nothing else: one thread, keep-alive both ways', () => {
    const config = haproxyConfig([
      { name: 'ingress', listenPort: 4100, targetPort: 4200 },
      { name: 'egress-payment', listenPort: 4101, targetPort: 4300 },
    ]);
    const lines = config.split('\n').map((line) => line.trim());
    expect(lines).toEqual(expect.arrayContaining(['nbthread 1', 'mode http', 'option http-keep-alive', 'http-reuse always']));
    expect(lines).toEqual(
      expect.arrayContaining([
        'frontend ingress',
        'bind 127.0.0.1:4100',
        'default_backend ingress-target',
        'server ingress-server 127.0.0.1:4200',
      ]),
    );
    expect(lines).toEqual(
      expect.arrayContaining(['frontend egress-payment', 'bind 127.0.0.1:4101', 'server egress-payment-server 127.0.0.1:4300']),
    );
    // Only the hop: no health checks, retries, logging, compression or header rewriting.
    expect(config).not.toMatch(/\b(check|retries|log|compression|http-request|http-response|option httplog)\b/);
    expect(lines.filter((line) => line.startsWith('frontend '))).toHaveLength(2);
  });

  it('runs the app as in mode none on a private port, HAProxy on the public one', async () => {
    let next = 5000;
    const ports = await instancePorts('native', async () => next++);
    expect(ports).toEqual({ publicPort: 5000, nativePorts: { app: 5001 } });
    const recipe: InstanceRecipe = {
      lang: 'ts',
      service: 'customers',
      mode: 'native',
      instanceId: 'customers-native',
      dir: '/tmp/x',
      ...ports,
    };
    const env = instanceEnv(recipe);
    expect([env.SCL_MODE, env.SCL_PUBLIC_PORT, env.SCL_PRIVATE_PORT, env.SCL_EGRESS_URL]).toEqual(['none', '5001', undefined, undefined]);
    expect(nativeRoutes(recipe)).toEqual([{ name: 'ingress', listenPort: 5000, targetPort: 5001 }]);
    expect(recipePorts(recipe).sort()).toEqual([5000, 5001]);
    expect(() => nativeRoutes({ ...recipe, mode: 'none', nativePorts: undefined })).toThrow(/no HAProxy in front/);
  });
});

describe.skipIf(!installed)('HAProxy in front of a process, over real sockets', () => {
  it('carries a request and its answer through an egress route to a plain server', async () => {
    const server = createServer((request, response) =>
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`seen ${request.url}`),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const listenPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'scl-haproxy-'));
    const child = spawnHaproxy({
      dir,
      name: 'haproxy test',
      routes: [{ name: 'egress-peer', listenPort, targetPort: (server.address() as AddressInfo).port }],
    });
    try {
      await waitForHttpOk(`http://127.0.0.1:${listenPort}/health`, { timeoutSeconds: 10, processes: [child] });
      const response = await fetch(`http://127.0.0.1:${listenPort}/customers/7`);
      expect([response.status, await response.text()]).toEqual([200, 'seen /customers/7']);
    } finally {
      await stop(child, { signal: 'SIGTERM', graceSeconds: 5 });
      server.close();
    }
  });

  it('starts the ts customers service in mode native: it answers on the public port through HAProxy, and directly on its own', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'scl-native-'));
    const instance = await startInstance({ lang: 'ts', service: 'customers', mode: 'native', instanceId: 'customers-native', runDir });
    try {
      expect([instance.sidecarProcess, instance.metricsUrl]).toEqual([undefined, undefined]);
      expect(instance.proxyProcess?.exitInfo).toBeUndefined();
      expect(instance.appUrl).not.toBe(instance.publicUrl);
      const created = await fetch(`${instance.publicUrl}/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', email: 'ada@example.org' }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: number };
      const [viaProxy, direct] = await Promise.all([
        fetch(`${instance.publicUrl}/customers/${id}`),
        fetch(`${instance.appUrl}/customers/${id}`),
      ]);
      expect([viaProxy.status, direct.status]).toEqual([200, 200]);
      expect(await viaProxy.json()).toEqual(await direct.json());
      // Mode none's app: no library, so no /metrics of its own.
      expect((await fetch(`${instance.appUrl}/metrics`)).status).toBe(404);
    } finally {
      await instance.stop();
    }
    expect(instance.proxyProcess?.exitInfo).toBeDefined();
  });
});
