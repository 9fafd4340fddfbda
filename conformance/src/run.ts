// The whole conformance run: for each language (toolchain present, built once) and mode, run the cell.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, toolchainAvailable } from '../../scripts/orchestration/languages.js';
import type { Mode } from '../../scripts/orchestration/instance.js';
import { runCell, type CellReport } from './suite.js';
import type { VectorResult } from './runner.js';
import type { LoadedVector } from './vector.js';

export interface ConformanceOptions {
  langs: readonly string[];
  modes: readonly Mode[];
  /** Every vector; `vectorIds` (when not empty) picks the ones to run. */
  vectors: readonly LoadedVector[];
  vectorIds?: readonly string[];
  runRoot?: string;
  build?: boolean;
  keepRunDirs?: boolean;
  onCell?: (report: CellReport) => void;
  onResult?: (result: VectorResult) => void;
  onSkip?: (lang: string, reason: string) => void;
}

export interface ConformanceRun {
  ok: boolean;
  runRoot: string;
  reports: CellReport[];
  skipped: { lang: string; reason: string }[];
  /** False when every vector passed and their files were removed. */
  keptFiles: boolean;
}

export function defaultRunRoot(): string {
  return mkdtempSync(join(tmpdir(), 'scl-conformance-'));
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceRun> {
  const runRoot = options.runRoot ?? defaultRunRoot();
  const filtered = (options.vectorIds ?? []).length > 0;
  const vectors = filtered ? options.vectors.filter(({ vector }) => options.vectorIds?.includes(vector.id)) : options.vectors;
  const knownIds = new Set(options.vectors.map(({ vector }) => vector.id));
  const reports: CellReport[] = [];
  const skipped: { lang: string; reason: string }[] = [];
  for (const lang of options.langs) {
    const toolchain = await toolchainAvailable(lang);
    if (!toolchain.available) {
      skipped.push({ lang, reason: toolchain.message });
      options.onSkip?.(lang, toolchain.message);
      continue;
    }
    if (options.build !== false) await build(lang);
    for (const mode of options.modes) {
      const report = await runCell({
        lang,
        mode,
        vectors,
        knownIds,
        filtered,
        runRoot,
        keepRunDirs: options.keepRunDirs,
        onResult: options.onResult,
      });
      reports.push(report);
      options.onCell?.(report);
    }
  }
  const keptFiles = options.keepRunDirs === true || reports.some((report) => report.rows.some((row) => row.result?.passed === false));
  if (!keptFiles && options.runRoot === undefined) rmSync(runRoot, { recursive: true, force: true });
  return { ok: reports.every((report) => report.ok), runRoot, reports, skipped, keptFiles };
}
