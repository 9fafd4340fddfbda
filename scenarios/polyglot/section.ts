// Report section of the polyglot scenario: each checkout's latency per mode with what each mode adds, and its cost per role, side by side.
import { MIN_CHECKOUTS_PER_WINDOW } from './run.js';
import { EXTRA_TRAVERSALS, type PolyglotAnalysis, type PolyglotCheckoutAnalysis } from './analysis.js';
import { describeCheckout } from './topology.js';
import { barChart } from '../../scripts/report/charts.js';
import {
  type ChartRegistry,
  escapeHtml,
  formatBytes,
  formatInterval,
  formatMicros,
  formatNumber,
  table,
} from '../../scripts/report/html.js';
import { validityCell } from '../../scripts/report/sections/validity.js';
import type { Mode } from '../../scripts/results/types.js';

const MUTED_DASH = '<span class="muted">–</span>';

/** Only the checkouts that have figures stand side by side; one that was not measured is said in a sentence. */
export function renderPolyglotSection({ data, checkouts: all }: PolyglotAnalysis, charts: ChartRegistry): string {
  const checkouts = all.filter((one) => one.data.ready.length > 0);
  const unmeasured = all.filter((one) => one.data.ready.length === 0);
  const names = checkouts.map((one) => escapeHtml(one.name));
  const rates = [...new Set(checkouts.flatMap((one) => one.checkout.map((figure) => figure.ratePerSecond)))].sort((a, b) => a - b);
  const modes = [...new Set(checkouts.flatMap((one) => one.checkout.map((figure) => figure.mode)))];
  const perRate = rates.map((rate) => {
    const series = checkouts.flatMap((one) =>
      one.checkout.filter((figure) => figure.ratePerSecond === rate).map((figure) => ({ name: one.name, figure })),
    );
    const chart = charts.add(
      barChart(
        series[0]?.figure.percentiles.map((p) => `p${p.percentile}`) ?? [],
        series.map(({ name, figure }) => ({
          label: `${name} ${figure.mode}`,
          values: figure.percentiles.map((p) => p.latency?.median ?? null),
          intervals: figure.percentiles.map((p) => (p.latency ? { low: p.latency.low, high: p.latency.high } : null)),
        })),
        'checkout latency, µs',
      ),
      `Checkout latency per percentile at ${rate} checkouts/s, per checkout and mode, median of valid repetitions with 95% interval`,
    );
    const rows = modes.flatMap((mode) =>
      [50, 99].map((percentile) => [
        escapeHtml(mode),
        `p${percentile}`,
        ...checkouts.flatMap((one) => latencyCells(one, mode, rate, percentile)),
      ]),
    );
    const headers = [
      'mode',
      'percentile',
      ...names.flatMap((name) => [
        `${name}: latency [95% CI]`,
        `${name}: added vs none [95% CI]`,
        `${name}: added per proxy traversal`,
        `${name}: repetitions`,
      ]),
    ];
    return `<h3>At ${rate} checkouts/s</h3>${chart}${table(headers, rows)}`;
  });
  const roleKeys = [
    ...new Set(
      checkouts.flatMap((one) =>
        one.roles.filter((figure) => figure.role !== 'loadgen').map((figure) => `${figure.mode}|${figure.ratePerSecond}|${figure.role}`),
      ),
    ),
  ];
  const roleRows = roleKeys.map((key) => {
    const [mode, rate, role] = key.split('|') as [string, string, string];
    return [
      escapeHtml(mode),
      rate,
      escapeHtml(role),
      ...checkouts.flatMap((one) => {
        const figure = one.roles.find((each) => each.mode === mode && String(each.ratePerSecond) === rate && each.role === role);
        return figure === undefined
          ? [MUTED_DASH, MUTED_DASH]
          : [
              formatInterval(figure.cpuMillisPer1000, (value) => formatNumber(value, 1, 'ms')),
              formatInterval(figure.rssBytes, formatBytes),
            ];
      }),
    ];
  });
  const saturationRows = modes.map((mode) => [
    escapeHtml(mode),
    ...checkouts.flatMap((one) => {
      const found = one.data.saturation.find((each) => each.mode === mode);
      return found === undefined
        ? [MUTED_DASH, MUTED_DASH]
        : [formatNumber(found.result.requestsPerSecond, 0, 'checkouts/s'), validityCell(found.validity)];
    }),
  ]);
  const readyRows = modes.map((mode) => [
    escapeHtml(mode),
    ...checkouts.map((one) => {
      const found = one.data.ready.find((each) => each.mode === mode);
      return found === undefined ? MUTED_DASH : formatNumber(found.seconds, 2, 's');
    }),
  ]);
  const stepRows = checkouts.flatMap((one) =>
    one.data.steps.map((step) => [
      escapeHtml(one.name),
      escapeHtml(step.mode),
      String(step.ratePerSecond),
      String(step.repetition + 1),
      formatNumber(step.load.achievedRatePerSecond, 1),
      `${formatMicros(step.load.pacing.p50Micros)} / ${formatMicros(step.load.pacing.p99Micros)}`,
      validityCell(step.validity),
    ]),
  );
  const stepCount = stepRows.length;
  return `
<p>${checkouts.length === 1 ? 'One checkout' : `${checkouts.length} checkouts side by side`}, each named by its languages in the order web, customers,
payment: ${checkouts.map((one) => `<strong>${escapeHtml(one.name)}</strong> is ${escapeHtml(describeCheckout(one.services))}`).join('; ')}.
Each runs in each mode (each mode with its own control plane, so one mode's web never finds another mode's customers), one
checkout after the other. Each step sends ${escapeHtml(data.request)}. Open loop, latency from the intended send time in µs,
${data.warmupSeconds} s warm-up excluded before each window of at least ${data.windowSeconds} s and ${MIN_CHECKOUTS_PER_WINDOW} checkouts,
modes interleaved within each repetition.</p>
${unmeasured.map((one) => `<p class="invalid">The checkout ${escapeHtml(one.name)} (${escapeHtml(describeCheckout(one.services))}) was not measured: the run's messages name the cell it lacked.</p>`).join('\n')}
${perRate.join('\n')}
<h3>CPU and memory per role</h3>
<p>Summed over the three services: <em>app</em> is the three apps, <em>sidecar</em> the three sidecars, <em>proxy</em> the three HAProxy processes of mode native, <em>controlplane</em> the mode's
control plane. CPU per 1000 checkouts over the measured window.</p>
${table(['mode', 'checkouts/s', 'role', ...names.flatMap((name) => [`${name}: CPU per 1000 checkouts`, `${name}: RSS`])], roleRows)}
<h3>Saturation and start</h3>
${
  checkouts.some((one) => one.data.saturation.length > 0)
    ? table(['mode', ...names.flatMap((name) => [`${name}: closed-loop throughput (autocannon)`, `${name}: validity`])], saturationRows)
    : '<p class="muted">No saturation step in this tier: a one-second closed loop on instances just started measures their JIT warming up more than the checkout\'s throughput. <code>--full</code> measures it.</p>'
}
${table(['mode', ...names.map((name) => `${name}: from first spawn to the first successful checkout`)], readyRows)}
${table(
  ['checkout', 'wall time, first start to last stop'],
  checkouts.map((one) => [
    escapeHtml(one.name),
    one.data.wallSeconds === undefined ? MUTED_DASH : formatNumber(one.data.wallSeconds, 1, 's'),
  ]),
)}
<details><summary>Every checkout step (${stepCount})</summary>${table(['checkout', 'mode', 'rate', 'rep', 'achieved/s', 'pacing p50 / p99', 'validity'], stepRows)}</details>
<p class="note">Why: a checkout is one request to web and two calls from web. In mode none these are three direct connections. In
library mode the same three, with the library's egress (discovery, retries, circuit breaker) inside web. In sidecar mode every
service has its sidecar: the request enters through web's sidecar, and each of web's two calls leaves through web's ambassador
and enters through the callee's sidecar, ${EXTRA_TRAVERSALS.sidecar} proxy traversals in all, so the ambassador hop shows twice and
the sidecar's per-request cost is paid five times. The column "added per proxy traversal" divides what sidecar mode adds by
${EXTRA_TRAVERSALS.sidecar}, to compare with the single-service latency section, where a request crosses one. Mode native puts HAProxy in
the same ${EXTRA_TRAVERSALS.native} places (each service's ingress, and on web's way out to each peer, one route per peer, where the
ambassador stands), with the apps as in mode none: the floor of those traversals. The sidecar is the same TypeScript process,
and HAProxy the same proxy, in every checkout; what differs between checkouts is the apps and, in library mode, the libraries.</p>`;
}

/** One checkout's four cells for a mode, rate and percentile: latency, added over none, added per traversal, repetitions. */
function latencyCells(one: PolyglotCheckoutAnalysis, mode: Mode, rate: number, percentile: number): string[] {
  const figure = one.checkout.find((each) => each.mode === mode && each.ratePerSecond === rate);
  const p = figure?.percentiles.find((each) => each.percentile === percentile);
  if (figure === undefined || p === undefined) return [MUTED_DASH, MUTED_DASH, MUTED_DASH, MUTED_DASH];
  return [
    formatInterval(p.latency, formatMicros),
    mode === 'none' ? '<span class="muted">baseline</span>' : formatInterval(p.added, formatMicros),
    EXTRA_TRAVERSALS[mode] > 0 && p.added !== null ? formatMicros(p.added.median / EXTRA_TRAVERSALS[mode]) : MUTED_DASH,
    `${figure.validRepetitions} valid${figure.invalidRepetitions > 0 ? `, <span class="invalid">${figure.invalidRepetitions} invalid</span>` : ''}`,
  ];
}
