// Report section of the resilience scenario: checkouts while payment fails or is slow, per mode: success, retries, double charges.
import type { ResilienceData } from './run.js';
import type { FaultAnalysis, ResilienceFigures } from '../common/fault-analysis.js';
import { type ChartRegistry, escapeHtml, formatNumber, table } from '../../scripts/report/html.js';
import { failedShareChart, p99Chart } from '../common/fault-timelines.js';
import { failedShare, failureKinds, p50, p99, percent, seconds, triple } from '../common/fault-format.js';
import { validityCell } from '../../scripts/report/sections/validity.js';

const WHY: Record<string, string> = {
  'payment-503':
    'Mode none has no egress: web calls payment once, and every 503 becomes a failed checkout. The library and the ambassador (sidecar mode) retry a failed try on another try, because web sends an Idempotency-Key, which makes the POST safe to repeat; a fifth of tries failing means about a quarter more tries (1 / 0.8), within the retry budget. Each 503 here was answered after payment had charged, so every retry is a second request for a charge already made: payment recognises the key and replays its first answer instead of charging again. The ambassador runs the egress code of library/ts and the Python and Go libraries carry their own copies of the same rules (spec/features.md); what the ambassador adds is one implementation for apps in any language, not better retries.',
  'payment-slow':
    'A late answer is not a failed try: 500 ms is under the per-try timeout (1 s), so nothing is retried and the slow tenth shows in the tail (p99) in every mode. Retries cannot hide slowness that stays below the timeout; a shorter timeout would turn slowness into retries, and load on payment.',
};

function tableRows(figures: readonly ResilienceFigures[]): string[][] {
  return figures.map((figure) => [
    escapeHtml(`${figure.lang}/${figure.mode}`),
    validityCell(figure.validity),
    ...(figure.validity.valid ? figureCells(figure) : figureCells(figure).map(() => '–')),
  ]);
}

/** An invalid episode is named with its reasons, its figures are not shown. */
function figureCells(figure: ResilienceFigures): string[] {
  return [
    `${triple(figure.load, failedShare)}${failureKinds(figure.load.during)}`,
    triple(figure.load, p50),
    triple(figure.load, p99),
    `${figure.triesDuring} tries for ${figure.callsDuring} checkouts: <strong>×${formatNumber(figure.amplificationDuring, 2)}</strong>${figure.callerRetriesDuring === null ? '' : `<br><span class="muted">the caller counted ${figure.callerRetriesDuring} retries; budget refused ${figure.budgetExhausted ?? 0}; circuits opened ${figure.circuitOpened ?? 0}</span>`}`,
    `<strong class="${figure.doubleCharges > 0 || (figure.extraStoredPayments ?? 0) > 0 ? 'invalid' : ''}">${figure.doubleCharges}</strong>${figure.extraStoredPayments === null ? '' : ` <span class="muted">(database: ${figure.extraStoredPayments} rows beyond the keys charged)</span>`}`,
    figure.recoverySeconds === null ? '<span class="invalid">not within the after window</span>' : seconds(figure.recoverySeconds),
  ];
}

export function renderResilienceSection(
  { data, figures }: FaultAnalysis<ResilienceData, ResilienceFigures>,
  charts: ChartRegistry,
): string {
  const faultIds = [...new Set(data.episodes.map((episode) => episode.fault))];
  const blocks = faultIds.map((id) => {
    const episodes = data.episodes.filter((episode) => episode.fault === id);
    const first = episodes[0];
    const band =
      first === undefined
        ? undefined
        : { startSeconds: first.injectedAtSeconds, endSeconds: first.endedAtSeconds, label: 'fault in force' };
    const lines = episodes.map((episode) => ({ label: `${episode.mode} (${episode.lang})`, timeline: episode.timeline }));
    const these = figures.filter((figure) => figure.fault === id);
    return `<h3 id="resilience-${escapeHtml(id)}">${escapeHtml(id)}</h3>
<p>${escapeHtml(data.faults.find((fault) => fault.id === id)?.how ?? '')}. ${escapeHtml(these.map((figure) => `${figure.lang}/${figure.mode}: ${percent(figure.injectedShare, 0)} of the tries during the fault`).join('; '))}.</p>
${charts.add(failedShareChart(lines, band), `${id}: checkouts failed per time bucket`)}
${charts.add(p99Chart(lines, band), `${id}: p99 of the successful checkouts per time bucket`)}
${table(['cell', 'figures count?', 'checkouts failed before → during → after', 'p50', 'p99', 'payment tries per checkout during the fault', 'keys charged twice', 'recovered after'], tableRows(these))}
<p class="note">Why: ${escapeHtml(WHY[id] ?? '')}</p>`;
  });
  return `
<p>web, customers and payment run in the cell's language and mode; payment runs behind a small fault proxy that the
registry lists as the payment service (and mode none's <code>SCL_PEERS</code> names), so web's calls to payment, whether
made by the library, by the ambassador or by a plain client, all cross it. The real payment service behind it still
stores every charge and de-duplicates by <code>Idempotency-Key</code>. Load: ${escapeHtml(data.request)}, ${data.ratePerSecond}
checkouts/s; the fault lasts ${formatNumber(data.duringSeconds, 1, 's')} after ${formatNumber(data.beforeSeconds, 1, 's')} without it, then ${formatNumber(data.afterSeconds, 1, 's')} more.
Tries per checkout are counted by the proxy (requests that reached payment over the distinct keys they carried); double
charges are keys payment charged more than once, checked against the rows in payment's own database.
${data.plan === 'short' ? `<strong>This is the short version of the default quick run</strong>; <code>npm run bench -- --scenario resilience</code> runs every fault on every cell.` : ''}</p>
${blocks.join('\n')}`;
}
