// From the conformance rows of a run to the matrix (language x mode x feature) and the vectors on which languages differ.
import { FEATURE_NAMES, type FeatureName } from '../../library/ts/src/feature.js';
import type { ConformanceVerdict, ConsistencyData, ConsistencyRow } from './types.js';
import type { Lang, Mode } from '../../scripts/results/types.js';

export interface MatrixCell {
  lang: Lang;
  mode: Mode;
  feature: FeatureName;
  passed: number;
  /** Listed in conformance/expected/<lang>-<mode>.txt, with the listed reason. */
  expectedFailures: { id: string; reason: string }[];
  failed: { id: string; detail: string }[];
  /** Listed as expected failures but passing: the list needs updating, the behaviour is fine. */
  stale: string[];
  notApplicable: number;
  passedOnRetry: string[];
}

export function consistencyMatrix(data: ConsistencyData): MatrixCell[] {
  return data.cells.flatMap((cell) =>
    FEATURE_NAMES.map((feature) => {
      const rows = cell.rows.filter((row) => row.feature === feature);
      const ids = (verdict: ConformanceVerdict) => rows.filter((row) => row.verdict === verdict);
      return {
        lang: cell.lang,
        mode: cell.mode,
        feature,
        passed: ids('pass').length,
        expectedFailures: ids('xfail').map((row) => ({ id: row.id, reason: (row.detail ?? '').replace(/^expected: /, '') })),
        failed: ids('fail').map((row) => ({ id: row.id, detail: row.detail ?? '' })),
        stale: ids('stale').map((row) => row.id),
        notApplicable: ids('n/a').length,
        passedOnRetry: rows.filter((row) => row.passedOnRetry === true).map((row) => row.id),
      };
    }),
  );
}

/** Passing (a stale listing passes too) or failing (expected or not); not applicable is neither. */
export function outcomeOf(row: ConsistencyRow | undefined): 'pass' | 'fail' | undefined {
  if (row === undefined || row.verdict === 'n/a') return undefined;
  return row.verdict === 'pass' || row.verdict === 'stale' ? 'pass' : 'fail';
}

export interface Divergence {
  id: string;
  feature: FeatureName;
  mode: Mode;
  /** Language to its verdict, for the languages the vector ran against in that mode. */
  verdicts: Record<Lang, ConformanceVerdict>;
  detail: string;
}

/** Vectors that pass beside one language and fail beside another, in the same mode: where implementations drifted. */
export function divergences(data: ConsistencyData, mode: Mode): Divergence[] {
  const cells = data.cells.filter((cell) => cell.mode === mode);
  const found: Divergence[] = [];
  for (const id of data.vectorIds) {
    const rows = cells.map((cell) => ({ lang: cell.lang, row: cell.rows.find((row) => row.id === id) }));
    const outcomes = new Set(rows.map(({ row }) => outcomeOf(row)).filter((outcome) => outcome !== undefined));
    if (outcomes.size < 2) continue;
    const failing = rows.filter(({ row }) => outcomeOf(row) === 'fail');
    found.push({
      id,
      mode,
      feature: rows.find(({ row }) => row !== undefined)?.row?.feature ?? 'metrics',
      verdicts: Object.fromEntries(rows.flatMap(({ lang, row }) => (row === undefined ? [] : [[lang, row.verdict]]))),
      detail: failing.map(({ lang, row }) => `${lang}: ${row?.detail ?? row?.verdict}`).join('; '),
    });
  }
  return found;
}

/** Languages whose cell in `mode` ran at least one vector. */
export function languagesIn(data: ConsistencyData, mode: Mode): Lang[] {
  return data.cells.filter((cell) => cell.mode === mode && cell.rows.some((row) => row.verdict !== 'n/a')).map((cell) => cell.lang);
}

/** How many vectors of `mode` ran against every listed language. */
export function vectorsRunIn(data: ConsistencyData, mode: Mode): number {
  const cells = data.cells.filter((cell) => cell.mode === mode);
  return data.vectorIds.filter((id) => cells.some((cell) => cell.rows.some((row) => row.id === id && row.verdict !== 'n/a'))).length;
}

/** Everything the consistency section and its claims read: computed once per report. */
export interface ConsistencyAnalysis {
  data: ConsistencyData;
  matrix: MatrixCell[];
  differential: DifferentialSummary | null;
}

export function analyzeConsistency(data: ConsistencyData): ConsistencyAnalysis {
  return { data, matrix: consistencyMatrix(data), differential: summarizeDifferential(data) };
}

/** A difference the generated inputs found between two implementations, with its shrunk counterexample. */
export interface GeneratedDrift {
  family: string;
  kind: string;
  pair: string;
  /** Both sides are libraries (not the sidecar): C2's evidence. */
  betweenLibraries: boolean;
  known: boolean;
  reason?: string;
  input: string;
  /** What each side of the pair did with the input (its compared facts, then the words of its message). */
  sides: Record<string, string>;
  cases: number;
}

export interface DifferentialSummary {
  seed: number;
  families: number;
  casesTried: number;
  casesDiffering: number;
  /** Implementations compared, the sidecar included. */
  implementations: string[];
  drifts: GeneratedDrift[];
  /** Of the cases tried, the kept drifts' inputs fed again (the known-drift list's replays). */
  replayed: number;
  /** Kept drifts whose replay no longer differs: `logs/overflow go/rust`. */
  stale: string[];
}

/** One row per (family, kind, pair) of the differential run; null when it did not run. */
export function summarizeDifferential(data: ConsistencyData): DifferentialSummary | null {
  const run = data.differential;
  if (run === undefined) return null;
  const drifts = run.families.flatMap((family) =>
    family.drifts.flatMap((drift) =>
      drift.pairs.map(({ pair, known, reason }) => {
        const names = pair.split('/');
        const side = (name: string) => {
          const observed = drift.sides[name];
          return `${JSON.stringify(observed?.facts ?? null)}${observed?.detail !== undefined ? ` (${observed.detail})` : ''}`;
        };
        return {
          family: drift.family,
          kind: drift.kind,
          pair,
          betweenLibraries: !names.includes('sidecar'),
          known,
          ...(reason !== undefined ? { reason } : {}),
          input: drift.input,
          sides: Object.fromEntries(names.map((name) => [name, side(name)])),
          cases: drift.cases,
        };
      }),
    ),
  );
  return {
    seed: run.seed,
    families: run.families.length,
    casesTried: run.families.reduce((sum, family) => sum + family.casesTried, 0),
    casesDiffering: run.families.reduce((sum, family) => sum + family.casesDiffering, 0),
    implementations: [...new Set(run.families.flatMap((family) => family.implementations))],
    drifts,
    replayed: run.families.reduce((sum, family) => sum + family.replayed, 0),
    stale: run.families.flatMap((family) => family.stale.map((one) => `${family.family}/${one.kind} ${one.pair}`)),
  };
}
