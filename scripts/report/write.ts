// Writes a run's index.html and results.csv beside its results.json, and reports/index.html listing every run.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readResults, writeAtomically } from '../results/writer.js';
import type { RunResults } from '../results/types.js';
import { escapeHtml, table } from './html.js';
import { renderPage } from './page.js';
import { renderReport } from './render.js';
import { evaluateClaims } from './claims-table.js';
import { analyseRun } from './analysed-run.js';
import { resultsCsv } from './csv.js';
import type { AnyScenario } from '../engine/scenario.js';

/** Writes index.html and results.csv into the run's folder; returns the HTML's path. */
export async function writeRunReport(results: RunResults, runDir: string, registry: readonly AnyScenario[]): Promise<string> {
  const path = join(runDir, 'index.html');
  const run = analyseRun(results, registry);
  await writeAtomically(path, renderReport(results, registry, run));
  await writeAtomically(join(runDir, 'results.csv'), resultsCsv(run.headlines, evaluateClaims(run, registry)));
  return path;
}

/** Lists every run folder holding a results.json, newest first. */
export async function writeRunsIndex(reportsDir: string, registry: readonly AnyScenario[]): Promise<string> {
  const runs: RunResults[] = [];
  for (const entry of existsSync(reportsDir) ? await readdir(reportsDir, { withFileTypes: true }) : []) {
    const resultsPath = join(reportsDir, entry.name, 'results.json');
    if (!entry.isDirectory() || !existsSync(resultsPath)) continue;
    try {
      runs.push(await readResults(resultsPath));
    } catch {
      // A results.json being written or damaged is left out of the list, not fatal.
    }
  }
  runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const rows = runs.map((run) => {
    const verdicts = evaluateClaims(analyseRun(run, registry), registry).filter((row) => row.verdict !== 'not measured').length;
    return [
      `<a href="${escapeHtml(encodeURIComponent(run.runId))}/index.html">${escapeHtml(run.runId)}</a>`,
      escapeHtml(run.startedAt),
      escapeHtml(run.options.tier),
      escapeHtml(run.status),
      escapeHtml(run.scenarios.map((s) => `${s.id} (${s.status})`).join(', ')),
      escapeHtml(run.environment.git.commit?.slice(0, 10) ?? '?'),
      String(verdicts),
    ];
  });
  const body = `<h1>sidecar-lab runs</h1><p>Every bench run in this folder, newest first. Each report is self-contained and works offline.</p>
${table(['run', 'started', 'tier', 'status', 'scenarios', 'commit', 'claims with a verdict'], rows)}`;
  const path = join(reportsDir, 'index.html');
  await writeAtomically(path, renderPage('sidecar-lab runs', body));
  return path;
}
