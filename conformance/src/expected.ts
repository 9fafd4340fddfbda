// Known failures per cell (conformance/expected/<lang>-<mode>.txt) and the verdict they give each vector.
import { existsSync, readFileSync } from 'node:fs';
import { fromRoot } from '../../scripts/orchestration/paths.js';
import type { VectorResult } from './runner.js';

/** pass, an unexpected fail, a listed (expected) fail, a listed entry that no longer fails, or not applicable. */
export type Verdict = 'pass' | 'fail' | 'xfail' | 'stale' | 'n/a';

export interface Row {
  id: string;
  verdict: Verdict;
  durationMs?: number;
  /** Why: the failure, the listed reason, or what to do with a stale entry. */
  detail?: string;
  result?: VectorResult;
}

export function expectedFile(lang: string, mode: string): string {
  return `conformance/expected/${lang}-${mode}.txt`;
}

/** Parses `id  # reason` lines; blank lines and lines starting with # are ignored. A missing reason or a repeated id is an error. */
export function parseExpected(text: string, source = 'expected list'): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-z0-9]+(?:-[a-z0-9]+)*)\s+#\s*(\S.*)$/.exec(line);
    if (match === null) throw new Error(`${source} line ${index + 1}: expected "<vector-id>  # reason", got "${line}"`);
    const [, id, reason] = match as unknown as [string, string, string];
    if (entries.has(id)) throw new Error(`${source} line ${index + 1}: ${id} is listed twice`);
    entries.set(id, reason.trim());
  }
  return entries;
}

/** The cell's known failures; no file means none. */
export function readExpected(lang: string, mode: string): Map<string, string> {
  const path = fromRoot(expectedFile(lang, mode));
  return existsSync(path) ? parseExpected(readFileSync(path, 'utf8'), expectedFile(lang, mode)) : new Map();
}

export interface JudgeInput {
  results: readonly VectorResult[];
  /** Vectors of the run that do not apply to the cell's mode. */
  notApplicable: readonly string[];
  expected: ReadonlyMap<string, string>;
  /** Every vector id that exists; listed ids outside it are stale. */
  knownIds: ReadonlySet<string>;
  /** A run filtered by --vector does not judge listed ids outside it. */
  filtered: boolean;
  file: string;
}

/** One row per vector of the run (plus stale entries); the cell is ok when no row is `fail` or `stale`. */
export function judge(input: JudgeInput): { rows: Row[]; ok: boolean } {
  const rows: Row[] = [];
  for (const result of input.results) {
    const reason = input.expected.get(result.id);
    if (result.passed) {
      rows.push(
        reason === undefined
          ? { id: result.id, verdict: 'pass', durationMs: result.durationMs, result }
          : {
              id: result.id,
              verdict: 'stale',
              durationMs: result.durationMs,
              detail: `stale expectation: it passes now; remove it from ${input.file}`,
              result,
            },
      );
    } else {
      const message = describeFailure(result);
      rows.push(
        reason === undefined
          ? { id: result.id, verdict: 'fail', durationMs: result.durationMs, detail: message, result }
          : { id: result.id, verdict: 'xfail', durationMs: result.durationMs, detail: `expected: ${reason}`, result },
      );
    }
  }
  for (const id of input.notApplicable) {
    rows.push(
      input.expected.has(id)
        ? { id, verdict: 'stale', detail: `stale expectation: the vector does not apply to this mode; remove it from ${input.file}` }
        : { id, verdict: 'n/a' },
    );
  }
  for (const id of input.expected.keys()) {
    if (!input.knownIds.has(id) && !input.filtered) {
      rows.push({ id, verdict: 'stale', detail: `stale expectation: no vector has this id; remove it from ${input.file}` });
    }
  }
  return { rows, ok: rows.every((row) => row.verdict !== 'fail' && row.verdict !== 'stale') };
}

export function describeFailure(result: VectorResult): string {
  const failure = result.failure;
  if (failure === undefined) return 'passed';
  const where = failure.stepNumber === 0 ? 'setup' : `step ${failure.stepNumber} (${Object.keys(failure.step ?? {})[0] ?? '?'})`;
  const observed = failure.observed === undefined ? '' : `\nobserved: ${truncate(JSON.stringify(failure.observed))}`;
  return `${where}: ${failure.message}${observed}`;
}

function truncate(text: string): string {
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
