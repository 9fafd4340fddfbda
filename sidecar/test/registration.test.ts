import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import { createControlPlane } from '../../controlplane/src/server.js';
import { createSidecarRegistration } from '../src/registry/feature.js';
import { eventually } from './support/topology.js';

let controlplane: FastifyInstance;
let url: string;

beforeAll(async () => {
  controlplane = createControlPlane();
  url = await controlplane.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => controlplane.close());

describe('registering the app only while it is eligible', () => {
  it('an app that is not eligible is not registered; it is as soon as refresh() sees it eligible, and deregistered when it is not', async () => {
    const client = new ControlPlaneClient(url);
    let eligible = false;
    const registration = createSidecarRegistration({
      controlplaneUrl: url,
      registration: { service: 'customers', id: 'customers-elig', address: '127.0.0.1', port: 7101, ttlSeconds: 5 },
      heartbeatIntervalSeconds: 30, // no tick during the test: only refresh() acts
      eligible: () => eligible,
      registry: new Registry(),
    });
    const listed = async () => (await client.instances('customers')).instances.some((i) => i.id === 'customers-elig');
    try {
      await registration.start();
      expect(registration.isRegistered).toBe(false);
      expect(await listed()).toBe(false);

      eligible = true;
      await registration.refresh();
      expect(registration.isRegistered).toBe(true);
      expect(await listed()).toBe(true);

      eligible = false;
      await registration.refresh();
      expect(registration.isRegistered).toBe(false);
      expect(await listed()).toBe(false);

      eligible = true;
      await registration.refresh();
      await eventually('listed again', listed);
    } finally {
      await registration.stop();
    }
    expect(await listed()).toBe(false);
  });
});
