// Exact per-stream accounting of log records: received, distinct seqs, duplicates, gaps, records without seq.
import type { LogStats, StreamCounts, StreamStats } from '../types.js';
import { SeqBitmap } from './seq-bitmap.js';

/** One (service.name, service.instance.id, pid) stream: one process's records. */
export class Stream {
  received = 0;
  distinct = 0;
  withoutSeq = 0;
  maxSeq = 0;
  private readonly seen = new SeqBitmap();

  constructor(
    readonly service: string,
    readonly instance: string,
    readonly pid: number,
  ) {}

  /** Counts one record; `seq` 0 means the record carried no valid seq. */
  count(seq: number): void {
    this.received++;
    if (seq === 0) {
      this.withoutSeq++;
      return;
    }
    if (this.seen.add(seq)) this.distinct++;
    if (seq > this.maxSeq) this.maxSeq = seq;
  }

  stats(): StreamStats {
    const duplicates = this.received - this.withoutSeq - this.distinct;
    return {
      service: this.service,
      instance: this.instance,
      pid: this.pid,
      maxSeq: this.maxSeq,
      received: this.received,
      distinct: this.distinct,
      duplicates,
      // Every seq is in 1..maxSeq, so the ones never seen are exactly maxSeq - distinct.
      missing: this.maxSeq - this.distinct,
      withoutSeq: this.withoutSeq,
    };
  }
}

export class StreamTable {
  private streams = new Map<string, Stream>();

  get(service: string, instance: string, pid: number): Stream {
    const key = `${service}\u0000${instance}\u0000${pid}`;
    let stream = this.streams.get(key);
    if (stream === undefined) {
      stream = new Stream(service, instance, pid);
      this.streams.set(key, stream);
    }
    return stream;
  }

  stats(service?: string): LogStats {
    const total: StreamCounts = { received: 0, distinct: 0, duplicates: 0, missing: 0, withoutSeq: 0 };
    const streams: StreamStats[] = [];
    for (const stream of this.streams.values()) {
      if (service !== undefined && stream.service !== service) continue;
      const stats = stream.stats();
      streams.push(stats);
      total.received += stats.received;
      total.distinct += stats.distinct;
      total.duplicates += stats.duplicates;
      total.missing += stats.missing;
      total.withoutSeq += stats.withoutSeq;
    }
    streams.sort(compareStreams);
    return { total, streams };
  }

  clear(): void {
    this.streams = new Map();
  }
}

function compareStreams(a: StreamStats, b: StreamStats): number {
  if (a.service !== b.service) return a.service < b.service ? -1 : 1;
  if (a.instance !== b.instance) return a.instance < b.instance ? -1 : 1;
  return a.pid - b.pid;
}
