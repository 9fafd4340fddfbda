// Report section of the polyglot scenario: checkout latency per mode with what each mode adds, and its cost per role.
import { MIN_CHECKOUTS_PER_WINDOW } from './run.js';
import { EXTRA_TRAVERSALS, type PolyglotAnalysis } from './analysis.js';
import { barChart } from '../../scripts/report/charts.js';
import { type ChartRegistry, escapeHtml, formatBytes, formatInterval, formatMicros, formatNumber, table } from '../../scripts/report/html.js';
import { validityCell } from '../../scripts/report/sections/validity.js';

export function renderPolyglotSection({ data, checkout: figures, roles: allRoles }: PolyglotAnalysis, charts: ChartRegistry): string {
  const rates = [...new Set(figures.map((figure) => figure.ratePerSecond))].sort((a, b) => a - b);
  const perRate = rates.map((rate) => {
    const inRate = figures.filter((figure) => figure.ratePerSecond === rate);
    const chart = charts.add(barChart(inRate[0]?.percentiles.map((p) => `p${p.percentile}`) ?? [], inRate.map((figure) => ({
      label: figure.mode,
      values: figure.percentiles.map((p) => p.latency?.median ?? null),
      intervals: figure.percentiles.map((p) => (p.latency ? { low: p.latency.low, high: p.latency.high } : null)),
    })), 'checkout latency, µs'), `Checkout latency per percentile at ${rate} checkouts/s, median of valid repetitions with 95% interval`);
    const rows = inRate.flatMap((figure) => figure.percentiles.filter((p) => p.percentile === 50 || p.percentile === 99).map((p) => [
      escapeHtml(figure.mode), `p${p.percentile}`, formatInterval(p.latency, formatMicros),
      figure.mode === 'none' ? '<span class="muted">baseline</span>' : formatInterval(p.added, formatMicros),
      EXTRA_TRAVERSALS[figure.mode] > 0 && p.added !== null ? formatMicros(p.added.median / EXTRA_TRAVERSALS[figure.mode]) : '<span class="muted">–</span>',
      `${figure.validRepetitions} valid${figure.invalidRepetitions > 0 ? `, <span class="invalid">${figure.invalidRepetitions} invalid</span>` : ''}`,
    ]));
    return `<h3>At ${rate} checkouts/s</h3>${chart}${table(['mode', 'percentile', 'latency [95% CI]', 'added vs none [95% CI]', 'added per proxy traversal', 'repetitions'], rows)}`;
  });
  const roles = allRoles.filter((figure) => figure.role !== 'loadgen');
  const roleRows = roles.map((figure) => [
    escapeHtml(figure.mode), String(figure.ratePerSecond), escapeHtml(figure.role),
    formatInterval(figure.cpuMillisPer1000, (value) => formatNumber(value, 1, 'ms')), formatInterval(figure.rssBytes, formatBytes),
  ]);
  const saturationRows = data.saturation.map((one) => [escapeHtml(one.mode), formatNumber(one.result.requestsPerSecond, 0, 'checkouts/s'), validityCell(one.validity)]);
  const readyRows = data.ready.map((one) => [escapeHtml(one.mode), formatNumber(one.seconds, 2, 's')]);
  const stepRows = data.steps.map((step) => [
    escapeHtml(step.mode), String(step.ratePerSecond), String(step.repetition + 1), formatNumber(step.load.achievedRatePerSecond, 1),
    `${formatMicros(step.load.pacing.p50Micros)} / ${formatMicros(step.load.pacing.p99Micros)}`, validityCell(step.validity),
  ]);
  return `
<p>web in <strong>${escapeHtml(data.services.web)}</strong>, customers in <strong>${escapeHtml(data.services.customers)}</strong>,
payment in <strong>${escapeHtml(data.services.payment)}</strong>, in each mode (each mode with its own control plane, so one mode's
web never finds another mode's customers). Each step sends ${escapeHtml(data.request)}. Open loop, latency from the intended send
time in µs, ${data.warmupSeconds} s warm-up excluded before each window of at least ${data.windowSeconds} s and ${MIN_CHECKOUTS_PER_WINDOW} checkouts, modes
interleaved within each repetition.</p>
${perRate.join('\n')}
<h3>CPU and memory per role</h3>
<p>Summed over the three services: <em>app</em> is the three apps, <em>sidecar</em> the three sidecars, <em>proxy</em> the three HAProxy processes of mode native, <em>controlplane</em> the mode's
control plane. CPU per 1000 checkouts over the measured window.</p>
${table(['mode', 'checkouts/s', 'role', 'CPU per 1000 checkouts', 'RSS'], roleRows)}
<h3>Saturation and start</h3>
${table(['mode', 'closed-loop throughput (autocannon)', 'validity'], saturationRows)}
${table(['mode', 'from first spawn to the first successful checkout'], readyRows)}
<details><summary>Every checkout step (${data.steps.length})</summary>${table(['mode', 'rate', 'rep', 'achieved/s', 'pacing p50 / p99', 'validity'], stepRows)}</details>
<p class="note">Why: a checkout is one request to web and two calls from web. In mode none these are three direct connections. In
library mode the same three, with the library's egress (discovery, retries, circuit breaker) inside web. In sidecar mode every
service has its sidecar: the request enters through web's sidecar, and each of web's two calls leaves through web's ambassador
and enters through the callee's sidecar, ${EXTRA_TRAVERSALS.sidecar} proxy traversals in all, so the ambassador hop shows twice and
the sidecar's per-request cost is paid five times. The column "added per proxy traversal" divides what sidecar mode adds by
${EXTRA_TRAVERSALS.sidecar}, to compare with the single-service latency section, where a request crosses one. Mode native puts HAProxy in
the same ${EXTRA_TRAVERSALS.native} places (each service's ingress, and on web's way out to each peer, one route per peer, where the
ambassador stands), with the apps as in mode none: the floor of those traversals.</p>`;
}
