// One open log file as the tailer reads it: identity, read position, the partial line carried over.
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FileIdentity } from './position-store.js';

const FINGERPRINT_MAX_BYTES = 256;
const NEWLINE = 0x0a;

export class TailedFile {
  /** Offset after the last complete line handed on. */
  consumed: number;
  /** Bytes read past `consumed`: a line still waiting for its newline. */
  carry: Buffer = Buffer.alloc(0);
  fingerprint = '';
  lastGrowthAt = performance.now();

  private constructor(
    readonly path: string,
    readonly handle: FileHandle,
    readonly dev: number,
    readonly ino: number,
    offset: number,
    /** A copy made by copytruncate: it will not grow, no need to wait for it to go idle. */
    readonly final: boolean,
  ) {
    this.consumed = offset;
  }

  static async open(path: string, offset: number, options: { final?: boolean } = {}): Promise<TailedFile | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch {
      return undefined;
    }
    const info = await handle.stat();
    const file = new TailedFile(path, handle, info.dev, info.ino, offset, options.final ?? false);
    await file.refreshFingerprint();
    return file;
  }

  /** Where the next read starts. */
  get position(): number {
    return this.consumed + this.carry.length;
  }

  identity(): FileIdentity {
    return { dev: this.dev, ino: this.ino, fingerprint: this.fingerprint };
  }

  /** Captures the fingerprint once the first line is complete; cheap once known. */
  async refreshFingerprint(): Promise<void> {
    if (this.fingerprint === '') this.fingerprint = await fingerprintOf(this.handle);
  }

  /**
   * True when the file was truncated in place (copytruncate): it is shorter than what was read,
   * or its first line changed, which catches a file truncated and written past our position
   * again before we looked.
   */
  async wasTruncated(): Promise<boolean> {
    const { size } = await this.handle.stat();
    if (size < this.position) return true;
    if (this.fingerprint === '') return false;
    return (await fingerprintOf(this.handle)) !== this.fingerprint;
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

/** Base64 of the first line up to 256 bytes (newline included); empty while that line is incomplete. */
export async function fingerprintOf(handle: FileHandle): Promise<string> {
  const head = Buffer.alloc(FINGERPRINT_MAX_BYTES);
  const { bytesRead } = await handle.read(head, 0, FINGERPRINT_MAX_BYTES, 0).catch(() => ({ bytesRead: 0 }));
  const newline = head.subarray(0, bytesRead).indexOf(NEWLINE);
  if (newline !== -1) return head.subarray(0, newline + 1).toString('base64');
  return bytesRead === FINGERPRINT_MAX_BYTES ? head.toString('base64') : '';
}

/** Whether the file at `path` is still this one (a rename rotation puts a new file there). */
export async function isStillAtPath(file: TailedFile, path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    return info.ino === file.ino && info.dev === file.dev;
  } catch {
    return false;
  }
}

/**
 * Looks beside `path` for the file `wanted` was: a renamed file keeps its first line, so its
 * fingerprint finds it, as it finds the copy copytruncate made; the inode is the fallback while
 * no fingerprint is known. Only files at least `minSizeBytes` long qualify.
 */
export async function findSibling(path: string, wanted: FileIdentity, minSizeBytes: number): Promise<string | undefined> {
  const folder = dirname(path);
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (name === basename(path)) continue;
    const candidate = join(folder, name);
    const info = await stat(candidate).catch(() => undefined);
    if (info === undefined || !info.isFile() || info.size < minSizeBytes) continue;
    if (wanted.fingerprint === '') {
      if (info.ino === wanted.ino && info.dev === wanted.dev) return candidate;
      continue;
    }
    const handle = await open(candidate, 'r').catch(() => undefined);
    if (handle === undefined) continue;
    const fingerprint = await fingerprintOf(handle);
    await handle.close();
    if (fingerprint === wanted.fingerprint) return candidate;
  }
  return undefined;
}
