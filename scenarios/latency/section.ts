// Report section of the latency scenario: percentiles with intervals per rate, added latency, and the curve.
import type { FixedRateFigure, LatencyAnalysis } from './analysis.js';
import { barChart, lineChart } from '../../scripts/report/charts.js';
import { type ChartRegistry, escapeHtml, formatInterval, formatMicros, formatNumber, table } from '../../scripts/report/html.js';
import { validityCell } from '../../scripts/report/sections/validity.js';
import { floorRatio, floorWords } from '../common/floor.js';
import { addedAt } from './headlines.js';
import { targetsTable } from '../common/sidecar-targets.js';
import { latencyTargets } from './targets.js';

export function renderLatencySection(analysis: LatencyAnalysis, charts: ChartRegistry, pinned: boolean): string {
  const { data, fixedRates: figures, curves } = analysis;
  const groups = [...new Set(figures.map((figure) => `${figure.lang}|${figure.ratePerSecond}`))];
  const perRate = groups.map((group) => {
    const [lang, rate] = group.split('|') as [string, string];
    const inGroup = figures.filter((figure) => figure.lang === lang && String(figure.ratePerSecond) === rate);
    const labels = inGroup[0]?.percentiles.map((p) => `p${p.percentile}`) ?? [];
    const chart = charts.add(
      barChart(
        labels,
        inGroup.map((figure) => ({
          label: figure.mode,
          values: figure.percentiles.map((p) => p.latency?.median ?? null),
          intervals: figure.percentiles.map((p) => (p.latency ? { low: p.latency.low, high: p.latency.high } : null)),
        })),
        'latency, µs',
      ),
      `${lang}: latency per percentile at ${rate} req/s, median of valid repetitions with 95% interval`,
    );
    const rows = inGroup.flatMap((figure) =>
      figure.percentiles.map((p) => [
        escapeHtml(figure.mode),
        `p${p.percentile}`,
        formatInterval(p.latency, formatMicros),
        figure.mode === 'none' ? '<span class="muted">baseline</span>' : formatInterval(p.added, formatMicros),
        `${figure.validRepetitions} valid${figure.invalidRepetitions > 0 ? `, <span class="invalid">${figure.invalidRepetitions} invalid</span>` : ''}${p.withheld > 0 ? `, <span class="warn">${p.withheld} withheld: half of this percentile or more was the generator's own lateness</span>` : ''}`,
      ]),
    );
    const floorText = hopFloorText(inGroup, 'sidecar', 'The floor of this hop (mode native, HAProxy in front of the same app)');
    const agentText = hopFloorText(
      inGroup,
      'agent',
      "Mode agent, the host's one agent serving this one app (the same hop, in the process every app of a host would share)",
    );
    return `<h3>${escapeHtml(lang)} at ${escapeHtml(rate)} req/s</h3>${chart}${table(['mode', 'percentile', 'latency [95% CI]', 'added vs none [95% CI]', 'repetitions'], rows)}${floorText}${agentText}`;
  });

  const curveChart =
    curves.length === 0
      ? ''
      : charts.add(
          lineChart(
            curves.flatMap((curve) => [
              { label: `${curve.mode} p50 (${curve.lang})`, points: curve.points.map((p) => ({ x: p.ratePerSecond, y: p.p50Micros })) },
              { label: `${curve.mode} p99 (${curve.lang})`, points: curve.points.map((p) => ({ x: p.ratePerSecond, y: p.p99Micros })) },
            ]),
            'offered rate, req/s',
            'latency, µs (log scale)',
            { logarithmicY: true },
          ),
          'Latency against offered rate; a missing point is a step that could not hold its rate (past saturation)',
          320,
        );
  const curveInvalid = curves.flatMap((curve) =>
    curve.points.filter((p) => !p.valid).map((p) => `${curve.lang}/${curve.mode} at ${p.ratePerSecond} req/s: ${p.reasons.join('; ')}`),
  );
  const saturationRows = data.saturation.map((step) => [
    escapeHtml(`${step.lang}/${step.mode}`),
    formatNumber(step.result.requestsPerSecond, 0, 'req/s'),
    `${step.result.latencyMillis.p50} / ${step.result.latencyMillis.p99} ms`,
    validityCell(step.validity),
  ]);
  const stepRows = data.steps.map((step) => [
    escapeHtml(step.kind),
    escapeHtml(`${step.lang}/${step.mode}`),
    String(step.ratePerSecond),
    String(step.repetition + 1),
    formatNumber(step.load.achievedRatePerSecond, 1),
    `${formatMicros(step.load.pacing.p50Micros)} / ${formatMicros(step.load.pacing.p99Micros)}`,
    validityCell(step.validity),
  ]);
  return `
<p>Each step sends ${escapeHtml(data.request)} at a fixed rate from a separate open-loop generator${pinned ? ' pinned to a core of its own' : ' (not pinned to a core of its own in this run: it competed with the services for the CPU)'}: a request
leaves at its intended time whatever earlier answers did, and its latency is counted from that intended time in
microseconds (so a stall is measured, not hidden: coordinated omission handled). ${data.warmupSeconds} s of warm-up at the
same rate precede each ${data.windowSeconds} s window and are not recorded. Modes are interleaved within each repetition
and compared only at the same rate. A step that missed its rate by more than 1% or saw any error or timeout is
invalid and shown only as such.</p>
${perRate.join('\n')}
<h3>Latency against rate</h3>
${curves.length === 0 ? '<p class="muted">No latency-vs-rate curve in this tier: <code>npm run bench -- --full</code> draws it.</p>' : curveChart}
${curveInvalid.length > 0 ? `<p class="muted">Points not drawn: ${escapeHtml(curveInvalid.join(' · '))}</p>` : ''}
<h3>Saturation (closed loop, autocannon)</h3>
<p>autocannon with ${escapeHtml(String(data.saturation[0]?.result.connections ?? '?'))} connections finds the throughput each mode saturates at. Its millisecond latencies are a
throughput tool's view and are not used as latency figures.</p>
${saturationRows.length === 0 ? '<p class="muted">Not measured in this run\'s tier: <code>npm run bench -- --full</code> measures it.</p>' : table(['cell', 'throughput', 'autocannon p50 / p99', 'validity'], saturationRows)}
${targetsText(analysis)}
<details><summary>Every load step (${data.steps.length})</summary>${table(['kind', 'cell', 'rate', 'rep', 'achieved req/s', 'pacing p50 / p99', 'validity'], stepRows)}</details>
<p class="note">Why: in mode <code>sidecar</code> every request crosses an extra process: the client talks to the
sidecar's ingress, which parses it, proxies it over loopback to the app and relays the answer. That is at least
two more socket hops, two more HTTP parses and a wake-up of another process, on the same cores as the app. The
library does its work inside the app's own request handling (a counter, a queued log record): usually cheaper than a
hop, but not free. Tail percentiles grow more than the median because the extra process competes for the CPU and
any pause in either process delays the request. Mode <code>native</code> puts HAProxy (one thread, keep-alive both ways, no
feature) where the sidecar stands: what any proxy in that place costs, so the sidecar's share above it is its own.
Mode <code>agent</code> is the sidecar's program run once per host with every app of the host in its apps file; here
it serves the one app measured, so it crosses the same hop as the sidecar: a difference between the two beyond the
noise is the shared process's own machinery, not sharing it. What sharing costs in memory as instances grow is the scale scenario's.</p>`;
}

/** Added p50 and p99 of a hop (the sidecar's, or the agent's) beside the native floor, in this language and rate. */
function hopFloorText(inGroup: readonly FixedRateFigure[], mode: 'sidecar' | 'agent', what: string): string {
  const figure = inGroup.find((one) => one.mode === mode);
  if (figure === undefined) return '';
  const said = [50, 99].map((percentile) => {
    const own = addedAt(inGroup, figure, mode, percentile);
    const native = addedAt(inGroup, figure, 'native', percentile);
    const sidecar = mode === 'agent' ? addedAt(inGroup, figure, 'sidecar', percentile) : null;
    const beside = sidecar === null ? '' : `, a sidecar of its own ${formatMicros(sidecar.median)}`;
    return `at p${percentile} the ${mode} adds ${formatMicros(own?.median)}${beside}, the native hop ${native === null ? 'was not measured' : formatMicros(native.median)}: ${floorWords(floorRatio(own, native), native === null)}`;
  });
  return `<p>${escapeHtml(what)}: ${said.join('; ')}.</p>`;
}

/** The sidecar's added p99 and saturation against the lean targets; its memory and CPU are the resources section's. */
function targetsText(analysis: LatencyAnalysis): string {
  const rows = latencyTargets(analysis);
  if (rows.length === 0) return '';
  return `<h3 id="latency-targets">The sidecar against its targets</h3>
<p>Added p99 of one hop, judged at 1000 req/s only (at another rate it is shown, not judged; <code>--full</code> measures
1000 req/s), and saturation in sidecar mode over library mode's on the same core, from the steps above after each cell's
warm-up (not measured in a tier without them). Same rule as the resources section's targets: met or not met when the
whole interval is on one side of the bound.</p>
${targetsTable(rows)}`;
}
