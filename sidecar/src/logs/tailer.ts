// Tails the app's JSON-lines log file from a saved position, across rotation and truncation, into a bounded sink.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FolderWatch } from './folder-watch.js';
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
  /** After the file grew, wait this long for more lines before reading: one read for many lines. */
  gatherMillis?: number;
}

export interface TailerStats {
  linesRead: number;
  rotations: number;
  truncations: number;
}

/** After a step: step again at once, read again after gatherMillis (lines are flowing), or wait for a change. */
type NextStep = 'again' | 'poll' | 'wait';

const NEWLINE = 0x0a;
const sleepMillis = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis));
// A mark is slot * 2^40 + offset: the file (one of 8192 slots, reused in turn) and the offset in it.
const OFFSET_SPAN = 2 ** 40;
const SLOTS = 8192;

export class LogTailer {
  readonly stats: TailerStats = { linesRead: 0, rotations: 0, truncations: 0 };
  /** The mark of the last line handed on; -1 before the first. Other records queued between lines reuse it. */
  lastMark = -1;
  private readonly path: string;
  private readonly rotateIdleMillis: number;
  private readonly maxLineBytes: number;
  private readonly gatherMillis: number;
  private readonly chunk: Buffer;
  /** Files to read, in order: the head is read to its end before the next. */
  private readonly files: TailedFile[] = [];
  /** Files whose lines may still be in the sink, by slot, oldest first. */
  private readonly bySlot = new Map<number, TailedFile>();
  private readonly slotOf = new WeakMap<TailedFile, number>();
  private nextSlot = 0;
  private readonly folder: FolderWatch;
  private stopping = false;
  private stopped!: () => void;
  private readonly stopSignal = new Promise<void>((resolve) => (this.stopped = resolve));
  private loop: Promise<void> | undefined;

  constructor(private readonly options: LogTailerOptions) {
    this.path = options.path;
    this.folder = new FolderWatch(dirname(options.path), options.pollIntervalMillis ?? 250);
    this.rotateIdleMillis = options.rotateIdleMillis ?? 1000;
    this.maxLineBytes = options.maxLineBytes ?? 1024 * 1024;
    this.gatherMillis = options.gatherMillis ?? 50;
    this.chunk = Buffer.alloc(options.chunkBytes ?? 64 * 1024);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops reading; lines already handed on stay in the sink. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped();
    this.folder.signal();
    this.folder.close();
    await this.loop;
    await Promise.all(this.files.map((file) => file.close()));
  }

  /** The sink is done with every line up to `mark`: save that position. */
  acknowledge(mark: number): Promise<void> | undefined {
    if (mark < 0) return undefined;
    const slot = Math.floor(mark / OFFSET_SPAN);
    const file = this.bySlot.get(slot);
    if (file === undefined) return undefined;
    // Files before this one are done with: forget them.
    for (const [olderSlot] of this.bySlot) {
      if (olderSlot === slot) break;
      this.bySlot.delete(olderSlot);
    }
    return this.options.positions.save({ ...file.identity(), offset: mark - slot * OFFSET_SPAN });
  }

  private async run(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true }).catch(() => undefined);
    this.folder.start();
    await this.openInitial();
    while (!this.stopping) {
      this.folder.reset();
      let next: NextStep = 'wait';
      try {
        next = await this.step();
      } catch {
        // An I/O error (file removed under us): look again after a pause.
      }
      if (this.stopping || next === 'again') continue;
      if (next === 'poll') {
        // Lines keep coming (an app writing one per request): read them every gatherMillis with the
        // watch off, rather than waking for each line the watch reports.
        this.folder.suspend();
        await sleepMillis(this.gatherMillis);
        continue;
      }
      if (this.folder.suspended) {
        // The flow stopped: watch again, then look once more for lines written before the watch was on.
        this.folder.resume();
        continue;
      }
      await this.folder.next();
      // Lines that come one at a time: let them gather, then read them at once.
      if (!this.stopping) await sleepMillis(this.gatherMillis);
    }
  }

  /** The saved position if its file is still there (at the path, or renamed beside it); then whatever is at the path. */
  private async openInitial(): Promise<void> {
    const saved = await this.options.positions.load();
    if (saved === undefined) return;
    const atPath = await TailedFile.open(this.path, saved.offset);
    const samePrint = saved.fingerprint === '' || atPath?.fingerprint === saved.fingerprint;
    if (atPath !== undefined && atPath.ino === saved.ino && atPath.dev === saved.dev && samePrint) {
      this.append(atPath);
      return;
    }
    await atPath?.close();
    const moved = await findSibling(this.path, saved, saved.offset);
    const file = moved === undefined ? undefined : await TailedFile.open(moved, saved.offset);
    if (file !== undefined) this.append(file);
  }

  /**
   * One read or one check, and what to do next. The file at the path is opened as soon as it is a
   * new one, and kept open, so that a file rotated again before its turn is not lost; files are
   * read strictly in order, each to its end.
   */
  private async step(): Promise<NextStep> {
    const opened = (await this.followPath()) ? 'again' : 'wait';
    const file = this.files[0];
    if (file === undefined) return opened;
    if (await file.wasTruncated()) {
      await this.afterTruncation(file);
      return 'again';
    }
    const bytesRead = await this.readChunk(file);
    await file.refreshFingerprint();
    if (bytesRead > 0) {
      file.lastGrowthAt = performance.now();
      if (bytesRead === this.chunk.length || this.files.length > 1) return 'again';
      // The end of the file for now: looking again at once would find nothing (four calls for naught).
      return opened === 'again' ? opened : 'poll';
    }
    if (this.files.length === 1) return opened;
    // A newer file is waiting: this one was renamed away, and may still grow until the app reopens its file.
    if (!file.final && performance.now() - file.lastGrowthAt < this.rotateIdleMillis) return opened;
    await file.close();
    this.files.shift();
    this.stats.rotations++;
    return 'again';
  }

  /** Opens the file at the path when it is not the newest one held (a rename rotation, or the first file). */
  private async followPath(): Promise<boolean> {
    const newest = this.files[this.files.length - 1];
    if (newest !== undefined && (await isStillAtPath(newest, this.path))) return false;
    const file = await TailedFile.open(this.path, 0);
    if (file === undefined) return false;
    if (newest !== undefined && file.ino === newest.ino && file.dev === newest.dev) {
      await file.close();
      return false;
    }
    this.append(file);
    return true;
  }

  /** copytruncate: finish the lines not yet read from the copy, if it can be found, then the file from 0. */
  private async afterTruncation(file: TailedFile): Promise<void> {
    this.stats.truncations++;
    const copy = file.fingerprint === '' ? undefined : await findSibling(this.path, file.identity(), file.consumed);
    const rest = copy === undefined ? undefined : await TailedFile.open(copy, file.consumed, { final: true });
    const again = await TailedFile.open(file.path, 0);
    await file.close();
    const replacements = [rest, again].filter((f): f is TailedFile => f !== undefined);
    this.files.splice(0, 1);
    // The replacements take the truncated file's place at the head, the copy first.
    for (const replacement of replacements.reverse()) this.prepend(replacement);
  }

  private append(file: TailedFile): void {
    this.register(file);
    this.files.push(file);
  }

  private prepend(file: TailedFile): void {
    this.register(file);
    this.files.unshift(file);
  }

  private register(file: TailedFile): void {
    const slot = this.nextSlot;
    this.nextSlot = (this.nextSlot + 1) % SLOTS;
    this.bySlot.delete(slot);
    this.bySlot.set(slot, file);
    this.slotOf.set(file, slot);
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

  /**
   * Hands one line on, pausing (not dropping) while the sink is full. While paused it keeps
   * following the path: a collector outage may outlast several rotations.
   */
  private async handOn(line: string, mark: number): Promise<void> {
    while (!this.options.sink.offer(line, mark)) {
      if (this.stopping) return;
      await Promise.race([this.options.sink.waitForRoom(), this.stopSignal, this.folder.next()]);
      this.folder.reset();
      await this.followPath().catch(() => false);
    }
    this.lastMark = mark;
    this.stats.linesRead++;
  }
}
