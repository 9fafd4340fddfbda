// Reliability of the sidecar with real processes: crashes, rotation, a collector outage, bad config answers, SIGTERM under load.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import { startInstance } from '../../scripts/orchestration/instance.js';
import { stopAll } from '../../scripts/orchestration/processes.js';
import {
  eventually,
  metricValue,
  newRunDir,
  requireBuilt,
  scrape,
  startControlPlane,
  startFakeApp,
  startSidecar,
  type RunningControlPlane,
} from './support/topology.js';

afterEach(() => stopAll({ signal: 'SIGKILL' }));

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));
/** ~1000 lines a second: the machine is shared, the point is concurrency with rotation and crashes, not volume. */
const WRITE_LOAD = { perTick: 2, intervalMillis: 2 };

async function topology(settings: Record<string, number> = {}) {
  requireBuilt();
  const runDir = newRunDir();
  const controlplane = await startControlPlane({ runDir });
  const cp = new ControlPlaneClient(controlplane.url);
  const logFile = join(runDir, 'app.log');
  const app = await startFakeApp({ runDir, logFile });
  const sidecar = await startSidecar({ controlplaneUrl: controlplane.url, runDir, appPort: app.port, logFile, settings });
  return { runDir, controlplane, cp, logFile, app, sidecar };
}

async function allDelivered(cp: ControlPlaneClient, written: number, seconds = 60) {
  await eventually(
    `${written} distinct records at the collector`,
    async () => (await cp.logStats('customers')).total.distinct >= written,
    seconds,
  );
  return (await cp.logStats('customers')).total;
}

function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}

describe('logs: nothing lost', () => {
  it('kill -9 of the app mid-write loses no record that reached its log file', async () => {
    requireBuilt();
    const runDir = newRunDir();
    const controlplane: RunningControlPlane = await startControlPlane({ runDir });
    const cp = new ControlPlaneClient(controlplane.url);
    // The real TypeScript service in sidecar mode, as the conformance runner starts it.
    const instance = await startInstance({
      lang: 'ts',
      service: 'customers',
      mode: 'sidecar',
      instanceId: 'customers-1',
      controlplaneUrl: controlplane.url,
      runDir,
      testHooks: true,
    });
    const flood = async () => {
      for (;;) {
        await request(`${instance.publicUrl}/_scl/log`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ level: 'info', event: 'flood.line', msg: 'x'.repeat(100), count: 2000 }),
        }).then(
          (r) => r.body.dump(),
          () => undefined,
        );
        if (instance.appProcess.exitInfo !== undefined) return;
      }
    };
    const flooding = flood();
    await sleep(1500);
    process.kill(instance.appProcess.pid, 'SIGKILL');
    await instance.appProcess.exited;
    await flooding;
    const lines = (await readFile(instance.logFile, 'utf8')).split('\n').filter((line) => line.endsWith('}'));
    const appPid = instance.appProcess.pid;
    const onDisk = lines.filter((line) => (JSON.parse(line) as { pid: number }).pid === appPid).length;
    expect(onDisk).toBeGreaterThan(1000);
    await eventually(
      'every line on disk at the collector',
      async () => {
        const stream = (await cp.logStats('customers')).streams.find((s) => s.pid === appPid);
        return stream !== undefined && stream.distinct >= onDisk;
      },
      60,
    );
    const stream = (await cp.logStats('customers')).streams.find((s) => s.pid === appPid)!;
    expect(stream).toMatchObject({ distinct: onDisk, missing: 0, maxSeq: onDisk });
    await instance.stop('SIGKILL');
  }, 120_000);

  it('kill -9 of the sidecar mid-shipping, then a restart: nothing lost, the duplicates bounded and counted', async () => {
    const { runDir, controlplane, cp, logFile, app, sidecar } = await topology();
    await app.control('log/start', WRITE_LOAD);
    await eventually('shipping', async () => (await cp.logStats('customers')).total.distinct > 500);
    // The collector stores batches at once but acknowledges them late: killed now, the sidecar has
    // shipped lines whose position it never saved, and sends them again after the restart.
    await cp.setFaults({ logs: { mode: 'delay', delaySeconds: 3 } });
    await sleep(1500);
    await sidecar.stop('SIGKILL');
    await cp.setFaults({});
    await sleep(1000); // the app keeps writing while its sidecar is down
    const restarted = await startSidecar({
      controlplaneUrl: controlplane.url,
      runDir,
      appPort: app.port,
      logFile,
      ports: sidecar.ports,
      dataDir: sidecar.dataDir,
    });
    await sleep(1000);
    const { written } = await app.control('log/stop');
    const total = await allDelivered(cp, written);
    console.log(`sidecar kill -9: written ${written}, delivered ${total.distinct} distinct, ${total.duplicates} duplicates`);
    expect(total).toMatchObject({ distinct: written, missing: 0 });
    // Re-sent: the batch in flight when it was killed, at most the queue's bound.
    expect(total.duplicates).toBeGreaterThan(0);
    expect(total.duplicates).toBeLessThanOrEqual(8192);
    expect(total.received).toBe(written + total.duplicates);
    await restarted.stop();
  }, 120_000);

  it.each(['rename', 'copytruncate'])(
    'rotation by %s under write load: delivered = written',
    async (mode) => {
      const { cp, app, sidecar } = await topology();
      await app.control('log/start', WRITE_LOAD);
      for (let i = 0; i < 5; i++) {
        await sleep(400);
        await app.control('rotate', { mode });
      }
      await sleep(400);
      const { written } = await app.control('log/stop');
      const total = await allDelivered(cp, written);
      expect(total).toMatchObject({ distinct: written, missing: 0, duplicates: 0 });
      expect(metricValue(await scrape(sidecar), 'scl_logs_records_dropped_total', { reason: 'queue_full' })).toBe(0);
    },
    120_000,
  );

  it('the collector down for 60 s: sidecar memory stays bounded, nothing is dropped, all arrives after it returns', async () => {
    const { cp, app, sidecar } = await topology();
    await app.control('log/start', WRITE_LOAD);
    await eventually('shipping', async () => (await cp.logStats('customers')).total.distinct > 200);
    const baselineRss = rssBytes(sidecar.process.pid);
    await cp.setFaults({ logs: { mode: 'status', status: 503 } });
    let maxRss = baselineRss;
    let maxQueued = 0;
    for (let second = 0; second < 60; second++) {
      await sleep(1000);
      maxRss = Math.max(maxRss, rssBytes(sidecar.process.pid));
      maxQueued = Math.max(maxQueued, metricValue(await scrape(sidecar), 'scl_logs_queue_records') ?? 0);
    }
    await cp.setFaults({});
    const { written } = await app.control('log/stop');
    const total = await allDelivered(cp, written, 90);
    console.log(
      `collector down 60 s: written ${written}, queue max ${maxQueued}, RSS ${(baselineRss / 1e6).toFixed(1)} -> max ${(maxRss / 1e6).toFixed(1)} MB`,
    );
    expect(written).toBeGreaterThan(8192 * 2); // far more than the queue holds: the rest waited in the file
    expect(maxQueued).toBeLessThanOrEqual(8192);
    expect(maxRss - baselineRss).toBeLessThan(60 * 1024 * 1024);
    expect(total).toMatchObject({ distinct: written, missing: 0 });
    const text = await scrape(sidecar);
    expect(metricValue(text, 'scl_logs_records_dropped_total', { reason: 'queue_full' })).toBe(0);
    expect(metricValue(text, 'scl_logs_records_dropped_total', { reason: 'rejected' })).toBe(0);
    expect(metricValue(text, 'scl_logs_export_failures_total')).toBeGreaterThan(0);
  }, 240_000);
});

describe('config: the last good file', () => {
  it('invalid JSON, an empty body and a schema-invalid document leave the file as it was and count an error each', async () => {
    const { cp, sidecar } = await topology({ 'config.retryBackoffSeconds': 0.1 });
    const good = await readFile(sidecar.configFile, 'utf8');
    expect(JSON.parse(good).version).toBe(1);
    for (const [fault, reason] of [
      ['invalid_json', 'invalid_json'],
      ['empty', 'empty'],
      ['schema_invalid', 'schema'],
    ] as const) {
      await cp.setFaults({ config: { customers: fault } });
      await eventually(
        `scl_config_errors_total{reason="${reason}"}`,
        async () => (metricValue(await scrape(sidecar), 'scl_config_errors_total', { reason }) ?? 0) >= 1,
      );
      expect(await readFile(sidecar.configFile, 'utf8')).toBe(good);
      expect(metricValue(await scrape(sidecar), 'scl_config_version')).toBe(1);
    }
    await cp.setFaults({});
    await cp.putConfig('customers', { logLevel: 'warn', pageSizeMax: 10 });
    await eventually('version 2 in the file', async () => JSON.parse(await readFile(sidecar.configFile, 'utf8')).version === 2);
  }, 60_000);

  it('a reader polling the config file while versions follow each other never sees a torn file', async () => {
    const { cp, sidecar } = await topology({ 'config.fileDebounceSeconds': 0 });
    let reads = 0;
    let torn = 0;
    let polling = true;
    const reader = (async () => {
      while (polling) {
        const text = await readFile(sidecar.configFile, 'utf8');
        reads++;
        try {
          JSON.parse(text);
        } catch {
          torn++;
        }
      }
    })();
    for (let i = 0; i < 100; i++) await cp.putConfig('customers', { logLevel: 'info', pageSizeMax: 1 + i });
    const last = (await cp.getConfig('customers')).document!.version;
    await eventually('the last version in the file', async () => JSON.parse(await readFile(sidecar.configFile, 'utf8')).version === last);
    polling = false;
    await reader;
    expect(reads).toBeGreaterThan(100);
    expect(torn).toBe(0);
  }, 60_000);
});

describe('lifecycle', () => {
  it('SIGTERM to one of two instances under load: 0 failed requests, in-flight ones finish', async () => {
    requireBuilt();
    const runDir = newRunDir();
    const controlplane = await startControlPlane({ runDir });
    const cp = new ControlPlaneClient(controlplane.url);
    const start = async (service: string, instanceId: string) => {
      const app = await startFakeApp({ runDir, name: `${instanceId}-app` });
      const sidecar = await startSidecar({ controlplaneUrl: controlplane.url, runDir, appPort: app.port, service, instanceId });
      return { app, sidecar };
    };
    const first = await start('customers', 'customers-1');
    await start('customers', 'customers-2');
    const web = await start('web', 'web-1'); // its ambassador is the client
    await eventually('both instances listed', async () => (await cp.instances('customers', { passing: true })).instances.length === 2);

    const failures: string[] = [];
    let completed = 0;
    let running = true;
    const call = async (method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}) => {
      try {
        const response = await request(`${web.sidecar.egressUrl}/customers${path}`, {
          method,
          headers,
          body: method === 'POST' ? '{}' : undefined,
        });
        await response.body.dump();
        if (response.statusCode !== 200) failures.push(`${method} ${path}: ${response.statusCode}`);
      } catch (error) {
        failures.push(`${method} ${path}: ${(error as Error).message}`);
      }
      completed++;
    };
    const worker = async (id: number) => {
      for (let n = 0; running; n++) {
        if (n % 2 === 0) await call('GET', `/customers/${id}`);
        else await call('POST', '/customers', { 'idempotency-key': `w${id}-${n}`, 'content-type': 'application/json' });
      }
    };
    const workers = Array.from({ length: 8 }, (_, id) => worker(id));
    await sleep(1000);
    // Slow requests in flight on the instance that is told to stop: they must finish, not be cut.
    const inFlight = Array.from({ length: 4 }, () =>
      request(`${first.sidecar.publicUrl}/delay/800`).then(async (r) => ({ status: r.statusCode, body: await r.body.text() })),
    );
    await sleep(100);
    const stopping = first.sidecar.stop('SIGTERM');
    await sleep(2000);
    running = false;
    await Promise.all(workers);
    await stopping;
    const slow = await Promise.all(inFlight);
    console.log(`SIGTERM under load: ${completed} requests through the ambassador, ${failures.length} failed`);
    expect(failures).toEqual([]);
    expect(completed).toBeGreaterThan(50);
    expect(slow.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(first.sidecar.process.exitInfo?.exitCode).toBe(0);
    expect((await cp.instances('customers', { passing: true })).instances.map((i) => i.id)).toEqual(['customers-2']);
  }, 120_000);
});
