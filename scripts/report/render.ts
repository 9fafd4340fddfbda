// Builds the whole report of one run from its results alone.
import type { AnyScenario } from '../engine/scenario.js';
import type { RunResults, ScenarioResult } from '../results/types.js';
import { analyseRun, type AnalysedReport, type AnalysedScenario } from './analysed-run.js';
import type { ClaimRow } from './claims.js';
import { evaluateClaims } from './claims-table.js';
import { ChartRegistry, escapeHtml, table } from './html.js';
import { renderPage } from './page.js';
import { judgeCalibration } from '../load/calibration.js';
import { renderCalibrationSection } from './sections/calibration.js';
import { renderEnvironmentSection } from './sections/environment.js';
import { renderHeadlinesSection } from './sections/headlines.js';
import { renderPlanSection } from './sections/plan.js';
import { renderCardsSection, verdictClass } from './sections/cards.js';

const STATUS_TEXT: Record<ScenarioResult['status'], string> = {
  ok: 'measured',
  partial: 'partly measured',
  skipped: 'skipped',
  failed: 'failed',
};

function renderScenario({ result, scenario, analysis, error }: AnalysedScenario, charts: ChartRegistry, results: RunResults): string {
  const messages =
    result.messages.length === 0
      ? ''
      : `<ul>${result.messages.map((m) => `<li class="${m.level === 'error' ? 'invalid' : m.level === 'warning' ? 'warn' : 'muted'}">${escapeHtml(m.level)} (${escapeHtml(m.scope)}): ${escapeHtml(m.text)}</li>`).join('')}</ul>`;
  let body: string;
  if (scenario === null) body = '<p class="muted">This version of the report has no section for this scenario.</p>';
  else if (result.data === null) body = '<p class="muted">No figures: see the messages above.</p>';
  else if (error !== null) body = `<p class="invalid">This section could not be drawn from the results: ${escapeHtml(error)}</p>`;
  else {
    try {
      body = scenario.section(analysis, { charts, results });
    } catch (failure) {
      body = `<p class="invalid">This section could not be drawn from the results: ${escapeHtml((failure as Error).message)}</p>`;
    }
  }
  // A results file from a newer bench may hold a scenario this report does not know: shown by name, not a crash.
  return `<section id="${result.id}"><h2>${escapeHtml(scenario?.title ?? result.id)} <small class="muted">(${result.id}: ${STATUS_TEXT[result.status]}, ${result.durationSeconds.toFixed(0)} s)</small></h2>${messages}${body}</section>`;
}

function renderClaims(rows: ClaimRow[]): string {
  const render = (side: ClaimRow['side']) =>
    table(
      [
        'id',
        side === 'claim' ? "the seed's claim for the sidecar" : 'the cost of the sidecar, as its critics put it',
        'figures from this run',
        'verdict',
        'rule',
      ],
      rows
        .filter((row) => row.side === side)
        .map((row) => [
          // Each row is an anchor: a card whose scenario has no section in this run links here.
          `<span id="claim-${escapeHtml(row.id)}">${escapeHtml(row.id)}</span>`,
          escapeHtml(row.statement),
          escapeHtml(row.evidence),
          `<span class="verdict ${verdictClass(row.verdict)}">${escapeHtml(row.verdict)}</span>`,
          `<span class="muted">${escapeHtml(row.rule)}</span>`,
        ]),
    );
  return `<p>Each verdict is computed from this run's figures by a rule with thresholds kept in code
(each scenario's <code>claims.ts</code> in <code>scenarios/&lt;id&gt;/</code>); none is typed in. "not measured" names what would measure it.</p>
<h3>Claims for the sidecar</h3>${render('claim')}<h3>Costs of the sidecar</h3>${render('cost')}`;
}

/** Load average at the start above this many per core means other work competed with the measurement. */
export const BUSY_LOAD_PER_CORE = 1;

/** Why this run's figures may be noise, in words; empty when nothing says so. */
export function noiseWarnings(results: RunResults): string[] {
  const warnings: string[] = [];
  const { loadAverage, cores } = results.environment;
  if ((loadAverage[0] ?? 0) >= BUSY_LOAD_PER_CORE * cores) {
    warnings.push(
      `The machine was busy when the run started (load average ${loadAverage[0]!.toFixed(1)} on ${cores} cores): other work competed with the processes under test, so latencies are inflated and many steps may be invalid.`,
    );
  }
  const calibration = judgeCalibration(results.calibration);
  if (calibration !== null && !calibration.passed)
    warnings.push(
      `Calibration failed (${calibration.reasons.join('; ')}): the generator could not read targets of known latency within its bounds, so no latency of this run is trusted and the latency verdicts are "not measured".`,
    );
  else if (calibration !== null && !calibration.tail.passed)
    warnings.push(
      `Calibration vouches for the centre but not the tail (${calibration.tail.reasons.join('; ')}): the generator was late by more than its bound at p99, so no p99 latency headline of this run is quoted; p50 figures and the latency verdicts (computed from p50) are.`,
    );
  return warnings;
}

/** `report` is the run analysed once, when the caller also needs it (results.csv reads the same analysis). */
export function renderReport(
  results: RunResults,
  registry: readonly AnyScenario[],
  report: AnalysedReport = analyseRun(results, registry),
): string {
  const charts = new ChartRegistry();
  const smoke = results.options.tier === 'smoke';
  const runMessages =
    results.messages.length === 0
      ? ''
      : `<h3>Messages</h3><ul>${results.messages.map((m) => `<li class="${m.level === 'error' ? 'invalid' : m.level === 'warning' ? 'warn' : 'muted'}">${escapeHtml(m.level)} (${escapeHtml(m.scope)}): ${escapeHtml(m.text)}</li>`).join('')}</ul>`;
  const scenarioSections = report.scenarios.map((one) => renderScenario(one, charts, results)).join('\n');
  const claims = evaluateClaims(report, registry);
  // Cards come first but their charts are registered after the sections', so the scenarios' chart ids stay as they were.
  const sectionIds = new Set(results.scenarios.map((s) => s.id));
  const cards = renderCardsSection(claims, charts, sectionIds);
  const nav = ['story', 'headlines', 'environment', 'plan', 'calibration', ...results.scenarios.map((s) => s.id), 'claims']
    .map((id) => `<a href="#${id}">${escapeHtml(id)}</a>`)
    .join('');
  const body = `
<h1>sidecar-lab: sidecar vs library, measured</h1>
<p>Run <code>${escapeHtml(results.runId)}</code>, ${escapeHtml(results.options.tier)} tier, started ${escapeHtml(results.startedAt)}, status <strong>${escapeHtml(results.status)}</strong>.
Every figure below was measured on the machine described under Environment, in this run.</p>
${smoke ? '<p class="note warn">This is a smoke run: durations are tiny, so the figures only show that the machinery works. Do not quote them.</p>' : ''}
${noiseWarnings(results)
  .map((text) => `<p class="note warn">${escapeHtml(text)}</p>`)
  .join('\n')}
<nav>${nav}</nav>
${cards}
${runMessages}
<section id="headlines"><h2>Headline figures</h2>${renderHeadlinesSection(report.headlines)}</section>
<section id="environment"><h2>Environment</h2>${renderEnvironmentSection(results)}</section>
<section id="plan"><h2>What this run measured</h2>${renderPlanSection(results, registry)}</section>
<section id="calibration"><h2>Calibration</h2>${renderCalibrationSection(results.calibration)}</section>
${scenarioSections}
<section id="claims"><h2>Claims and costs</h2>${renderClaims(claims)}</section>`;
  return renderPage(`sidecar-lab run ${results.runId}`, body, charts.scripts());
}
