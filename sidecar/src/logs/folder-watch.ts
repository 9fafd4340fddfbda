// Wakes the tailer when anything changes in the log file's folder, with a poll as the fallback.
import { watch, type FSWatcher } from 'node:fs';

/**
 * Any change wakes: the file growing, a rename, a new file, a copy. A change seen while nobody
 * waits is remembered, so the next wait returns at once; a file system without inotify still
 * works by the poll interval alone.
 */
export class FolderWatch {
  private watcher: FSWatcher | undefined;
  private closed = false;
  private changed = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly folder: string,
    private readonly pollIntervalMillis: number,
  ) {}

  start(): void {
    if (this.closed || this.watcher !== undefined) return;
    try {
      this.watcher = watch(this.folder, { persistent: false }, () => this.signal());
      this.watcher.on('error', () => undefined);
    } catch {
      // No watch here: polling alone finds the changes.
    }
  }

  /** Forgets changes seen so far: call before looking at the files. */
  reset(): void {
    this.changed = false;
  }

  /** Resolves on the next change (at once if one came since reset()), or after the poll interval. */
  next(): Promise<void> {
    if (this.changed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMillis);
      this.wake = done;
    });
  }

  /** Wakes a waiter now (stop). */
  signal(): void {
    this.changed = true;
    this.wake?.();
  }

  get suspended(): boolean {
    return this.watcher === undefined;
  }

  /** Stops watching until resume(): no wake per change; next() waits for the poll interval alone. */
  suspend(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  resume(): void {
    this.start();
  }

  close(): void {
    this.closed = true;
    this.suspend();
  }
}
