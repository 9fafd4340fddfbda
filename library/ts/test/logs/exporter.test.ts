import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogExporter, type BatchDone, type LogExportSettings } from '../../src/logs/exporter.js';
import { FakeControlPlane } from '../fixtures/fake-controlplane.js';
import { waitFor } from '../fixtures/http-server.js';

const SETTINGS: LogExportSettings = {
  batchMaxRecords: 100,
  flushIntervalSeconds: 30,
  queueMaxRecords: 1000,
  exportTimeoutSeconds: 2,
  retryBackoffSeconds: 0.01,
  retryBackoffMaxSeconds: 0.05,
};

let plane: FakeControlPlane;
const exporters: LogExporter[] = [];
beforeEach(async () => {
  plane = await FakeControlPlane.start();
});
afterEach(async () => {
  await Promise.all(exporters.splice(0).map((e) => e.stop(0.5)));
  await plane.close();
});

function exporter(
  settings: Partial<LogExportSettings> = {},
  extra: { whenFull?: 'drop' | 'refuse'; registry?: Registry; onBatchDone?: (done: BatchDone) => void } = {},
) {
  const created = new LogExporter({
    endpointUrl: `${plane.url}/v1/logs`,
    resource: { serviceName: 'web', instanceId: 'web-1', mode: 'library', lang: 'ts' },
    settings: { ...SETTINGS, ...settings },
    whenFull: extra.whenFull ?? 'drop',
    registry: extra.registry,
    onBatchDone: extra.onBatchDone,
  });
  exporters.push(created);
  return created;
}

const line = (seq: number) =>
  `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: `m${seq}`, event: 'test.line', seq, pid: 1 })}\n`;
const shippedSeqs = () =>
  plane
    .logRecords()
    .map((r) => Number((r.attributes as Array<{ key: string; value: { intValue: string } }>).find((a) => a.key === 'seq')!.value.intValue));

describe('log exporter', () => {
  it('a full queue drops the new record, counts it, and never blocks the caller', async () => {
    const registry = new Registry();
    const logs = exporter({ queueMaxRecords: 5 }, { registry });
    const accepted = Array.from({ length: 8 }, (_, i) => logs.offer(line(i + 1)));
    expect(accepted).toEqual([true, true, true, true, true, false, false, false]);
    expect(logs.stats.droppedQueueFull).toBe(3);
    const text = await registry.metrics();
    expect(text).toContain('scl_logs_records_dropped_total{reason="queue_full"} 3');
    expect(text).toContain('scl_logs_records_queued_total 5');
    expect(text).toContain('scl_logs_queue_records 5');
  });

  it('ships a batch as soon as it is full', async () => {
    const logs = exporter({ batchMaxRecords: 2 });
    logs.start();
    for (let i = 1; i <= 5; i++) logs.offer(line(i));
    await waitFor(() => plane.logRequests.length === 2, 'two full batches');
    expect(plane.logRequests.map((r) => r.resourceLogs[0]!.scopeLogs[0]!.logRecords.length)).toEqual([2, 2]);
    await logs.stop(2);
    expect(shippedSeqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('ships a partial batch after the flush interval', async () => {
    const logs = exporter({ flushIntervalSeconds: 0.05 });
    logs.start();
    logs.offer(line(1));
    // The exporter counts a batch once it read the answer, a moment after the collector stored it.
    await waitFor(() => logs.stats.shipped === 1, 'the interval flush');
    expect(shippedSeqs()).toEqual([1]);
    expect(logs.queuedRecords).toBe(0);
  });

  it('a failed export (5xx) is retried with the same batch until the collector takes it', async () => {
    const registry = new Registry();
    plane.logsFault = { mode: 'status', status: 503 };
    const logs = exporter({ flushIntervalSeconds: 0.01 }, { registry });
    logs.start();
    for (let i = 1; i <= 3; i++) logs.offer(line(i));
    await waitFor(() => logs.stats.exportFailures >= 2, 'two failed exports');
    plane.logsFault = { mode: 'ok' };
    await waitFor(() => logs.stats.shipped === 3, 'the batch shipped');
    expect(shippedSeqs()).toEqual([1, 2, 3]);
    expect(plane.logRequests).toHaveLength(1);
    expect(await registry.metrics()).toMatch(/scl_logs_export_failures_total [2-9]/);
  });

  it('a reset connection and a 429 are retried too', async () => {
    plane.logsFault = { mode: 'reset' };
    const logs = exporter({ flushIntervalSeconds: 0.01 });
    logs.start();
    logs.offer(line(1));
    await waitFor(() => logs.stats.exportFailures >= 1, 'a failed export');
    plane.logsFault = { mode: 'status', status: 429 };
    const failures = logs.stats.exportFailures;
    await waitFor(() => logs.stats.exportFailures > failures + 1, 'a refused export');
    plane.logsFault = { mode: 'ok' };
    await waitFor(() => logs.stats.shipped === 1, 'the record shipped');
  });

  it('a 4xx other than 429 drops the batch, counted as rejected', async () => {
    const registry = new Registry();
    plane.logsFault = { mode: 'status', status: 400 };
    const logs = exporter({ flushIntervalSeconds: 0.01 }, { registry });
    logs.start();
    logs.offer(line(1));
    logs.offer(line(2));
    await waitFor(() => logs.stats.droppedRejected === 2, 'the batch rejected');
    expect(logs.queuedRecords).toBe(0);
    expect(await registry.metrics()).toContain('scl_logs_records_dropped_total{reason="rejected"} 2');
  });

  it('stop flushes what is queued', async () => {
    const logs = exporter();
    logs.start();
    for (let i = 1; i <= 3; i++) logs.offer(line(i));
    await logs.stop(5);
    expect(shippedSeqs()).toEqual([1, 2, 3]);
  });

  it('stop gives up after its bound when the collector is unreachable', async () => {
    plane.logsFault = { mode: 'reset' };
    const logs = exporter({ flushIntervalSeconds: 0.01 });
    logs.start();
    logs.offer(line(1));
    await logs.stop(0.2);
    expect(logs.stats.shipped).toBe(0);
    expect(logs.queuedRecords).toBe(1);
  });

  it('the refuse policy answers full without counting, waits for room, and reports acknowledged marks', async () => {
    const done: BatchDone[] = [];
    const logs = exporter({ queueMaxRecords: 2, batchMaxRecords: 2 }, { whenFull: 'refuse', onBatchDone: (d) => done.push(d) });
    expect(logs.offer(line(1), 100)).toBe(true);
    expect(logs.offer(line(2), 200)).toBe(true);
    expect(logs.offer(line(3), 300)).toBe(false);
    expect(logs.full).toBe(true);
    expect(logs.stats.droppedQueueFull).toBe(0);
    const room = logs.waitForRoom();
    logs.start();
    await room;
    expect(done).toEqual([{ records: 2, lastMark: 200, outcome: 'shipped' }]);
    expect(logs.offer(line(3), 300)).toBe(true);
  });
});
