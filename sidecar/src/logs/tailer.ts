// Tails the app's JSON-lines log file from a saved position, across rotation and truncation, into a bounded sink.
import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PositionStore } from './position-store.js';
import { findSibling, isStillAtPath, TailedFile } from './tailed-file.js';

/** The exporter, seen from the tailer: it may refuse a line, then tells when it has room. */
export interface LineSink {
  offer(line: string, mark: number): boolean;
  waitForRoom(): Promise<void>;
}

export interface LogTailerOptions {
  path: string;
  positions: PositionStore;
  sink: LineSink;
  /** Checks for growth this often when the folder watch is silent. */
  pollIntervalMillis?: number;
  /** A renamed file is finished once it has not grown for this long (the app may still be writing to it). */
  rotateIdleMillis?: number;
  chunkBytes?: number;
  /** A longer line is handed on in pieces of this size (each then is an unparsed record). */
  maxLineBytes?: number;
}

export interface TailerStats {
  linesRead: number;
  rotations: number;
  truncations: number;
}

const NEWLINE = 0x0a;
// A mark is slot * 2^40 + offset: the file (one of 8192 slots, reused in turn) and the offset in it.
const OFFSET_SPAN = 2 ** 40;
const SLOTS = 8192;

export class LogTailer {
  readonly stats: TailerStats = { linesRead: 0, rotations: 0, truncations: 0 };
  /** The mark of the last line handed on; -1 before the first. Other records queued between lines reuse it. */
  lastMark = -1;
  private readonly path: string;
  private readonly pollIntervalMillis: number;
  private readonly rotateIdleMillis: number;
  private readonly maxLineBytes: number;
  private readonly chunk: Buffer;
  /** Files whose lines may still be in the sink, by slot, oldest first. */
  private readonly files = new Map<number, TailedFile>();
  private readonly slotOf = new WeakMap<TailedFile, number>();
  private nextSlot = 0;
  private current: TailedFile | undefined;
  private watcher: FSWatcher | undefined;
  private changed = false;
  private wake: (() => void) | undefined;
  private stopping = false;
  private stopped!: () => void;
  private readonly stopSignal = new Promise<void>((resolve) => (this.stopped = resolve));
  private loop: Promise<void> | undefined;

  constructor(private readonly options: LogTailerOptions) {
    this.path = options.path;
    this.pollIntervalMillis = options.pollIntervalMillis ?? 250;
    this.rotateIdleMillis = options.rotateIdleMillis ?? 1000;
    this.maxLineBytes = options.maxLineBytes ?? 1024 * 1024;
    this.chunk = Buffer.alloc(options.chunkBytes ?? 64 * 1024);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops reading; lines already handed on stay in the sink. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped();
    this.wake?.();
    this.watcher?.close();
    await this.loop;
    await this.current?.close();
  }

  /** The sink is done with every line up to `mark`: save that position. */
  acknowledge(mark: number): Promise<void> | undefined {
    if (mark < 0) return undefined;
    const slot = Math.floor(mark / OFFSET_SPAN);
    const file = this.files.get(slot);
    if (file === undefined) return undefined;
    // Files before this one are done with: forget them.
    for (const [olderSlot] of this.files) {
      if (olderSlot === slot) break;
      this.files.delete(olderSlot);
    }
    return this.options.positions.save({ ...file.identity(), offset: mark - slot * OFFSET_SPAN });
  }

  private async run(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true }).catch(() => undefined);
    this.watchFolder();
    await this.openInitial();
    while (!this.stopping) {
      this.changed = false;
      let progressed = false;
      try {
        progressed = await this.step();
      } catch {
        // An I/O error (file removed under us): look again after a pause.
      }
      if (!progressed && !this.stopping) await this.waitForChange();
    }
  }

  /** The saved position if its file is still there (at the path, or renamed beside it), else the path from 0. */
  private async openInitial(): Promise<void> {
    const saved = await this.options.positions.load();
    if (saved !== undefined) {
      const atPath = await TailedFile.open(this.path, saved.offset);
      const samePrint = saved.fingerprint === '' || atPath?.fingerprint === saved.fingerprint;
      if (atPath !== undefined && atPath.ino === saved.ino && atPath.dev === saved.dev && samePrint) {
        this.use(atPath);
        return;
      }
      await atPath?.close();
      const moved = await findSibling(this.path, saved, saved.offset);
      const file = moved === undefined ? undefined : await TailedFile.open(moved, saved.offset);
      if (file !== undefined) {
        this.use(file);
        return;
      }
    }
    await this.openPathFromStart();
  }

  /** One read or one check; false when there was nothing to do. */
  private async step(): Promise<boolean> {
    const file = this.current;
    if (file === undefined) return this.openPathFromStart();
    if (await file.wasTruncated()) {
      await this.afterTruncation(file);
      return true;
    }
    const bytesRead = await this.readChunk(file);
    await file.refreshFingerprint();
    if (bytesRead > 0) {
      file.lastGrowthAt = performance.now();
      return true;
    }
    if (await isStillAtPath(file, this.path)) return false;
    // Renamed away (or a finished copy): it may still grow until the app reopens its file.
    if (performance.now() - file.lastGrowthAt < this.rotateIdleMillis) return false;
    await file.close();
    this.stats.rotations++;
    this.current = undefined;
    return this.openPathFromStart();
  }

  /** copytruncate: finish the lines not yet read from the copy, if it can be found, then the file from 0. */
  private async afterTruncation(file: TailedFile): Promise<void> {
    this.stats.truncations++;
    await file.close();
    this.current = undefined;
    const copy = file.fingerprint === '' ? undefined : await findSibling(this.path, file.identity(), file.consumed);
    const rest = copy === undefined ? undefined : await TailedFile.open(copy, file.consumed);
    if (rest !== undefined) this.use(rest);
    else await this.openPathFromStart();
  }

  private async openPathFromStart(): Promise<boolean> {
    const file = await TailedFile.open(this.path, 0);
    if (file === undefined) return false;
    this.use(file);
    return true;
  }

  private use(file: TailedFile): void {
    const slot = this.nextSlot;
    this.nextSlot = (this.nextSlot + 1) % SLOTS;
    this.files.delete(slot);
    this.files.set(slot, file);
    this.slotOf.set(file, slot);
    this.current = file;
  }

  /** Reads what the file has past its position and hands on every complete line; a partial one is carried. */
  private async readChunk(file: TailedFile): Promise<number> {
    const { bytesRead } = await file.handle.read(this.chunk, 0, this.chunk.length, file.position);
    if (bytesRead === 0) return 0;
    const fresh = this.chunk.subarray(0, bytesRead);
    const data = file.carry.length === 0 ? fresh : Buffer.concat([file.carry, fresh]);
    const base = file.consumed;
    const markBase = this.slotOf.get(file)! * OFFSET_SPAN + base;
    let start = 0;
    for (let newline = data.indexOf(NEWLINE); newline !== -1; newline = data.indexOf(NEWLINE, start)) {
      if (newline > start) await this.handOn(data.toString('utf8', start, newline), markBase + newline + 1);
      start = newline + 1;
      file.consumed = base + start;
      if (this.stopping) break;
    }
    let carry = data.subarray(start);
    if (carry.length >= this.maxLineBytes && !this.stopping) {
      await this.handOn(carry.toString('utf8'), markBase + data.length);
      file.consumed = base + data.length;
      carry = carry.subarray(carry.length);
    }
    // A copy: `data` may be the reused read buffer.
    file.carry = this.stopping ? Buffer.alloc(0) : Buffer.from(carry);
    return bytesRead;
  }

  /** Hands one line on, pausing (not dropping) while the sink is full. */
  private async handOn(line: string, mark: number): Promise<void> {
    while (!this.options.sink.offer(line, mark)) {
      if (this.stopping) return;
      await Promise.race([this.options.sink.waitForRoom(), this.stopSignal]);
    }
    this.lastMark = mark;
    this.stats.linesRead++;
  }

  /** Any change in the folder wakes the loop: the file growing, a rename, a new file, a copy. */
  private watchFolder(): void {
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, () => this.signalChange());
      this.watcher.on('error', () => undefined);
    } catch {
      // No watch on this file system: polling alone finds the changes.
    }
  }

  private signalChange(): void {
    this.changed = true;
    this.wake?.();
  }

  private waitForChange(): Promise<void> {
    if (this.changed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMillis);
      this.wake = done;
    });
  }
}
