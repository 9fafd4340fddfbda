// Report section of the propagation scenario: time from a config change to the app using it.
import type { PropagationData } from './run.js';
import { estimateMedian } from '../../scripts/stats/summary.js';
import { barChart } from '../../scripts/report/charts.js';
import { type ChartRegistry, escapeHtml, formatInterval, formatNumber, table } from '../../scripts/report/html.js';

export function renderPropagationSection(data: PropagationData, charts: ChartRegistry): string {
  const figures = data.runs.map((run) => ({
    cell: `${run.lang}/${run.mode}`,
    estimate: estimateMedian(run.samples.flatMap((sample) => (sample.millis === null ? [] : [sample.millis]))),
    missed: run.samples.filter((sample) => sample.millis === null).length,
    samples: run.samples.length,
    max: Math.max(...run.samples.map((sample) => sample.millis ?? Number.NaN)),
  }));
  const chart = charts.add(
    barChart(
      figures.map((f) => f.cell),
      [
        {
          label: 'propagation',
          values: figures.map((f) => f.estimate?.median ?? null),
          intervals: figures.map((f) => (f.estimate ? { low: f.estimate.low, high: f.estimate.high } : null)),
        },
      ],
      'milliseconds',
    ),
    'Time from a config change to the app using it, median with 95% interval',
  );
  const rows = figures.map((f) => [
    escapeHtml(f.cell),
    formatInterval(f.estimate, (v) => formatNumber(v, 1, 'ms')),
    formatNumber(f.max, 1, 'ms'),
    `${f.samples - f.missed}/${f.samples}${f.missed > 0 ? ` <span class="invalid">(${f.missed} not seen within ${data.deadlineSeconds} s)</span>` : ''}`,
  ]);
  return `
<p>A new config version is PUT to the control plane; the clock runs until the app reports that version in
<code>/health</code> (${escapeHtml(data.method)}). Mode none reads no config and is not measured.</p>
${chart}
${table(['cell', 'p50 [95% CI]', 'max', 'changes seen'], rows)}
<p class="note">Why: both modes learn of the change the same way, a blocking query that the control plane answers as
soon as the version changes. The library then hands the new config to the app in memory. The sidecar writes the
app's config file atomically (temp file, fsync, rename) and the app notices the file change and re-reads it: no
network between sidecar and app, but a file write, a file-watch event and a parse. That hand-over through the shared
file system is what the sidecar's figure adds.</p>`;
}
