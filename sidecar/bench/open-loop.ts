// An open-loop load generator (child program): fixed-rate sends, latency from each request's intended time, in µs.
// Usage: node --single-threaded --min-semi-space-size=32 --max-semi-space-size=32 open-loop.js '<OpenLoopOptions as JSON>'
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

export interface OpenLoopOptions {
  origin: string;
  method: 'GET' | 'POST';
  path: string;
  bodyBytes: number;
  ratePerSecond: number;
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
}

export interface OpenLoopResult {
  sent: number;
  ok: number;
  failed: number;
  achievedRatePerSecond: number;
  /** From the intended send time to the end of the answer (coordinated omission handled). */
  latencyMicros: Percentiles;
  /** How late each request left: the generator's own error. */
  pacingMicros: Percentiles;
  windowStartedAt: number;
  windowEndedAt: number;
}

export type Percentiles = { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };

const histogram = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });

function percentiles(h: hdr.Histogram): Percentiles {
  return {
    p50: h.getValueAtPercentile(50),
    p90: h.getValueAtPercentile(90),
    p99: h.getValueAtPercentile(99),
    p999: h.getValueAtPercentile(99.9),
    max: h.maxValue,
    mean: Math.round(h.mean),
  };
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const body = options.method === 'POST' ? Buffer.alloc(options.bodyBytes, 'q') : undefined;
  const headers = body ? { 'content-type': 'application/octet-stream' } : {};
  const intervalMillis = 1000 / options.ratePerSecond;
  const warmupCount = Math.round(options.ratePerSecond * options.warmupSeconds);
  const total = warmupCount + Math.round(options.ratePerSecond * options.durationSeconds);
  const latency = histogram();
  const pacing = histogram();
  let ok = 0;
  let failed = 0;
  let finished = 0;
  let done!: () => void;
  const allDone = new Promise<void>((resolve) => (done = resolve));
  const t0 = performance.now() + 50;

  const send = (index: number, intended: number, now: number) => {
    const measured = index >= warmupCount;
    if (measured) pacing.recordValue(Math.max(1, Math.round((now - intended) * 1000)));
    pool
      .request({ path: options.path, method: options.method, headers, body })
      .then(async (response) => {
        await response.body.dump();
        if (!measured) return;
        if (response.statusCode >= 200 && response.statusCode < 300) {
          ok++;
          latency.recordValue(Math.max(1, Math.round((performance.now() - intended) * 1000)));
        } else failed++;
      })
      .catch(() => {
        if (measured) failed++;
      })
      .finally(() => {
        if (++finished === total) done();
      });
  };

  let next = 0;
  const tick = () => {
    const now = performance.now();
    while (next < total) {
      const intended = t0 + next * intervalMillis;
      if (intended > now) break;
      send(next, intended, now);
      next++;
    }
    if (next < total) setImmediate(tick);
  };
  setImmediate(tick);
  await allDone;
  await pool.close();
  const windowStartedAt = t0 + warmupCount * intervalMillis;
  const windowEndedAt = t0 + total * intervalMillis;
  return {
    sent: total - warmupCount,
    ok,
    failed,
    achievedRatePerSecond: ok / options.durationSeconds,
    latencyMicros: percentiles(latency),
    pacingMicros: percentiles(pacing),
    windowStartedAt,
    windowEndedAt,
  };
}

if (process.argv[1]?.endsWith('open-loop.js') && process.argv[2] !== undefined) {
  const result = await openLoop(JSON.parse(process.argv[2]) as OpenLoopOptions);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
