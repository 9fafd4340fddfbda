// The newest stored log records, bounded: when full, the oldest is overwritten (counts stay exact elsewhere).
import type { StoredRecord } from '../types.js';

export interface RecordFilter {
  service?: string;
  instance?: string;
  event?: string;
}

export class RecordRing {
  private items: StoredRecord[] = [];
  /** Position of the oldest record once the ring is full. */
  private oldest = 0;
  private evictedCount = 0;

  constructor(private readonly capacity: number) {}

  push(record: StoredRecord): void {
    if (this.items.length < this.capacity) {
      this.items.push(record);
      return;
    }
    this.items[this.oldest] = record;
    this.oldest = (this.oldest + 1) % this.capacity;
    this.evictedCount++;
  }

  /** The newest `limit` records that match, oldest first. */
  newest(filter: RecordFilter, limit: number): StoredRecord[] {
    const found: StoredRecord[] = [];
    const length = this.items.length;
    for (let back = 1; back <= length && found.length < limit; back++) {
      const record = this.items[(this.oldest - back + length) % length] as StoredRecord;
      if (matches(record, filter)) found.push(record);
    }
    return found.reverse();
  }

  /** True once older records were overwritten. */
  get evicted(): boolean {
    return this.evictedCount > 0;
  }

  get size(): number {
    return this.items.length;
  }

  clear(): void {
    this.items = [];
    this.oldest = 0;
    this.evictedCount = 0;
  }
}

function matches(record: StoredRecord, filter: RecordFilter): boolean {
  if (filter.service !== undefined && record.service !== filter.service) return false;
  if (filter.instance !== undefined && record.instance !== filter.instance) return false;
  if (filter.event !== undefined && record.attributes.event !== filter.event) return false;
  return true;
}
