// The tailer's saved position (a state file in --data-dir): which file, how far its lines were acknowledged.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A file is known by device and inode, plus the head of its first line (inodes are reused). */
export interface FileIdentity {
  dev: number;
  ino: number;
  /** Base64 of up to the first 256 bytes of the first line; empty while the first line is incomplete. */
  fingerprint: string;
}

export interface SavedPosition extends FileIdentity {
  /** Bytes of the file whose lines the collector acknowledged (always at a line boundary). */
  offset: number;
}

/**
 * Written after each acknowledged batch by rename of a temp file, so a sidecar killed at any
 * moment finds the old or the new position, never a torn one. No fsync: the file only has to
 * survive the process, and a position lost to a power cut repeats lines, it loses none.
 */
export class PositionStore {
  private writing: Promise<void> = Promise.resolve();
  private pending: SavedPosition | undefined;

  constructor(private readonly file: string) {}

  async load(): Promise<SavedPosition | undefined> {
    try {
      const saved = JSON.parse(await readFile(this.file, 'utf8')) as Partial<SavedPosition>;
      const { dev, ino, offset, fingerprint } = saved;
      if (![dev, ino, offset].every((n) => Number.isSafeInteger(n) && (n as number) >= 0) || typeof fingerprint !== 'string') {
        return undefined;
      }
      return { dev: dev!, ino: ino!, offset: offset!, fingerprint };
    } catch {
      return undefined;
    }
  }

  /** Saves the newest position; saves asked for while one is written collapse into one. */
  save(position: SavedPosition): Promise<void> {
    const first = this.pending === undefined;
    this.pending = position;
    if (first) {
      this.writing = this.writing.then(async () => {
        const latest = this.pending!;
        this.pending = undefined;
        await this.write(latest).catch(() => undefined);
      });
    }
    return this.writing;
  }

  /** Resolves once every save asked for so far is on disk. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private async write(position: SavedPosition): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    await writeFile(temp, `${JSON.stringify(position)}\n`);
    await rename(temp, this.file);
  }
}
