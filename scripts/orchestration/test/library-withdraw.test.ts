// SIGTERM in library mode, every language: the instance leaves the registry while its port still accepts (spec/start-contract.md).
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ControlPlaneClient } from '../../../controlplane/src/client.js';
import { startControlPlane } from '../controlplane.js';
import { startInstance } from '../instance.js';
import { knownLanguages, toolchainAvailable } from '../languages.js';
import { stopAll } from '../processes.js';

const runDir = mkdtempSync(join(tmpdir(), 'scl-withdraw-'));
const toolchains = await Promise.all(knownLanguages().map(async (lang) => ({ lang, check: await toolchainAvailable(lang) })));
const ADA = { id: 1, name: 'Ada', email: 'ada@example.org', createdAt: '2026-01-01T00:00:00.000Z' };

afterAll(() => stopAll({ signal: 'SIGKILL' }));

/** True while a TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A customers peer that answers only when released, so the checkout stays in flight through the drain. */
async function heldPeer(): Promise<{ server: Server; port: number; release(): void; received: () => number }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let received = 0;
  const server = createServer((_request, response) => {
    received++;
    void released.then(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ADA)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, release, received: () => received };
}

describe.each(toolchains)('library mode in $lang', ({ lang, check }) => {
  it.skipIf(!check.available)(
    'on SIGTERM the instance is deregistered before its port stops accepting, then drains and exits 0',
    async () => {
      const controlPlane = await startControlPlane({ runDir: join(runDir, lang) });
      const peer = await heldPeer();
      try {
        const client = new ControlPlaneClient(controlPlane.url);
        await client.register({ service: 'customers', id: 'customers-held', address: '127.0.0.1', port: peer.port, ttlSeconds: 3600 });
        const instance = await startInstance({
          lang,
          service: 'web',
          mode: 'library',
          instanceId: `web-${lang}`,
          controlplaneUrl: controlPlane.url,
          runDir: join(runDir, lang),
        });
        const listed = async () =>
          (await client.instances('web', { passing: true })).instances.some((one) => one.id === instance.instanceId);
        await expect.poll(listed, { timeout: 10_000 }).toBe(true);
        const checkout = fetch(`${instance.publicUrl}/checkout`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ customerId: 1, amountCents: 500, currency: 'EUR' }),
        });
        await expect.poll(peer.received, { timeout: 10_000 }).toBe(1);
        process.kill(instance.appProcess.pid, 'SIGTERM');
        while (await accepts(instance.publicPort)) await new Promise((resolve) => setTimeout(resolve, 2));
        // The first refused connection, the checkout still in flight: the registry must no longer list it.
        expect(await listed()).toBe(false);
        peer.release();
        await checkout.catch(() => undefined);
        expect((await instance.appProcess.exited).exitCode).toBe(0);
        await instance.stop();
      } finally {
        peer.server.closeAllConnections();
        peer.server.close();
        await controlPlane.stop('SIGKILL');
      }
    },
    60_000,
  );
});
