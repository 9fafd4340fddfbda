// Writes each applied config to the app's config file: debounced, unchanged content skipped, one write at a time.
import { readFile } from 'node:fs/promises';
import type { AppliedConfig } from '../../../library/ts/src/types.js';
import { replaceFile } from './atomic-file.js';

export interface ConfigFileWriterOptions {
  path: string;
  /** Versions applied within this long of the first are written once, the last one. */
  debounceSeconds: number;
  onWritten?: (applied: AppliedConfig) => void;
  onError?: (error: Error) => void;
}

/** spec/config-file.schema.json: `{version, config}`. */
export function configFileText(applied: AppliedConfig): string {
  return `${JSON.stringify({ version: applied.version, config: applied.config }, null, 2)}\n`;
}

export class ConfigFileWriter {
  private contentOnDisk: string | undefined;
  private pending: AppliedConfig | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private present = false;
  writes = 0;
  skippedUnchanged = 0;

  constructor(private readonly options: ConfigFileWriterOptions) {}

  /** Reads what the file holds now, so that the same content is not written again after a restart. */
  async init(): Promise<void> {
    this.contentOnDisk = await readFile(this.options.path, 'utf8').catch(() => undefined);
  }

  /** True once the file holds a config this sidecar pulled (written now, or already there). */
  get hasConfig(): boolean {
    return this.present;
  }

  /** Schedules `applied`; a burst within the debounce window ends in one write of the last. */
  offer(applied: AppliedConfig): void {
    this.pending = applied;
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.writePending());
    }, this.options.debounceSeconds * 1000);
  }

  /** Writes what is pending now, without waiting for the window. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.writing = this.writing.then(() => this.writePending());
    }
    await this.writing;
  }

  private async writePending(): Promise<void> {
    const applied = this.pending;
    this.pending = undefined;
    if (applied === undefined) return;
    const text = configFileText(applied);
    try {
      if (text === this.contentOnDisk) {
        this.skippedUnchanged++;
      } else {
        await replaceFile(this.options.path, text);
        this.contentOnDisk = text;
        this.writes++;
      }
      this.present = true;
      this.options.onWritten?.(applied);
    } catch (error) {
      // The next version tries again; the app keeps the file it has.
      this.options.onError?.(error as Error);
    }
  }
}
