import { appendFileSync, copyFileSync, mkdtempSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PositionStore } from '../src/logs/position-store.js';
import { LogTailer, type LineSink } from '../src/logs/tailer.js';
import { eventually } from './support/topology.js';

/** A sink with a bound, like the exporter in refuse mode; lines stay "queued" until take(). */
class FakeSink implements LineSink {
  readonly received: Array<{ line: string; mark: number }> = [];
  private queued = 0;
  private waiters: Array<() => void> = [];

  constructor(private capacity = Number.MAX_SAFE_INTEGER) {}

  offer(line: string, mark: number): boolean {
    if (this.queued >= this.capacity) return false;
    this.queued++;
    this.received.push({ line, mark });
    return true;
  }

  waitForRoom(): Promise<void> {
    if (this.queued < this.capacity) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Frees everything queued (the exporter shipped it); optionally changes the bound. */
  take(capacity = this.capacity): void {
    this.queued = 0;
    this.capacity = capacity;
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }

  seqs(): number[] {
    return this.received.map(({ line }) => (JSON.parse(line) as { seq: number }).seq);
  }
}

const tailers: LogTailer[] = [];
afterEach(async () => {
  await Promise.all(tailers.splice(0).map((tailer) => tailer.stop()));
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'scl-tailer-'));
  const file = join(dir, 'app.log');
  const positions = new PositionStore(join(dir, 'state', 'position.json'));
  let seq = 0;
  const write = (count: number, path = file) => {
    let text = '';
    for (let i = 0; i < count; i++) text += `${JSON.stringify({ seq: ++seq, msg: 'x'.repeat(40) })}\n`;
    appendFileSync(path, text);
  };
  const tail = (sink: LineSink) => {
    const tailer = new LogTailer({ path: file, positions, sink, pollIntervalMillis: 20, rotateIdleMillis: 100 });
    tailers.push(tailer);
    tailer.start();
    return tailer;
  };
  return { dir, file, positions, write, tail, written: () => seq };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('tailing the app log file', () => {
  it('complete lines are handed on in order; a partial last line waits for its newline', async () => {
    const { file, write, tail } = setup();
    write(3);
    appendFileSync(file, '{"seq":4,"msg":"half');
    const sink = new FakeSink();
    tail(sink);
    await eventually('three lines', () => sink.received.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.seqs()).toEqual([1, 2, 3]);
    appendFileSync(file, ' done"}\n');
    await eventually('the completed line', () => sink.received.length === 4);
    expect(JSON.parse(sink.received[3]!.line)).toEqual({ seq: 4, msg: 'half done' });
  });

  it('a restarted tailer resumes after the last acknowledged line', async () => {
    const { write, tail, positions } = setup();
    write(10);
    const first = new FakeSink();
    const tailer = tail(first);
    await eventually('ten lines', () => first.received.length === 10);
    await tailer.acknowledge(first.received[6]!.mark); // the collector acknowledged 7 of 10
    await tailer.stop();
    write(5);
    const second = new FakeSink();
    tail(second);
    await eventually('the rest', () => second.received.length === 8);
    expect(second.seqs()).toEqual(range(8, 15));
    expect(await positions.load()).toMatchObject({ offset: expect.any(Number) });
  });

  it('a file renamed away is finished, even lines written to it after the rename, before the new file', async () => {
    const { file, write, tail, written } = setup();
    const sink = new FakeSink(10); // paused mid-file when the rename comes
    tail(sink);
    write(100);
    await eventually('the first ten', () => sink.received.length === 10);
    renameSync(file, `${file}.1`);
    write(20, `${file}.1`); // the app has not reopened yet
    write(50); // then it does
    sink.take(Number.MAX_SAFE_INTEGER);
    await eventually('every line', () => sink.received.length === written());
    expect(sink.seqs()).toEqual(range(1, written()));
  });

  it('files rotated again and again while an older one is still being finished are each read, in order', async () => {
    const { file, write, tail, written } = setup();
    const sink = new FakeSink(10);
    tail(sink);
    write(50);
    await eventually('the first ten', () => sink.received.length === 10);
    for (let generation = 1; generation <= 3; generation++) {
      renameSync(file, `${file}.${generation}`);
      write(30); // a new file at the path
      await new Promise((resolve) => setTimeout(resolve, 60)); // the folder watch or a poll sees it
    }
    sink.take(Number.MAX_SAFE_INTEGER);
    await eventually('every line', () => sink.received.length === written(), 10);
    expect(sink.seqs()).toEqual(range(1, written()));
  });

  it('copytruncate: lines not read before the truncation are read from the copy', async () => {
    const { file, write, tail, written } = setup();
    const sink = new FakeSink(10); // the exporter is full: reading pauses
    tail(sink);
    write(100);
    await eventually('the first ten', () => sink.received.length === 10);
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    write(30);
    sink.take(Number.MAX_SAFE_INTEGER);
    await eventually('every line', () => sink.received.length === written(), 10);
    expect(sink.seqs()).toEqual(range(1, written()));
  });

  it('a file truncated and written past the old position again is still seen as truncated', async () => {
    const { file, write, tail, written } = setup();
    const sink = new FakeSink();
    tail(sink);
    write(5);
    await eventually('five lines', () => sink.received.length === 5);
    truncateSync(file, 0);
    write(50); // longer than what was read before, so only the first line tells
    await eventually('every line', () => sink.received.length === written());
    expect(sink.seqs()).toEqual(range(1, written()));
  });

  it('a full sink pauses reading and drops nothing', async () => {
    const { write, tail, written } = setup();
    const sink = new FakeSink(25);
    tail(sink);
    write(1000);
    await eventually('a full sink', () => sink.received.length === 25);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.received.length).toBe(25); // paused, not dropping
    while (sink.received.length < written()) {
      sink.take();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(sink.seqs()).toEqual(range(1, 1000));
  });

  it('a tailer restarted after its file was renamed finds it beside the path and finishes it', async () => {
    const { file, write, tail } = setup();
    write(20);
    const first = new FakeSink();
    const tailer = tail(first);
    await eventually('twenty lines', () => first.received.length === 20);
    await tailer.acknowledge(first.received[9]!.mark);
    await tailer.stop();
    renameSync(file, `${file}.1`);
    writeFileSync(file, '');
    write(5);
    const second = new FakeSink();
    tail(second);
    await eventually('the rest of the old file, then the new one', () => second.received.length === 15);
    expect(second.seqs()).toEqual(range(11, 25));
  });

  it('an empty line is skipped; a line that is not JSON is handed on as it is', async () => {
    const { file, tail } = setup();
    appendFileSync(file, '\n{"seq":1}\nnot json\n');
    const sink = new FakeSink();
    tail(sink);
    await eventually('two lines', () => sink.received.length === 2);
    expect(sink.received.map(({ line }) => line)).toEqual(['{"seq":1}', 'not json']);
  });
});
