// Runs a cell (language, mode): the applicable vectors with bounded concurrency, judged against the expected list.
import type { Mode } from '../../scripts/orchestration/instance.js';
import { expectedFile, judge, readExpected, type Row } from './expected.js';
import { runVector, type VectorResult } from './runner.js';
import { appliesTo, type LoadedVector } from './vector.js';

export const DEFAULT_CONCURRENCY = 2;

export interface CellOptions {
  lang: string;
  mode: Mode;
  /** The vectors of the run (already filtered by --vector). */
  vectors: readonly LoadedVector[];
  /** Every vector id there is, to spot expected entries naming no vector. */
  knownIds: ReadonlySet<string>;
  filtered: boolean;
  runRoot: string;
  concurrency?: number;
  keepRunDirs?: boolean;
  onResult?: (result: VectorResult) => void;
}

export interface CellReport {
  lang: string;
  mode: Mode;
  ok: boolean;
  rows: Row[];
  durationMs: number;
}

export async function runCell(options: CellOptions): Promise<CellReport> {
  const startedAt = Date.now();
  const applicable = options.vectors.filter(({ vector }) => appliesTo(vector, options.mode));
  const notApplicable = options.vectors.filter(({ vector }) => !appliesTo(vector, options.mode)).map(({ vector }) => vector.id);
  const results = await mapWithConcurrency(applicable, options.concurrency ?? DEFAULT_CONCURRENCY, async ({ vector }) => {
    const result = await runVector(vector, {
      lang: options.lang,
      mode: options.mode,
      runRoot: options.runRoot,
      keepRunDirs: options.keepRunDirs,
    });
    options.onResult?.(result);
    return result;
  });
  const { rows, ok } = judge({
    results,
    notApplicable,
    expected: readExpected(options.lang, options.mode),
    knownIds: options.knownIds,
    filtered: options.filtered,
    file: expectedFile(options.lang, options.mode),
  });
  return { lang: options.lang, mode: options.mode, ok, rows, durationMs: Date.now() - startedAt };
}

/** Like Promise.all over `items`, with at most `limit` running at once; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
