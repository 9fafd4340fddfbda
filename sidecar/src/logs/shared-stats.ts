// The logs worker's export totals in memory both threads see: the worker's exporter counts, the main thread's /metrics reads.
import type { LogExportReadings, LogExportStats } from '../../../library/ts/src/logs/metrics.js';

const QUEUED = 0;
const SHIPPED = 1;
const DROPPED_QUEUE_FULL = 2;
const DROPPED_REJECTED = 3;
const EXPORT_FAILURES = 4;
/** Records that were in the queue of a worker that died: they leave the queue without being shipped. */
const ABANDONED = 5;
const SLOTS = 6;

/**
 * One writer (the worker) and readers (scrapes): no message per record and no locks. An aligned
 * Float64 is read and written whole on x64 and arm64, so a scrape sees each total as it was a
 * moment ago, never a torn number; the totals outlive a worker, so they never go down.
 */
export class SharedExportStats implements LogExportStats {
  readonly buffer: SharedArrayBuffer;
  private readonly slots: Float64Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(SLOTS * Float64Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.slots = new Float64Array(buffer);
  }

  get queued(): number {
    return this.slots[QUEUED]!;
  }
  set queued(value: number) {
    this.slots[QUEUED] = value;
  }
  get shipped(): number {
    return this.slots[SHIPPED]!;
  }
  set shipped(value: number) {
    this.slots[SHIPPED] = value;
  }
  get droppedQueueFull(): number {
    return this.slots[DROPPED_QUEUE_FULL]!;
  }
  set droppedQueueFull(value: number) {
    this.slots[DROPPED_QUEUE_FULL] = value;
  }
  get droppedRejected(): number {
    return this.slots[DROPPED_REJECTED]!;
  }
  set droppedRejected(value: number) {
    this.slots[DROPPED_REJECTED] = value;
  }
  get exportFailures(): number {
    return this.slots[EXPORT_FAILURES]!;
  }
  set exportFailures(value: number) {
    this.slots[EXPORT_FAILURES] = value;
  }

  /** In the queue now: a record leaves it shipped or rejected (the sidecar's exporter refuses, never drops). */
  get queuedRecords(): number {
    return this.queued - this.shipped - this.droppedRejected - this.slots[ABANDONED]!;
  }

  /** The worker died: what its queue held is gone (the next worker reads those lines again from the file). */
  abandonQueue(): void {
    this.slots[ABANDONED] = this.slots[ABANDONED]! + this.queuedRecords;
  }

  readings(): LogExportReadings {
    const stats = this;
    return {
      stats,
      get queuedRecords() {
        return stats.queuedRecords;
      },
    };
  }
}
