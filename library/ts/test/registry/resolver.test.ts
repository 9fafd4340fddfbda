import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOT_RESOLVED, RegistryResolver } from '../../src/registry/resolver.js';
import { FakeControlPlane } from '../fixtures/fake-controlplane.js';
import { startServer, waitFor } from '../fixtures/http-server.js';

let plane: FakeControlPlane;
const resolvers: RegistryResolver[] = [];
beforeEach(async () => {
  plane = await FakeControlPlane.start();
});
afterEach(async () => {
  for (const resolver of resolvers.splice(0)) resolver.close();
  await plane.close();
});

function resolver(controlplaneUrl = plane.url, firstAnswerTimeoutSeconds = 5) {
  const created = new RegistryResolver({ controlplaneUrl, waitSeconds: 5, retryBackoffSeconds: 0.02, firstAnswerTimeoutSeconds });
  resolvers.push(created);
  return created;
}

const ids = (resolution: { instances: readonly { id: string }[] }) => resolution.instances.map((i) => i.id).sort();

describe('registry resolver', () => {
  it('the first call waits for the registry answer', async () => {
    plane.addInstance({ id: 'p-1', service: 'payment', address: '127.0.0.1', port: 7102 });
    const resolution = await resolver().resolve('payment');
    expect(resolution.known).toBe(true);
    expect(ids(resolution)).toEqual(['p-1']);
  });

  it('later calls answer at once from the watch', async () => {
    plane.addInstance({ id: 'p-1', service: 'payment', address: '127.0.0.1', port: 7102 });
    const watch = resolver();
    await watch.resolve('payment');
    const again = watch.resolve('payment');
    expect(again).not.toBeInstanceOf(Promise);
  });

  it('a name no instance ever registered under is unknown', async () => {
    const resolution = await resolver().resolve('nosuch');
    expect(resolution).toEqual({ known: false, instances: [] });
  });

  it('follows changes through blocking queries: new, critical and removed instances', async () => {
    plane.addInstance({ id: 'p-1', service: 'payment', address: '127.0.0.1', port: 7102 });
    const watch = resolver();
    await watch.resolve('payment');
    const current = async () => ids(await watch.resolve('payment')).join(',');
    plane.addInstance({ id: 'p-2', service: 'payment', address: '127.0.0.1', port: 7103 });
    await waitFor(async () => (await current()) === 'p-1,p-2', 'p-2 listed');
    plane.setInstanceStatus('p-1', 'critical');
    await waitFor(async () => (await current()) === 'p-2', 'p-1 no longer passing');
    plane.removeInstance('p-2');
    await waitFor(async () => (await current()) === '', 'no instance left');
    expect((await watch.resolve('payment')).known).toBe(true);
  });

  it('answers "no instance" after its bound when the control plane is down, and recovers', async () => {
    const port = Number(plane.url.split(':').pop());
    await plane.close();
    const watch = resolver(`http://127.0.0.1:${port}`, 0.1);
    expect(await watch.resolve('payment')).toBe(NOT_RESOLVED);
    plane = await FakeControlPlane.start(port);
    plane.addInstance({ id: 'p-1', service: 'payment', address: '127.0.0.1', port: 7102 });
    await waitFor(async () => ids(await watch.resolve('payment')).length === 1, 'the answer after recovery');
  });

  it('a service name the registry refuses (400) is unknown', async () => {
    const refusing = await startServer((_req, res) => void res.writeHead(400, { 'content-type': 'application/json' }).end('{}'));
    try {
      expect(await resolver(refusing.url).resolve('Bad Name')).toEqual({ known: false, instances: [] });
    } finally {
      await refusing.close();
    }
  });
});
