// The logs feature in its worker thread: delivery, saved positions, backpressure, events, metrics, and a worker that dies.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../library/ts/test/fixtures/http-server.js';
import { fromRoot } from '../../scripts/orchestration/paths.js';
import { SidecarLogsFeature, type SidecarLogsOptions } from '../src/logs/feature.js';
import { SharedExportStats } from '../src/logs/shared-stats.js';
import { eventually, metricValue, requireBuilt } from './support/topology.js';

const BUILT_WORKER = pathToFileURL(fromRoot('dist/sidecar/src/logs/worker.js'));
const fixture = (name: string) => pathToFileURL(fromRoot('sidecar/test/fixtures', name));

/** A log collector that keeps the seq of every record it acknowledged, and can refuse (503). */
class FakeCollector {
  readonly seqs: number[] = [];
  readonly events: string[] = [];
  refusing = false;
  server!: TestServer;

  async start(): Promise<this> {
    this.server = await startServer((_request, response, body) => {
      if (this.refusing) return void response.writeHead(503).end();
      const request = JSON.parse(body.toString()) as {
        resourceLogs: Array<{
          scopeLogs: Array<{ logRecords: Array<{ attributes: Array<{ key: string; value: Record<string, string> }> }> }>;
        }>;
      };
      for (const record of request.resourceLogs[0]!.scopeLogs[0]!.logRecords) {
        const attribute = (key: string) => record.attributes.find((a) => a.key === key)?.value;
        const event = attribute('event')?.stringValue;
        if (event === 'fake.line') this.seqs.push(Number(attribute('seq')!.intValue));
        else if (event !== undefined) this.events.push(event);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    return this;
  }

  distinct(): number {
    return new Set(this.seqs).size;
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(overrides: Partial<SidecarLogsOptions> = {}, settings: Partial<SidecarLogsOptions['settings']> = {}) {
  requireBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'scl-logs-worker-'));
  const collector = await new FakeCollector().start();
  cleanups.push(() => collector.server.close());
  const logFile = join(dir, 'app.log');
  const positionFile = join(dir, 'state', 'logs-position.json');
  const registry = new Registry();
  const reports: string[] = [];
  let seq = 0;
  const write = (count: number) => {
    let text = '';
    for (let i = 0; i < count; i++)
      text += `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'line', event: 'fake.line', seq: ++seq, pid: 1 })}\n`;
    appendFileSync(logFile, text);
  };
  const feature = new SidecarLogsFeature({
    controlplaneUrl: collector.server.url,
    logFile,
    positionFile,
    resource: { serviceName: 'customers', instanceId: 'customers-1', mode: 'sidecar', lang: 'ts' },
    settings: {
      batchMaxRecords: 64,
      flushIntervalSeconds: 0.05,
      queueMaxRecords: 1000,
      exportTimeoutSeconds: 2,
      retryBackoffSeconds: 0.02,
      retryBackoffMaxSeconds: 0.1,
      ...settings,
    },
    registry,
    workerUrl: BUILT_WORKER,
    report: (line) => reports.push(line),
    restartDelaySeconds: { first: 0.05, max: 0.05 },
    ...overrides,
  });
  cleanups.push(() => feature.stop(1));
  const metric = async (name: string, labels: Record<string, string> = {}) => metricValue(await registry.metrics(), name, labels);
  const savedOffset = () => (existsSync(positionFile) ? (JSON.parse(readFileSync(positionFile, 'utf8')) as { offset: number }).offset : 0);
  return { collector, feature, write, written: () => seq, logFile, positionFile, savedOffset, metric, reports };
}

describe('the logs worker', () => {
  it('ships every line of the file, saves the position of the last acknowledged one, and its totals show on the main thread', async () => {
    const { collector, feature, write, logFile, savedOffset, metric } = await setup();
    write(500);
    await feature.start();
    write(500);
    await eventually('1000 records at the collector', () => collector.distinct() === 1000);
    await eventually('the position saved at the end of the file', () => savedOffset() === statSync(logFile).size);
    expect(await metric('scl_logs_records_shipped_total')).toBe(1000);
    expect(await metric('scl_logs_records_queued_total')).toBe(1000);
    expect(await metric('scl_logs_queue_records')).toBe(0);
    expect(await metric('scl_logs_records_dropped_total', { reason: 'queue_full' })).toBe(0);
  });

  it('with the collector refusing, reading pauses at the queue bound and nothing is dropped; everything arrives once it answers', async () => {
    const { collector, feature, write, written, metric } = await setup({}, { queueMaxRecords: 50, batchMaxRecords: 10 });
    collector.refusing = true;
    write(500);
    await feature.start();
    await eventually('the queue full', async () => (await metric('scl_logs_queue_records')) === 50);
    await eventually('export failures counted', async () => ((await metric('scl_logs_export_failures_total')) ?? 0) > 3);
    // Paused, not dropping: the queue took 50 lines and no more.
    expect(await metric('scl_logs_records_queued_total')).toBe(50);
    collector.refusing = false;
    await eventually('every line at the collector', () => collector.distinct() === written());
    expect(await metric('scl_logs_records_dropped_total', { reason: 'queue_full' })).toBe(0);
    expect(await metric('scl_logs_records_dropped_total', { reason: 'rejected' })).toBe(0);
  });

  it('an event emitted on the main thread is shipped by the worker; with the queue full it is refused after the wait', async () => {
    const { collector, feature, write, metric } = await setup({ emitWaitSeconds: 0.1 }, { queueMaxRecords: 20, batchMaxRecords: 10 });
    await feature.start();
    expect(await feature.emit('info', 'order.placed', 'an order', { amount_cents: 1250 })).toBe(true);
    await eventually('the event at the collector', () => collector.events.includes('order.placed'));
    feature.setLevel('warn');
    expect(await feature.emit('info', 'order.filtered', 'below the level')).toBe(true);
    collector.refusing = true;
    write(100);
    await eventually('the queue full', async () => (await metric('scl_logs_queue_records')) === 20);
    expect(await feature.emit('error', 'order.failed', 'no room')).toBe(false);
    collector.refusing = false;
    await eventually('the file shipped', () => collector.distinct() === 100);
    expect(collector.events).not.toContain('order.filtered');
  });

  it('a worker that dies is reported and restarted; it resumes from the saved position, so every line arrives at least once', async () => {
    const { collector, feature, write, written, metric, reports } = await setup({ workerUrl: fixture('crashing-logs-worker.mjs') });
    await feature.start();
    for (let i = 0; i < 20; i++) {
      write(50);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await eventually('a restart', () => feature.restarts === 1);
    write(100);
    await eventually('every line at the collector', () => collector.distinct() === written());
    expect(reports).toEqual([expect.stringContaining('the logs worker died (Error: injected crash); restarting it in 0.05 s')]);
    expect(await metric('scl_sidecar_logs_worker_restarts_total')).toBe(1);
    // Totals outlive the worker: nothing counted twice as queued is left in the queue gauge.
    await eventually('the queue empty', async () => (await metric('scl_logs_queue_records')) === 0);
    // A batch the collector took while the worker died was never acknowledged to it: sent again, counted once.
    const shipped = (await metric('scl_logs_records_shipped_total'))!;
    expect(shipped).toBeGreaterThanOrEqual(written());
    expect(shipped).toBeLessThanOrEqual(collector.seqs.length);
    expect(await feature.emit('info', 'after.restart', 'the new worker takes events')).toBe(true);
    await eventually('the event at the collector', () => collector.events.includes('after.restart'));
  });

  it('a worker that dies before it is ready fails start, naming the cause', async () => {
    const { feature } = await setup({ workerUrl: fixture('broken-logs-worker.mjs') });
    await expect(feature.start()).rejects.toThrow(/the logs worker died while starting \(Error: injected failure at start\)/);
  });

  it('stop ships what is queued and saves the position before the worker ends', async () => {
    const { collector, feature, write, logFile, savedOffset, metric } = await setup(
      {},
      { flushIntervalSeconds: 30, batchMaxRecords: 1000 },
    );
    await feature.start();
    write(300);
    await eventually('300 lines queued', async () => (await metric('scl_logs_records_queued_total')) === 300);
    expect(collector.distinct()).toBe(0); // the batch waits for its interval
    await feature.stop(5);
    expect(collector.distinct()).toBe(300);
    expect(savedOffset()).toBe(statSync(logFile).size);
  });
});

describe('the shared export totals', () => {
  it('the queue gauge is what was queued less what left it, and a dead worker queue counts as left', () => {
    const writer = new SharedExportStats();
    const reader = new SharedExportStats(writer.buffer);
    writer.queued += 100;
    writer.shipped += 60;
    writer.droppedRejected += 10;
    expect(reader.readings().queuedRecords).toBe(30);
    reader.abandonQueue();
    expect(reader.readings().queuedRecords).toBe(0);
    writer.queued += 30; // the next worker reads those lines again
    expect(reader.readings().queuedRecords).toBe(30);
    expect(reader.readings().stats.queued).toBe(130);
  });
});
