import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.js';
import { RegistryFeature } from '../../src/registry/feature.js';
import { FakeControlPlane } from '../fixtures/fake-controlplane.js';
import { startServer, waitFor } from '../fixtures/http-server.js';

let plane: FakeControlPlane;
const features: RegistryFeature[] = [];
beforeEach(async () => {
  plane = await FakeControlPlane.start();
});
afterEach(async () => {
  await Promise.all(features.splice(0).map((f) => f.stop()));
  await plane.close();
});

function feature(controlplaneUrl = plane.url, registry?: Registry) {
  const created = new RegistryFeature({
    client: new RegistryClient({ controlplaneUrl, timeoutSeconds: 1 }),
    registration: { service: 'customers', id: 'customers-1', address: '127.0.0.1', port: 7101, ttlSeconds: 5 },
    heartbeatIntervalSeconds: 0.02,
    registry,
  });
  features.push(created);
  return created;
}

describe('registry feature', () => {
  it('registers at start with the advertised address, port and TTL', async () => {
    await feature().start();
    expect(plane.instances.get('customers-1')).toMatchObject({ service: 'customers', address: '127.0.0.1', port: 7101, status: 'passing' });
    expect(plane.calls).toContain('PUT /v1/registry/register');
  });

  it('heartbeats every interval and counts them', async () => {
    const registry = new Registry();
    await feature(plane.url, registry).start();
    // counted once the answer is back, which can be after the fake recorded the call
    await waitFor(
      async () => /scl_registry_heartbeats_total\{result="ok"\} ([3-9]|\d\d)/.test(await registry.metrics()),
      'three heartbeats counted',
    );
    expect(plane.calls.filter((c) => c.startsWith('PUT /v1/registry/heartbeat/')).length).toBeGreaterThanOrEqual(3);
    expect(await registry.metrics()).toContain('scl_registry_registered 1');
  });

  it('a heartbeat answered 404 registers the instance again', async () => {
    await feature().start();
    plane.instances.delete('customers-1');
    await waitFor(() => plane.instances.has('customers-1'), 'the re-registration');
    expect(plane.calls.filter((c) => c === 'PUT /v1/registry/register')).toHaveLength(2);
  });

  it('stop deregisters, and no heartbeat follows', async () => {
    const registry = new Registry();
    const registration = feature(plane.url, registry);
    await registration.start();
    await registration.stop();
    expect(plane.instances.has('customers-1')).toBe(false);
    const callsAtStop = plane.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(plane.calls.slice(callsAtStop)).toEqual([]);
    expect(await registry.metrics()).toContain('scl_registry_registered 0');
  });

  it('a control plane down at start does not fail start; the instance registers once it is back', async () => {
    const port = plane.url.split(':').pop()!;
    await plane.close();
    const registration = feature(`http://127.0.0.1:${port}`);
    await registration.start();
    expect(registration.isRegistered).toBe(false);
    plane = await FakeControlPlane.start(Number(port));
    await waitFor(() => registration.isRegistered, 'registration after the control plane came back');
    expect(plane.instances.has('customers-1')).toBe(true);
  });

  it('a register refused with a 4xx leaves the instance unregistered, without throwing', async () => {
    const refusing = await startServer(
      (_req, res) => void res.writeHead(400).end('{"error":{"code":"SCL_ERR_CP_BAD_REQUEST","message":"bad"}}'),
    );
    try {
      const registration = feature(refusing.url);
      await registration.start();
      expect(registration.isRegistered).toBe(false);
      await registration.stop();
    } finally {
      await refusing.close();
    }
  });
});
