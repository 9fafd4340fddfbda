// consistency: the conformance suite against every cell of the run; the matrix is C2's and C6's evidence, and a cell
// that fails is not benchmarked (speed is only compared between implementations that do the same work).
import { onEveryCore } from '../../scripts/env/pinning.js';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import type { FeatureName } from '../../library/ts/src/feature.js';
import { expectedFile, judge, readExpected, type Row } from '../../conformance/src/expected.js';
import { runVector, type VectorResult } from '../../conformance/src/runner.js';
import { mapWithConcurrency } from '../../conformance/src/suite.js';
import { appliesTo, loadVectors, type LoadedVector } from '../../conformance/src/vector.js';
import type { Message } from '../../scripts/results/types.js';
import { skippedMessages, type Cell, type ScenarioRunner } from '../../scripts/engine/scenario.js';
import { availableImplementations, FAMILIES, runDifferential } from '../../conformance/differential/suite.js';
import type { ConsistencyCell, ConsistencyData, ConsistencyRow, DifferentialData } from './types.js';

/**
 * The quick tier's vectors: one per feature, each where copies are likely to drift. A full run takes every vector; the
 * quick run's five minutes hold about 40 vector runs beside everything else.
 */
export const QUICK_VECTOR_IDS = [
  'metrics-duration-buckets-in-seconds', // units: seconds in every language, not milliseconds
  'logs-fields-become-typed-attributes', // data types: an integer stays an integer on the wire
  'registry-listed-passing-with-public-port', // the address others reach the instance at
  'config-schema-invalid-keeps-last-good', // validation: a bad document never replaces a good one
  'egress-checkout-sends-idempotency-key', // the checkout the polyglot topology measures; the one for mode none too
];
/** Smoke: the checkout vector alone, which applies to every mode. */
export const SMOKE_VECTOR_IDS = ['egress-checkout-sends-idempotency-key'];

/** Rough seconds one vector takes per mode on an idle machine (a sidecar cell starts one more process). */
// Mode native has no feature: conformance never runs it (its plugin does not name the mode). An agent cell starts a
// second app beside the vector's.
const VECTOR_SECONDS: Record<Cell['mode'], number> = { none: 1, library: 1.3, sidecar: 2.4, native: 0, agent: 3 };

export function vectorsOfTier(set: ConsistencySettings['vectors'], all: readonly LoadedVector[]): LoadedVector[] {
  if (set === 'all') return [...all];
  const ids = set === 'quick' ? QUICK_VECTOR_IDS : SMOKE_VECTOR_IDS;
  return all.filter(({ vector }) => ids.includes(vector.id));
}

export function featureOf(vectors: readonly LoadedVector[], id: string): FeatureName {
  return (vectors.find(({ vector }) => vector.id === id)?.vector.feature ?? 'metrics') as FeatureName;
}

/** A cell is measured unless a vector failed that its expected list does not explain. */
export function gateReason(cell: ConsistencyCell): string | undefined {
  const failed = cell.rows.filter((row) => row.verdict === 'fail').map((row) => row.id);
  return failed.length === 0
    ? undefined
    : `failed conformance (${failed.join(', ')}): not benchmarked, since its figures would not be of the same work`;
}

export interface ConsistencySettings {
  /** Conformance vectors run: a named subset (VECTOR_SUBSETS) or all of them. */
  vectors: 'smoke' | 'quick' | 'all';
  /** Vectors run side by side; a failure is run again alone before it counts. */
  concurrency: number;
  /** Generated cases per input family of the differential test (the settings family, a process per case, a quarter); 0: not run. */
  differentialRuns: number;
}

/** Rough seconds one generated case takes on every implementation: a process start per implementation for settings. */
const CASE_SECONDS: Record<string, number> = { settings: 8, requests: 0.15, metrics: 0.2, logs: 0.7, config: 0.5 };

/** The settings family starts processes per case: it gets a quarter of the others' cases. */
export function differentialRuns(runs: number): Record<string, number> {
  return Object.fromEntries(FAMILIES.map((family) => [family.id, family.id === 'settings' ? Math.ceil(runs / 4) : runs]));
}

export const consistencyRunner: ScenarioRunner<ConsistencyData, ConsistencySettings> = {
  estimateSeconds(_tier, settings, cells) {
    const vectors = vectorsOfTier(settings.vectors, loadVectors());
    const seconds = cells.reduce(
      (sum, cell) => sum + vectors.filter(({ vector }) => appliesTo(vector, cell.mode)).length * VECTOR_SECONDS[cell.mode],
      0,
    );
    const generated = Object.entries(differentialRuns(settings.differentialRuns)).reduce(
      (sum, [family, runs]) => sum + runs * (CASE_SECONDS[family] ?? 1),
      0,
    );
    // The differential test runs beside the vectors: the longer of the two sets the time.
    return Math.max(seconds / Math.max(1, settings.concurrency * 0.8), generated);
  },

  async run(context) {
    const messages: Message[] = skippedMessages(context);
    const cells = context.available;
    if (cells.length === 0)
      return {
        status: 'skipped',
        data: null,
        messages: [...messages, { level: 'skipped', scope: 'consistency', text: 'no runnable cell' }],
      };
    const all = loadVectors();
    const vectors = vectorsOfTier(context.settings.vectors, all);
    const jobs = cells.flatMap((cell) => vectors.filter(({ vector }) => appliesTo(vector, cell.mode)).map((loaded) => ({ cell, loaded })));
    const runRoot = join(context.runDir, 'conformance');
    let done = 0;
    const runOne = async ({ cell, loaded }: (typeof jobs)[number]): Promise<VectorResult> => {
      const result = await runVector(loaded.vector, { lang: cell.lang, mode: cell.mode, runRoot });
      context.step(`consistency: ${++done}/${jobs.length} vectors (${cell.lang}/${cell.mode} ${loaded.vector.id})`);
      return result;
    };
    // Conformance measures no speed: it gets every core, not the system under test's one. The differential test needs
    // no vector's result, so it runs beside the vectors (both mostly wait on processes and timers): 66 s against 73-81 s
    // in quiet quick runs (the vectors run slower beside it, so less than the differential's own 30-36 s is saved).
    const [first, differential] = await onEveryCore(context.pinning, () =>
      Promise.all([
        mapWithConcurrency(jobs, context.settings.concurrency, runOne),
        context.settings.differentialRuns > 0
          ? runGenerated(context.settings.differentialRuns, cells, runRoot, (text) => context.step(text))
          : Promise.resolve(undefined),
      ]),
    );
    // A failure beside other vectors may be the machine's: it is run again alone before it can exclude a cell.
    const results: VectorResult[] = [];
    const retried = new Map<string, string>();
    for (const [index, result] of first.entries()) {
      const job = jobs[index]!;
      if (result.passed || readExpected(job.cell.lang, job.cell.mode).has(result.id)) {
        results.push(result);
        continue;
      }
      context.step(`consistency: ${job.cell.lang}/${job.cell.mode} ${result.id} failed; running it again alone`);
      const again = await runVector(job.loaded.vector, { lang: job.cell.lang, mode: job.cell.mode, runRoot });
      if (again.passed) retried.set(`${job.cell.lang}/${job.cell.mode}/${result.id}`, result.failure?.message ?? 'failed');
      results.push(again);
    }
    const data: ConsistencyData = {
      vectorSet: context.settings.vectors,
      vectorIds: vectors.map(({ vector }) => vector.id),
      totalVectors: all.length,
      concurrency: context.settings.concurrency,
      cells: [],
    };
    for (const cell of cells) {
      const mine = results.filter((result) => result.lang === cell.lang && result.mode === cell.mode);
      const { rows, ok } = judge({
        results: mine,
        notApplicable: vectors.filter(({ vector }) => !appliesTo(vector, cell.mode)).map(({ vector }) => vector.id),
        expected: readExpected(cell.lang, cell.mode),
        knownIds: new Set(all.map(({ vector }) => vector.id)),
        filtered: vectors.length < all.length,
        file: expectedFile(cell.lang, cell.mode),
      });
      data.cells.push({
        lang: cell.lang,
        mode: cell.mode,
        ok,
        vectorSeconds: mine.reduce((sum, result) => sum + result.durationMs, 0) / 1000,
        rows: rows.map((row) => toRow(row, all, retried.get(`${cell.lang}/${cell.mode}/${row.id}`))),
      });
    }
    const failedCells = data.cells.flatMap((cell) => {
      const reason = gateReason(cell);
      return reason === undefined ? [] : [{ cell: { lang: cell.lang, mode: cell.mode }, reason }];
    });
    for (const { cell, reason } of failedCells) messages.push({ level: 'warning', scope: `${cell.lang}/${cell.mode}`, text: reason });
    for (const cell of data.cells.filter((one) => one.rows.some((row) => row.verdict === 'stale'))) {
      messages.push({
        level: 'warning',
        scope: `${cell.lang}/${cell.mode}`,
        text: `stale expected failures in ${expectedFile(cell.lang, cell.mode)}: they pass now; remove them (the cell is still measured)`,
      });
    }
    if (retried.size > 0)
      messages.push({
        level: 'warning',
        scope: 'consistency',
        text: `${retried.size} vector(s) failed beside others and passed alone: ${[...retried.keys()].join(', ')} (a busy machine, or a timing-sensitive vector)`,
      });
    if (differential !== undefined) data.differential = differential;
    for (const drift of (data.differential?.families ?? []).flatMap((family) => family.drifts)) {
      const unknown = drift.pairs.filter((one) => !one.known).map((one) => one.pair);
      if (unknown.length > 0)
        messages.push({
          level: 'warning',
          scope: 'consistency',
          text: `differential: ${drift.family}/${drift.kind} differs on ${unknown.join(', ')} and is not on the known-drift list: ${drift.input}`,
        });
    }
    for (const family of data.differential?.families ?? [])
      for (const stale of family.stale)
        messages.push({
          level: 'warning',
          scope: 'consistency',
          text: `differential: the kept drift ${family.family}/${stale.kind} ${stale.pair} no longer differs on its replay (${stale.input}): remove it from the known-drift list`,
        });
    return { status: 'ok', data, messages, failedCells };
  },
};

/** The differential test with a fresh seed, on the languages of this run's library cells and the sidecar if it has a sidecar cell. */
async function runGenerated(
  runs: number,
  cells: readonly Cell[],
  runRoot: string,
  step: (text: string) => void,
): Promise<DifferentialData> {
  const langs = [...new Set(cells.filter((cell) => cell.mode === 'library').map((cell) => cell.lang))];
  const { implementations, skipped } = await availableImplementations(langs);
  const withSidecar = cells.some((cell) => cell.mode === 'sidecar')
    ? implementations
    : implementations.filter((one) => one.mode !== 'sidecar');
  const seed = randomInt(2 ** 31 - 1);
  const numRuns = differentialRuns(runs);
  step(`consistency: differential test, seed ${seed}`);
  const families = await runDifferential({
    seed,
    numRuns,
    runDir: join(runRoot, 'differential'),
    implementations: withSidecar,
    timeLimitMs: 300_000,
    onFamily: (result) =>
      step(`consistency: differential ${result.family}: ${result.casesTried} cases, ${result.casesDiffering} differing`),
  });
  return { seed, numRuns, skippedLanguages: skipped, families };
}

function toRow(row: Row, all: readonly LoadedVector[], firstFailure: string | undefined): ConsistencyRow {
  return {
    id: row.id,
    feature: featureOf(all, row.id),
    verdict: row.verdict,
    ...(firstFailure !== undefined
      ? { passedOnRetry: true, detail: `first try failed: ${firstFailure}` }
      : row.detail !== undefined
        ? { detail: row.detail }
        : {}),
    ...(row.durationMs !== undefined ? { durationMs: row.durationMs } : {}),
  };
}
