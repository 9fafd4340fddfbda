// Tests of the load machinery against real processes over real sockets: built JS from dist/ (npm test builds first).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrate, FIXED_DELAY_MICROS } from '../load/calibration.js';
import { runOpenLoop } from '../load/open-loop.js';
import { checkOpenLoopStep } from '../load/validity.js';
import { shutdownAll } from '../bench/cleanup.js';

const servers: Server[] = [];

async function server(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const created = createServer(handler!);
  servers.push(created);
  await new Promise<void>((resolve) => created.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(created.address() as AddressInfo).port}`;
}

afterAll(async () => {
  await shutdownAll();
  await Promise.all(servers.map((one) => new Promise((resolve) => one.close(resolve))));
});

describe('open-loop generator and calibration', () => {
  it('reads the 2 ms target at no less than its delay and the no-op target far lower', async () => {
    const [noop, fixed] = await calibrate({ ratePerSecond: 200, durationSeconds: 1.5, warmupSeconds: 1, smoke: false });
    // Node's millisecond timers may fire a little early against performance.now(), hence the 0.75.
    expect(fixed!.truth.p50Micros).toBeGreaterThanOrEqual(FIXED_DELAY_MICROS * 0.75);
    // Only a sanity ceiling: on a shared 2-core machine the load inflates every reading. The floor is the point:
    // the generator never reads less than the delay the target waits.
    expect(fixed!.load.latency.p50Micros).toBeGreaterThanOrEqual(FIXED_DELAY_MICROS * 0.75);
    expect(fixed!.load.latency.p50Micros).toBeLessThan(100_000);
    // Medians swing with whatever else runs on two cores; the fastest answers do not: a no-op can answer far
    // below the delay, the delayed target never can.
    expect(noop!.load.latency.minMicros).toBeLessThan(FIXED_DELAY_MICROS * 0.5);
    expect(fixed!.load.latency.minMicros).toBeGreaterThan(FIXED_DELAY_MICROS * 0.5);
    expect(fixed!.load.sent).toBe(300);
    expect(noop!.load.ok + noop!.load.timeouts + noop!.load.errors).toBe(300);
  }, 60_000);

  it('a server that answers 500 makes the step invalid with the failures counted', async () => {
    const origin = await server((_request, response) => response.writeHead(500).end());
    const result = await runOpenLoop({
      origin,
      method: 'GET',
      path: '/',
      ratePerSecond: 100,
      durationSeconds: 1,
      warmupSeconds: 0.2,
      connections: 4,
      timeoutSeconds: 1,
    });
    expect(result.non2xx).toBe(100);
    const validity = checkOpenLoopStep(result);
    expect(validity.valid).toBe(false);
    expect(validity.reasons.join()).toMatch(/100 non-2xx/);
  }, 30_000);

  it('a target past saturation delivers less than the rate, and the step is invalid for it', async () => {
    const origin = await server((_request, response) => {
      setTimeout(() => response.end('slow'), 10);
    });
    // One connection and 10 ms per answer: at most 100 answers a second against 200 asked.
    const result = await runOpenLoop({
      origin,
      method: 'GET',
      path: '/',
      ratePerSecond: 200,
      durationSeconds: 1,
      warmupSeconds: 0.3,
      connections: 1,
      timeoutSeconds: 5,
    });
    expect(result.achievedRatePerSecond).toBeLessThan(150);
    const validity = checkOpenLoopStep(result);
    expect(validity.valid).toBe(false);
    expect(validity.reasons.join()).toMatch(/against a target of 200 req\/s/);
  }, 30_000);

  it('a stall is measured from the intended send time, not hidden (coordinated omission)', async () => {
    let stalled = false;
    const origin = await server((_request, response) => {
      if (!stalled && performance.now() > stallAtMillis) {
        stalled = true;
        setTimeout(() => response.end('late'), 300);
      } else {
        response.end('ok');
      }
    });
    const stallAtMillis = performance.now() + 1500;
    // One connection: everything behind the stalled request waits too, as it would in a real queue.
    const result = await runOpenLoop({
      origin,
      method: 'GET',
      path: '/',
      ratePerSecond: 200,
      durationSeconds: 2,
      warmupSeconds: 0.5,
      connections: 1,
      timeoutSeconds: 2,
    });
    expect(result.latency.maxMicros).toBeGreaterThanOrEqual(280_000);
    // ~60 requests were due during the 300 ms stall: more than 1% of the 400 sent read over 100 ms.
    expect(result.latency.p99Micros).toBeGreaterThan(100_000);
  }, 30_000);
});
