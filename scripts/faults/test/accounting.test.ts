// Log accounting: the app's own count against the collector's, per process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StreamStats } from '../../../controlplane/src/types.js';
import { accountLogs, countLinesByPid } from '../log-accounting.js';
import { sumSeries } from '../prometheus-text.js';
import { countMoved, episodeValidity } from '../verification.js';

const stream = (pid: number, distinct: number, maxSeq: number, duplicates = 0): StreamStats => ({
  service: 'customers',
  instance: 'c-1',
  pid,
  maxSeq,
  received: distinct + duplicates,
  distinct,
  duplicates,
  missing: maxSeq - distinct,
  withoutSeq: 0,
});

describe('log accounting', () => {
  it('counts lost and duplicated records per process and adds them up', () => {
    const accounting = accountLogs(
      'file',
      [
        { pid: 1, records: 100, exact: true },
        { pid: 2, records: 50, exact: true },
      ],
      [stream(1, 90, 95, 3), stream(2, 50, 50)],
    );
    expect(accounting).toMatchObject({ written: 150, delivered: 140, lost: 10, duplicates: 3, exact: true });
  });

  it("raises a dead process's count to the highest seq delivered, and marks the loss a lower bound", () => {
    const accounting = accountLogs('counter', [{ pid: 7, records: 40, exact: false }], [stream(7, 30, 55)]);
    expect(accounting.processes[0]).toMatchObject({ written: 55, lost: 25, exact: false });
    expect(accounting.exact).toBe(false);
  });

  it('a process the collector never heard from lost everything it wrote', () => {
    expect(accountLogs('file', [{ pid: 9, records: 12, exact: true }], []).lost).toBe(12);
  });

  it("counts a log file's lines per pid, unparsable lines under pid 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scl-lines-'));
    const file = join(dir, 'app.jsonl');
    writeFileSync(file, ['{"pid":11,"seq":1}', '{"pid":11,"seq":2}', 'not json', '{"pid":12,"seq":1}', ''].join('\n'));
    expect([...(await countLinesByPid(file))].sort()).toEqual([
      [0, 1],
      [11, 2],
      [12, 1],
    ]);
    expect((await countLinesByPid(join(dir, 'missing.jsonl'))).size).toBe(0);
  });

  it('sums the series of a metric that carry the given labels', () => {
    const text = [
      '# TYPE x counter',
      'scl_logs_records_dropped_total{reason="queue_full"} 4',
      'scl_logs_records_dropped_total{reason="rejected"} 2',
      'scl_logs_records_queued_total 90',
      'scl_logs_records_queued_total_other 1',
    ].join('\n');
    expect(sumSeries(text, 'scl_logs_records_dropped_total', { reason: 'queue_full' })).toBe(4);
    expect(sumSeries(text, 'scl_logs_records_dropped_total')).toBe(6);
    expect(sumSeries(text, 'scl_logs_records_queued_total')).toBe(90);
    expect(sumSeries(text, 'scl_absent_total')).toBeNull();
  });
});

describe('fault verification', () => {
  const clean = {
    requests: 100,
    ok: 100,
    failed: 0,
    errorRate: 0,
    p50Micros: 1000,
    p99Micros: 2000,
    maxMicros: 3000,
    statuses: {},
    errorCodes: {},
  };

  it('a fault that was set but never met makes the episode invalid', () => {
    const verification = countMoved('export requests the collector answered 500', 10, 10);
    expect(verification.injected).toBe(false);
    const validity = episodeValidity(verification, clean, 100, false);
    expect(validity.valid).toBe(false);
    expect(validity.reasons.join()).toMatch(/not observed/);
  });

  it('failures before the fault make the episode invalid: there is no healthy baseline', () => {
    const validity = episodeValidity({ injected: true, evidence: 'x' }, { ...clean, failed: 3, errorRate: 0.03 }, 100, false);
    expect(validity.valid).toBe(false);
    expect(validity.reasons.join()).toMatch(/3 of 100 requests failed before/);
  });

  it('an unreadable count proves nothing', () => {
    expect(countMoved('x', null, 3).injected).toBe(false);
  });
});
