import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppHealth } from '../src/registry/app-health.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve()))));

/** A port with nothing on it yet, then an app that answers /health 200 there after `delayMillis`. */
async function appStartingAfter(delayMillis: number): Promise<string> {
  server = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server!.close(() => resolve()));
  setTimeout(() => server!.listen(port, '127.0.0.1'), delayMillis);
  return `http://127.0.0.1:${port}/health`;
}

describe('app health', () => {
  it('a starting app is seen healthy soon after its first answer, not a whole interval later', async () => {
    const url = await appStartingAfter(300);
    const startedAt = performance.now();
    let healthyAfterMillis: number | undefined;
    const health = new AppHealth({
      url,
      intervalSeconds: 10,
      timeoutSeconds: 1,
      failureThreshold: 3,
      onChange: (healthy) => {
        if (healthy) healthyAfterMillis = performance.now() - startedAt;
      },
    });
    health.start();
    await health.checkedOnce;
    expect(health.healthy).toBe(false);
    await expect.poll(() => healthyAfterMillis, { timeout: 5_000, interval: 20 }).toBeDefined();
    await health.stop();
    // With the 10 s interval alone it could not be before 10 s.
    expect(healthyAfterMillis).toBeLessThan(5_000);
  });
});
