// Printing a cell's results as a table with a summary line, and the JSON results file.
import type { CellReport } from './suite.js';

const VERDICT_LABEL: Record<string, string> = { pass: 'pass', fail: 'FAIL', xfail: 'xfail', stale: 'STALE', 'n/a': 'n/a' };

export function formatCell(report: CellReport): string {
  const idWidth = Math.max(6, ...report.rows.map((row) => row.id.length));
  const lines = [`\n${report.lang}-${report.mode}`, `${'vector'.padEnd(idWidth)}  result  ${'ms'.padStart(6)}`];
  for (const row of report.rows) {
    const ms = row.durationMs === undefined ? '' : String(row.durationMs);
    lines.push(`${row.id.padEnd(idWidth)}  ${(VERDICT_LABEL[row.verdict] ?? row.verdict).padEnd(6)}  ${ms.padStart(6)}`);
    if (row.detail !== undefined && row.verdict !== 'pass') lines.push(indent(row.detail));
    if ((row.verdict === 'fail' || row.verdict === 'xfail') && row.result !== undefined) lines.push(indent(`files: ${row.result.runDir}`));
  }
  lines.push(summaryLine(report));
  return lines.join('\n');
}

export function summaryLine(report: CellReport): string {
  const counts = new Map<string, number>();
  for (const row of report.rows) counts.set(row.verdict, (counts.get(row.verdict) ?? 0) + 1);
  const parts = ['pass', 'fail', 'xfail', 'stale', 'n/a']
    .filter((verdict) => counts.has(verdict))
    .map((verdict) => `${counts.get(verdict)} ${verdict}`);
  return `${report.lang}-${report.mode}: ${report.ok ? 'OK' : 'FAILED'} (${parts.join(', ') || 'no vectors'}) in ${(report.durationMs / 1000).toFixed(1)} s`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** The JSON written by --json: one entry per cell, rows without the bulky raw results. */
export function toJson(reports: readonly CellReport[], skipped: readonly { lang: string; reason: string }[]): unknown {
  return {
    schemaVersion: 1,
    ok: reports.every((report) => report.ok),
    skipped,
    cells: reports.map((report) => ({
      lang: report.lang,
      mode: report.mode,
      ok: report.ok,
      durationMs: report.durationMs,
      rows: report.rows.map(({ result, ...row }) => ({
        ...row,
        ...(result?.failure !== undefined ? { failure: result.failure, runDir: result.runDir } : {}),
      })),
    })),
  };
}
