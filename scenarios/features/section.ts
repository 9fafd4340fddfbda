// Report section of the features scenario: latency and CPU with each feature on alone, against mode none.
import type { FeaturesData } from './run.js';
import { FEATURE_NAMES } from '../../library/ts/src/feature.js';
import { encodedPercentileMicros } from '../../scripts/stats/histogram.js';
import { estimateMedian } from '../../scripts/stats/summary.js';
import { barChart } from '../../scripts/report/charts.js';
import { type ChartRegistry, escapeHtml, formatInterval, formatMicros, formatNumber, table } from '../../scripts/report/html.js';
import { validityCell } from '../../scripts/report/sections/validity.js';

function setLabel(features: readonly string[]): string {
  return features.length === 0 ? 'nothing (mode none)' : features.length === FEATURE_NAMES.length ? 'all five' : features.join(',');
}

/** The feature sets this run measured, in its order: the sentence says what ran, not what a tier usually runs. */
export function measuredSets(data: FeaturesData): string {
  return [...new Set(data.steps.filter((step) => step.mode !== 'none').map((step) => setLabel(step.features)))].join('; ') || 'none';
}

function modesOf(data: FeaturesData): string {
  const modes = [...new Set(data.steps.map((step) => step.mode))];
  return `${modes.filter((mode) => mode !== 'none').join(' and ') || 'no'} mode${modes.includes('none') ? ', against mode none with nothing on' : ''}`;
}

export function renderFeaturesSection(data: FeaturesData, charts: ChartRegistry): string {
  const labels = [...new Set(data.steps.map((step) => setLabel(step.features)))];
  const modes = [...new Set(data.steps.map((step) => `${step.lang}/${step.mode}`))];
  const estimate = (cell: string, label: string, pick: (step: FeaturesData['steps'][number]) => number | null) =>
    estimateMedian(
      data.steps
        .filter((step) => `${step.lang}/${step.mode}` === cell && setLabel(step.features) === label && step.validity.valid)
        .flatMap((step) => {
          const value = pick(step);
          return value === null ? [] : [value];
        }),
    );
  const p50 = (step: FeaturesData['steps'][number]) => encodedPercentileMicros(step.load.latencyHistogram, 50);
  const cpu = (step: FeaturesData['steps'][number]) => {
    const values = step.windows.filter((w) => w.role === 'app' || w.role === 'sidecar').map((w) => w.cpuMillisPer1000Requests);
    return values.length > 0 && values.every((v) => v !== null) ? values.reduce((sum, v) => sum! + v!, 0)! : null;
  };
  const series = (pick: typeof p50) =>
    modes.map((cell) => {
      const estimates = labels.map((label) => estimate(cell, label, pick));
      return {
        label: cell.split('/')[1] ?? cell,
        values: estimates.map((e) => e?.median ?? null),
        intervals: estimates.map((e) => (e ? { low: e.low, high: e.high } : null)),
      };
    });
  const latencyChart = charts.add(barChart(labels, series(p50), 'p50 latency, µs'), 'p50 latency with each feature on alone, per mode');
  const cpuChart = charts.add(
    barChart(labels, series(cpu), 'CPU ms per 1000 requests'),
    'App + sidecar CPU per 1000 requests with each feature on alone',
  );
  const rows = data.steps.map((step) => [
    escapeHtml(`${step.lang}/${step.mode}`),
    escapeHtml(setLabel(step.features)),
    String(step.repetition + 1),
    formatMicros(p50(step)),
    formatMicros(encodedPercentileMicros(step.load.latencyHistogram, 99)),
    formatNumber(cpu(step), 1, 'ms'),
    validityCell(step.validity),
  ]);
  const summaryRows = modes
    .flatMap((cell) =>
      labels.map((label) => [
        escapeHtml(cell),
        escapeHtml(label),
        formatInterval(estimate(cell, label, p50), formatMicros),
        formatInterval(estimate(cell, label, cpu), (v) => formatNumber(v, 1, 'ms')),
      ]),
    )
    .filter((row) => !row[2]!.includes('not measured'));
  return `
<p>The same load (${escapeHtml(data.request)}, ${data.steps[0]?.ratePerSecond ?? '?'} req/s) against an instance started with
<code>SCL_FEATURES</code> set to each of these in turn: ${escapeHtml(measuredSets(data))}, in ${escapeHtml(modesOf(data))}.</p>
${latencyChart}${cpuChart}
${table(['cell', 'features on', 'p50 [95% CI]', 'CPU per 1000 req [95% CI]'], summaryRows)}
<details><summary>Every step</summary>${table(['cell', 'features on', 'rep', 'p50', 'p99', 'CPU per 1000 req', 'validity'], rows)}</details>
<p class="note">Why: <code>metrics</code> and <code>logs</code> act on every request (count and time it; write a record),
so they cost per request. <code>registry</code> and <code>config</code> act on a timer or a blocking query and cost
almost nothing per request. <code>egress</code> only acts on outbound calls, which this read does not make. In sidecar
mode the proxy hop is paid whatever is on; per-request features add their work in the sidecar instead of the app.</p>`;
}
