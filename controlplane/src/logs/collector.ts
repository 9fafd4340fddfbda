// The log collector: counts every accepted record exactly and keeps the newest ones for inspection.
import type { LogRecordsPage, LogStats } from '../types.js';
import type { FlatBatch } from './otlp.js';
import { RecordRing, type RecordFilter } from './record-ring.js';
import { StreamTable, type Stream } from './streams.js';

export class LogCollector {
  private readonly streams = new StreamTable();
  private readonly ring: RecordRing;

  constructor(maxStoredRecords: number) {
    this.ring = new RecordRing(maxStoredRecords);
  }

  accept(batch: FlatBatch): void {
    const { records, pids, seqs } = batch;
    // Records of one batch nearly always share a stream: look it up only when it changes.
    let stream: Stream | undefined;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const pid = pids[i]!;
      if (stream === undefined || stream.pid !== pid || stream.instance !== record.instance || stream.service !== record.service) {
        stream = this.streams.get(record.service, record.instance, pid);
      }
      stream.count(seqs[i]!);
      this.ring.push(record);
    }
  }

  records(filter: RecordFilter, limit: number): LogRecordsPage {
    return { records: this.ring.newest(filter, limit), truncated: this.ring.evicted };
  }

  stats(service?: string): LogStats {
    return this.streams.stats(service);
  }

  clear(): void {
    this.streams.clear();
    this.ring.clear();
  }
}
