// The claims the code and the conformance matrix speak to: C1 (a library per language), C2 (copies drift), C6 (once,
// everywhere), and K4 (the app-side glue the sidecar needs).
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import type { ClaimFinding, Verdict } from '../../scripts/report/claims.js';
import { formatNumber } from '../../scripts/report/html.js';
import { analyzeUpgrade } from '../upgrade/summary.js';
import { compareCode } from './codebase.js';
import { analyzeConsistency, divergences, languagesIn, vectorsRunIn } from './analysis.js';
import type { ConsistencyData } from './types.js';
import { decidingC1, decidingC2, decidingC6, decidingK4 } from './deciding.js';

// === thresholds: every verdict is computed from these, never typed in ===

/** A language library counts as a rewrite, not a stub, from this many non-blank lines. */
export const MIN_LIBRARY_LINES = 100;
/** At least this many languages must be compared for "per language" or "everywhere" to be shown. */
export const MIN_LANGUAGES = 2;
/** The per-language glue the sidecar leaves behind counts as small beside a rewrite up to this share of the library. */
export const MAX_GLUE_SHARE = 0.5;
/** Sidecar mode's app-side glue counts as a shallower integration when it is at least this many times the library adapter. */
export const MIN_GLUE_RATIO = 2;

function vectorSetText(data: ConsistencyData): string {
  return data.vectorSet === 'all'
    ? `all ${data.totalVectors} vectors`
    : `the ${data.vectorSet} subset of ${data.vectorIds.length} of ${data.totalVectors} vectors`;
}

export function claimC1(run: AnalysedRun): ClaimFinding {
  const rule = `with at least ${MIN_LANGUAGES} languages each carrying their own library of ≥ ${MIN_LIBRARY_LINES} lines: supported when, in each, the glue its services need for the sidecar is at most ${MAX_GLUE_SHARE * 100}% of that library (the sidecar, written once, takes the rest); not supported when, in each, that glue is as large as the library itself (the sidecar saves no code per language); depends otherwise; not measured with fewer libraries`;
  const base = { rule };
  const comparison = run.results.codebase === null ? null : compareCode(run.results.codebase);
  if (comparison === null)
    return {
      ...base,
      evidence: run.results.codebase === null ? 'the codebase was not counted' : 'no language library or no sidecar to compare',
      verdict: 'not measured',
    };
  const libraries = comparison.languages.filter((one) => one.libraryLines >= MIN_LIBRARY_LINES);
  const perLanguage = comparison.languages
    .map((one) => `${one.lang}: library ${one.libraryLines} lines in ${one.libraryFiles} files, sidecar glue ${one.sidecarGlueLines} lines`)
    .join('; ');
  const evidence =
    `${perLanguage}; the sidecar once: ${comparison.sidecarOnceLines} lines (${comparison.sidecarOwnLines} of its own + ${comparison.reusedLines} reused from library/ts); ` +
    `for these ${comparison.languages.length} languages: libraries ${comparison.librariesTotalLines} lines, sidecar and glue ${comparison.sidecarTotalLines} lines` +
    (comparison.breakEvenLanguages !== null ? `; the sidecar needs fewer lines from ${comparison.breakEvenLanguages} languages on` : '');
  if (libraries.length < MIN_LANGUAGES) return { ...base, evidence, verdict: 'not measured' };
  const smallGlue = libraries.every((one) => one.sidecarGlueLines <= MAX_GLUE_SHARE * one.libraryLines);
  const noSaving = libraries.every((one) => one.sidecarGlueLines >= one.libraryLines);
  const verdict: Verdict = smallGlue ? 'supported' : noSaving ? 'not supported' : 'depends';
  return { ...base, evidence, verdict, ...decidingC1(libraries, verdict) };
}

/** A differential run counts as a test of the copies from this many generated cases (shrinking included). */
export const MIN_GENERATED_CASES = 20;

/**
 * Library mode's conformance rows and the differential test's generated cases between libraries (the sidecar's pairs
 * are C6's matter); the upgrade experiment's mixed-version window, when it exists, joins the evidence here.
 */
export function claimC2(run: AnalysedRun): ClaimFinding {
  const rule = `supported when a conformance vector passes against one language's library and fails against another's, or a generated input (the differential test) is taken differently by two languages' libraries; not supported when neither finds a difference and at least ${MIN_GENERATED_CASES} generated cases ran beside the vectors; depends when the vectors agree but no generated case tested them (the vectors are written by those who aligned the copies); not measured with fewer than ${MIN_LANGUAGES} languages. The mixed-version window of the upgrade experiment is the other half of this claim`;
  const base = { rule };
  const analysis = run.analysisOf(analyzeConsistency);
  if (analysis === null) return { ...base, evidence: 'the consistency scenario did not run', verdict: 'not measured' };
  const { data, differential } = analysis;
  const langs = languagesIn(data, 'library');
  if (langs.length < MIN_LANGUAGES)
    return {
      ...base,
      evidence: `library mode ran in ${langs.length} language(s) (${langs.join(', ') || 'none'}): nothing to compare`,
      verdict: 'not measured',
    };
  const drift = divergences(data, 'library');
  const upgrade = run.analysisOf(analyzeUpgrade);
  const window =
    upgrade === null || upgrade.data.upgrades.length === 0
      ? ''
      : `; and while an upgrade rolled through the libraries, old and new behaviour ran side by side for up to ${formatNumber(upgrade.library.maxMixedWindowSeconds, 2, 's')} (the upgrade experiment)`;
  const vectors =
    `${vectorsRunIn(data, 'library')} vectors (${vectorSetText(data)}) against the libraries of ${langs.join(', ')}: ` +
    (drift.length === 0
      ? 'the same result in every language'
      : `${drift.length} differ: ${drift
          .map(
            (one) =>
              `${one.id} (${Object.entries(one.verdicts)
                .map(([lang, verdict]) => `${lang} ${verdict}`)
                .join(', ')})`,
          )
          .join('; ')}`);
  const generatedDrift = differential?.drifts.filter((one) => one.betweenLibraries) ?? [];
  const generated =
    differential === null
      ? 'no generated case ran'
      : `${differential.casesTried} generated cases in ${differential.families} input families (seed ${differential.seed}; ${differential.replayed} of them the known-drift list's replays) on ${differential.implementations.join(', ')}: ` +
        (generatedDrift.length === 0
          ? 'no two libraries differed'
          : `libraries differed on ${generatedDrift.length} kind(s) of input: ${generatedDrift.map((one) => `${one.family}/${one.kind} ${one.pair} (${one.input})`).join('; ')}`);
  const evidence = `${vectors}; ${generated}${window}`;
  const verdict: Verdict =
    drift.length > 0 || generatedDrift.length > 0
      ? 'supported'
      : differential === null || differential.casesTried < MIN_GENERATED_CASES
        ? 'depends'
        : 'not supported';
  return {
    ...base,
    evidence,
    verdict,
    ...decidingC2(drift.length + generatedDrift.length, differential?.casesTried ?? null, MIN_GENERATED_CASES, verdict),
  };
}

export function claimC6(run: AnalysedRun): ClaimFinding {
  const rule = `supported when the one sidecar passes every conformance vector beside the app of each of at least ${MIN_LANGUAGES} languages; depends when it passes except for listed (expected) failures beside some language; not supported when a vector fails unexpectedly beside any language`;
  const base = { rule };
  const data = run.analysisOf(analyzeConsistency)?.data ?? null;
  if (data === null) return { ...base, evidence: 'the consistency scenario did not run', verdict: 'not measured' };
  const cells = data.cells.filter((cell) => cell.mode === 'sidecar' && cell.rows.some((row) => row.verdict !== 'n/a'));
  if (cells.length < MIN_LANGUAGES)
    return { ...base, evidence: `the sidecar ran beside ${cells.length} language(s): nothing to compare`, verdict: 'not measured' };
  const count = (verdict: string) =>
    cells.flatMap((cell) => cell.rows.filter((row) => row.verdict === verdict).map((row) => `${cell.lang} ${row.id}`));
  const failed = count('fail');
  const expected = count('xfail');
  const passed = cells
    .map((cell) => `${cell.lang} ${cell.rows.filter((row) => row.verdict === 'pass' || row.verdict === 'stale').length}`)
    .join(', ');
  const evidence =
    `one sidecar beside ${cells.map((cell) => cell.lang).join(', ')} on ${vectorSetText(data)}: passed ${passed}` +
    (expected.length > 0 ? `; expected failures: ${expected.join(', ')}` : '') +
    (failed.length > 0 ? `; failed: ${failed.join(', ')}` : '');
  const verdict: Verdict = failed.length > 0 ? 'not supported' : expected.length > 0 ? 'depends' : 'supported';
  return { ...base, evidence, verdict, ...decidingC6(failed.length, expected.length, verdict) };
}

export function costK4(run: AnalysedRun): ClaimFinding {
  const rule = `supported when, in every language, the services need at least ${MIN_GLUE_RATIO} times as much code to use the sidecar (log lines to a file, config from a file, peers through the ambassador, business counters to its API) as to use the library; not supported when in none; depends otherwise. What only the library sees in-process (per-request context) is not measured`;
  const base = { rule };
  const languages =
    (run.results.codebase === null ? null : compareCode(run.results.codebase))?.languages.filter(
      (one) => one.libraryGlueLines > 0 && one.sidecarGlueLines > 0,
    ) ?? [];
  if (languages.length === 0) return { ...base, evidence: "the services' glue per mode was not counted", verdict: 'not measured' };
  const deeper = languages.filter((one) => one.sidecarGlueLines >= MIN_GLUE_RATIO * one.libraryGlueLines).length;
  const evidence = `app-side code per mode: ${languages.map((one) => `${one.lang}: sidecar ${one.sidecarGlueLines} lines in ${one.sidecarGlueFiles} files, library adapter ${one.libraryGlueLines} lines`).join('; ')}`;
  const verdict: Verdict = deeper === languages.length ? 'supported' : deeper === 0 ? 'not supported' : 'depends';
  return { ...base, evidence, verdict, ...decidingK4(languages, verdict) };
}

export const consistencyClaims: ClaimRule[] = [
  { id: 'C1', evaluate: claimC1 },
  { id: 'C2', evaluate: claimC2 },
  { id: 'C6', evaluate: claimC6 },
  { id: 'K4', evaluate: costK4 },
];
