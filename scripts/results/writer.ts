// Writes results.json atomically after every change, so a crash or Ctrl-C loses nothing that finished.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunResults } from './types.js';

export class ResultsWriter {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    readonly results: RunResults,
  ) {}

  /** Applies a change and queues a write; writes never interleave. */
  update(change: (results: RunResults) => void): Promise<void> {
    change(this.results);
    return this.flush();
  }

  flush(): Promise<void> {
    const snapshot = JSON.stringify(this.results, null, 1);
    this.writing = this.writing.then(() => writeAtomically(this.path, snapshot));
    return this.writing;
  }
}

/** Temp file beside the target, then rename: a reader sees the old file or the new one, never half. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

export async function readResults(path: string): Promise<RunResults> {
  return JSON.parse(await readFile(path, 'utf8')) as RunResults;
}
