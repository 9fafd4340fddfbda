// The payment fault proxy against a real upstream over real sockets: the share it fails, charges counted by key.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultProxy, NO_FAULT } from '../fault-proxy.js';

const servers: Server[] = [];
const proxies: FaultProxy[] = [];

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A payment stand-in: charges a key once, replays it after. */
async function upstream(): Promise<string> {
  const charged = new Set<string>();
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const key = String(request.headers['idempotency-key'] ?? '');
      const replay = charged.has(key);
      charged.add(key);
      response.writeHead(201, { 'content-type': 'application/json', ...(replay ? { 'idempotent-replayed': 'true' } : {}) });
      response.end('{"id":1}');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function post(url: string, key: string): Promise<number> {
  const response = await fetch(`${url}/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: '{}',
  });
  await response.arrayBuffer();
  return response.status;
}

describe('fault proxy', () => {
  it('answers about the given share 503 after the service charged, and counts keys, charges and replays', async () => {
    const proxy = new FaultProxy(await upstream(), 7);
    proxies.push(proxy);
    const url = `http://127.0.0.1:${await proxy.start()}`;
    proxy.setFault({ ...NO_FAULT, errorRatio: 0.2 });
    const statuses: number[] = [];
    for (let index = 0; index < 200; index++) statuses.push(await post(url, `key-${index}`));
    const failed = statuses.filter((status) => status === 503).length;
    expect(failed).toBeGreaterThan(20);
    expect(failed).toBeLessThan(60);
    // Retrying every failed key once: the service replays, nothing is charged twice.
    for (const [index, status] of statuses.entries()) if (status === 503) await post(url, `key-${index}`);
    expect(proxy.counts).toMatchObject({ requests: 200 + failed, distinctKeys: 200, charges: 200, keysCharged: 200, keysChargedTwice: 0 });
    expect(proxy.counts.injectedErrors).toBeGreaterThanOrEqual(failed);
  });

  it('a client that goes away mid-request leaves the proxy serving', async () => {
    const proxy = new FaultProxy(await upstream());
    proxies.push(proxy);
    const port = await proxy.start();
    const { connect } = await import('node:net');
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('POST /payments HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"partial":');
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    expect(await post(`http://127.0.0.1:${port}`, 'after')).toBe(201);
  });
});
