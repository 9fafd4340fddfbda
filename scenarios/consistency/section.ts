// Report section of the consistency scenario: the conformance matrix (language x mode x feature), every divergence
// named, and the lines of code each library needed per language next to the sidecar's.
import { FEATURE_NAMES } from '../../library/ts/src/feature.js';
import type { ConsistencyData } from './types.js';
import type { CodebaseFacts } from '../../scripts/results/types.js';
import { compareCode } from './codebase.js';
import { divergences, type ConsistencyAnalysis, type DifferentialSummary, type MatrixCell } from './analysis.js';
import { barChart } from '../../scripts/report/charts.js';
import { type ChartRegistry, escapeHtml, table } from '../../scripts/report/html.js';

function matrixCell(cell: MatrixCell | undefined): string {
  if (cell === undefined) return '<span class="muted">not run</span>';
  const parts: string[] = [];
  if (cell.passed > 0) parts.push(`<span class="pass">${cell.passed} passed</span>`);
  for (const failure of cell.failed)
    parts.push(`<span class="invalid" title="${escapeHtml(failure.detail)}">failed: ${escapeHtml(failure.id)}</span>`);
  for (const expected of cell.expectedFailures)
    parts.push(`<span class="warn">expected failure: ${escapeHtml(expected.id)} (${escapeHtml(expected.reason)})</span>`);
  if (cell.stale.length > 0) parts.push(`<span class="warn">passes but listed as expected: ${escapeHtml(cell.stale.join(', '))}</span>`);
  if (cell.passedOnRetry.length > 0)
    parts.push(`<span class="muted">passed alone after failing beside others: ${escapeHtml(cell.passedOnRetry.join(', '))}</span>`);
  if (parts.length === 0) parts.push(`<span class="muted">${cell.notApplicable > 0 ? 'n/a' : 'no vector'}</span>`);
  return parts.join('<br>');
}

function renderMatrix({ data, matrix }: ConsistencyAnalysis): string {
  const rows = data.cells.map((cell) => [
    `<strong>${escapeHtml(cell.lang)}/${escapeHtml(cell.mode)}</strong><br><span class="muted">${cell.vectorSeconds.toFixed(0)} s of vectors</span>`,
    ...FEATURE_NAMES.map((feature) =>
      matrixCell(matrix.find((one) => one.lang === cell.lang && one.mode === cell.mode && one.feature === feature)),
    ),
    cell.rows.some((row) => row.verdict === 'fail')
      ? '<span class="invalid">failed: not benchmarked</span>'
      : cell.ok
        ? 'ok'
        : '<span class="warn">ok, expected list stale</span>',
  ]);
  return table(['cell', ...FEATURE_NAMES, 'result'], rows, 'matrix');
}

function renderDivergences(data: ConsistencyData): string {
  const modes = [...new Set(data.cells.map((cell) => cell.mode))];
  const found = modes.flatMap((mode) => divergences(data, mode));
  if (found.length === 0)
    return `<p>No vector gave different results in different languages of the same mode: every implementation that ran did the same work on these vectors.</p>`;
  return table(
    ['vector', 'feature', 'mode', 'results by language', 'why'],
    found.map((one) => [
      `<code>${escapeHtml(one.id)}</code>`,
      escapeHtml(one.feature),
      escapeHtml(one.mode),
      escapeHtml(
        Object.entries(one.verdicts)
          .map(([lang, verdict]) => `${lang}: ${verdict}`)
          .join(', '),
      ),
      escapeHtml(one.detail),
    ]),
  );
}

function renderDifferential(differential: DifferentialSummary | null, data: ConsistencyData): string {
  if (differential === null || data.differential === undefined)
    return '<p class="muted">The differential test did not run in this tier.</p>';
  const families = table(
    ['input family', 'entry point', 'implementations', 'cases tried', 'differing', 'seconds'],
    data.differential.families.map((family) => [
      `<code>${escapeHtml(family.family)}</code>`,
      escapeHtml(family.entryPoint),
      escapeHtml(family.implementations.join(', ')),
      String(family.casesTried),
      String(family.casesDiffering),
      family.seconds.toFixed(0),
    ]),
  );
  const intro = `<p>Generated inputs (fast-check, seed <code>${differential.seed}</code>; the same seed replays them) fed to ${escapeHtml(differential.implementations.join(', '))}
through the same entry points: ${differential.casesTried} cases in ${differential.families} families, ${differential.casesDiffering} on which two implementations did different things.
Each kind of input that differed is shrunk to a small counterexample. A difference is either fixed (and becomes a vector) or listed with its reason in
<code>conformance/differential/known-drift.json</code>.${data.differential.skippedLanguages.length > 0 ? ` No toolchain here: ${escapeHtml(data.differential.skippedLanguages.join(', '))}.` : ''}</p>`;
  if (differential.drifts.length === 0) return `${intro}${families}<p>No generated input was taken differently by two implementations.</p>`;
  const drifts = table(
    ['family / kind', 'pair', 'counterexample (shrunk)', 'what each side did', 'cases', 'status'],
    differential.drifts.map((one) => [
      `${escapeHtml(one.family)} / <code>${escapeHtml(one.kind)}</code>`,
      escapeHtml(one.pair) + (one.betweenLibraries ? '' : ' <span class="muted">(sidecar)</span>'),
      `<code>${escapeHtml(one.input)}</code>`,
      Object.entries(one.sides)
        .map(([name, side]) => `<strong>${escapeHtml(name)}</strong>: ${escapeHtml(side)}`)
        .join('<br>'),
      String(one.cases),
      one.known
        ? `<span class="warn">known drift: ${escapeHtml(one.reason ?? '')}</span>`
        : '<span class="invalid">not listed: a new drift</span>',
    ]),
  );
  return `${intro}${families}${drifts}`;
}

export function renderCodeSize(codebase: CodebaseFacts | null, charts: ChartRegistry): string {
  const comparison = codebase === null ? null : compareCode(codebase);
  if (comparison === null) return '<p class="muted">The code was not counted, or there is no library or no sidecar yet.</p>';
  const langs = comparison.languages;
  const chart = charts.add(
    barChart(
      langs.map((one) => one.lang),
      [
        { label: 'library (written per language)', values: langs.map((one) => one.libraryLines) },
        { label: 'glue for the sidecar (per language)', values: langs.map((one) => one.sidecarGlueLines) },
      ],
      'non-blank lines',
    ),
    `Lines each language needs: its own library, or the glue its services need beside the one sidecar (${comparison.sidecarOnceLines} lines, written once)`,
  );
  const rows = langs.map((one) => [
    escapeHtml(one.lang),
    `${one.libraryLines} lines, ${one.libraryFiles} files`,
    `${one.libraryGlueLines} lines`,
    `${one.sidecarGlueLines} lines, ${one.sidecarGlueFiles} files`,
  ]);
  rows.push([
    '<strong>sidecar, once</strong>',
    `<span class="muted">–</span>`,
    `<span class="muted">–</span>`,
    `${comparison.sidecarOnceLines} lines: ${comparison.sidecarOwnLines} in sidecar/src (${comparison.sidecarOwnFiles} files) + ${comparison.reusedLines} of library/ts it is built from`,
  ]);
  const glueFiles = (codebase?.glue ?? []).filter((one) => one.mode === 'sidecar').flatMap((one) => one.paths);
  return `${chart}
${table(['language', 'library (feature code)', "services' adapter to the library", "services' glue for the sidecar"], rows)}
<p>For the ${langs.length} languages here: ${comparison.librariesTotalLines} lines with a library each, ${comparison.sidecarTotalLines} with the sidecar and each language's glue${comparison.breakEvenLanguages !== null ? `; the sidecar needs fewer lines from ${comparison.breakEvenLanguages} languages on` : ''}.
Non-blank lines of non-test source. The glue is the services' code that only sidecar mode uses: <span class="muted">${escapeHtml(glueFiles.join(', '))}</span>.</p>`;
}

export function renderConsistencySection(
  { data, matrix, differential }: ConsistencyAnalysis,
  charts: ChartRegistry,
  codebase: CodebaseFacts | null = null,
): string {
  const subset =
    data.vectorSet === 'all'
      ? `every one of the ${data.totalVectors} vectors`
      : `the ${escapeHtml(data.vectorSet)} subset, ${data.vectorIds.length} of ${data.totalVectors} vectors (<code>${data.vectorIds.map(escapeHtml).join('</code>, <code>')}</code>); a full run (<code>--full</code>) takes them all`;
  return `
<p>The conformance suite (<code>conformance/vectors/</code>) ran against every cell of this run: ${subset}, ${data.concurrency} at a time,
each with its own control plane and instance. An expected failure is listed with its reason in
<code>conformance/expected/&lt;lang&gt;-&lt;mode&gt;.txt</code>. A vector that failed beside others was run again alone before it
counted. A cell with an unexpected failure is not benchmarked: every speed figure in this report compares implementations that
did the same work. Mode native (HAProxy in front of an app as in mode none, the floor of a hop) has no feature, so conformance does
not apply to it: it is neither run here nor counted as failing, and it is measured only where the hop's cost is.</p>
${renderMatrix({ data, matrix, differential })}
<h3>Where languages differ</h3>
${renderDivergences(data)}
<h3>Generated inputs: the differential test</h3>
${renderDifferential(differential, data)}
<h3>Lines of code per language, and the sidecar's</h3>
${renderCodeSize(codebase, charts)}
<p class="note">Why: a library is the same behaviour written again in each language, so each copy can drift: a histogram in
milliseconds instead of seconds, an integer sent as a string, a POST retried without an idempotency key. The shared suite is
what finds such drift; the sidecar is one implementation, so beside any language it behaves the same, and what stays per
language is the glue: writing log lines to a file, reading a config file, calling a local port.</p>`;
}
