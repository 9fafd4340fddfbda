// Report section of the resources scenario: CPU per 1000 requests and RSS by role, startup, and both over time.
import { roleLabel, type ResourcesAnalysis } from './analysis.js';
import { barChart, lineChart } from '../../scripts/report/charts.js';
import { type ChartRegistry, escapeHtml, formatBytes, formatInterval, formatNumber, table } from '../../scripts/report/html.js';
import { cpuCoresOverTime } from '../../scripts/sampling/derive.js';
import { clockTicks } from '../../scripts/sampling/proc.js';
import { quantile } from '../../scripts/stats/summary.js';
import { floorWords } from '../common/floor.js';
import { proxyFloors } from './floor.js';
import { targetsTable } from '../common/sidecar-targets.js';
import { resourceTargets } from './targets.js';

export function renderResourcesSection(
  { data, modes: figures, procAgreement: agreement }: ResourcesAnalysis,
  charts: ChartRegistry,
): string {
  const labels = figures.map((figure) => `${figure.lang}/${figure.mode}`);
  const roles = [...new Set(figures.flatMap((figure) => figure.roles.map((role) => role.role)))].filter((role) => role !== 'loadgen');
  const byRole = (
    pick: (role: (typeof figures)[number]['roles'][number]) => { median: number; low: number; high: number } | null,
    scale = 1,
  ) =>
    roles.map((role) => {
      const estimates = figures.map((figure) =>
        pick(
          figure.roles.find((one) => one.role === role) ?? {
            role,
            idleCpuCores: null,
            idleRssBytes: null,
            idleAnonBytes: null,
            loadedCpuMillisPer1000: null,
            loadedRssBytes: null,
            loadedAnonBytes: null,
            loadedPssBytes: null,
          },
        ),
      );
      return {
        label: role,
        values: estimates.map((e) => (e ? e.median / scale : null)),
        intervals: estimates.map((e) => (e ? { low: e.low / scale, high: e.high / scale } : null)),
      };
    });
  const mib = 1024 * 1024;
  // In mode agent the sidecar role is the host's agent, serving the one app: the charts' sidecar bars say so.
  const agentNote = figures.some((figure) => figure.mode === 'agent') ? ' (in mode agent, the sidecar bar is the agent)' : '';
  const cpuChart = charts.add(
    barChart(
      labels,
      byRole((role) => role.loadedCpuMillisPer1000),
      'CPU ms per 1000 requests',
    ),
    `CPU per 1000 requests by role under load (valid windows), median with 95% interval${agentNote}`,
  );
  const rssChart = charts.add(
    barChart(
      labels,
      byRole((role) => role.loadedRssBytes, mib),
      'RSS, MiB',
    ),
    `Resident memory by role under load, median with 95% interval${agentNote}`,
  );
  const idleChart = charts.add(
    barChart(
      labels,
      byRole((role) => role.idleRssBytes, mib),
      'RSS, MiB',
    ),
    `Resident memory by role at idle${agentNote}`,
  );
  const startupChart = charts.add(
    barChart(
      labels,
      [
        {
          label: 'startup to ready',
          values: figures.map((f) => f.startupSeconds?.median ?? null),
          intervals: figures.map((f) => (f.startupSeconds ? { low: f.startupSeconds.low, high: f.startupSeconds.high } : null)),
        },
      ],
      'seconds',
    ),
    "Time from spawn to ready (sidecar mode: the sidecar's /ready, which waits for the app; mode agent: the agent started, then the app, to the app's /ready on the agent)",
  );
  const firstRuns = data.runs.filter((run) => run.repetition === 0);
  const overTime = firstRuns.map((run) => {
    const cpu = charts.add(
      lineChart(
        run.series.map((series) => ({
          label: series.role,
          points: cpuCoresOverTime(series.samples).map((p) => ({ x: p.elapsedSeconds, y: p.cores })),
        })),
        'seconds since start of sampling',
        'CPU, cores',
      ),
      `${run.lang}/${run.mode}: CPU over time by role (${run.loadedBy === 'latency' ? 'start and idle' : `idle, then warm-up and load at ${run.ratePerSecond} req/s`})`,
      220,
    );
    const rss = charts.add(
      lineChart(
        run.series.map((series) => ({
          label: series.role,
          points: series.samples.map((s) => ({ x: s.elapsedSeconds, y: s.rssBytes / mib })),
        })),
        'seconds since start of sampling',
        'RSS, MiB',
      ),
      `${run.lang}/${run.mode}: RSS over time by role`,
      220,
    );
    return cpu + rss;
  });
  const rows = figures.flatMap((figure) =>
    figure.roles.map((role) => [
      escapeHtml(`${figure.lang}/${figure.mode}`),
      escapeHtml(roleLabel(figure.mode, role.role)),
      formatInterval(role.idleCpuCores, (v) => formatNumber(v * 100, 1, '% of a core')),
      formatInterval(role.idleRssBytes, formatBytes),
      formatInterval(role.loadedCpuMillisPer1000, (v) => formatNumber(v, 1, 'ms')),
      formatInterval(role.loadedRssBytes, formatBytes),
      formatInterval(role.loadedAnonBytes, formatBytes),
      formatInterval(role.loadedPssBytes, formatBytes),
    ]),
  );
  const startupRows = figures.map((figure) => [
    escapeHtml(`${figure.lang}/${figure.mode}`),
    formatInterval(figure.startupSeconds, (v) => formatNumber(v, 2, 's')),
    figure.mode === 'none'
      ? '<span class="muted">baseline</span>'
      : formatInterval(figure.startupAddedSeconds, (v) => formatNumber(v, 2, 's')),
    formatInterval(figure.instanceCpuMillisPer1000, (v) => formatNumber(v, 1, 'ms')),
    figure.invalidLoadedRuns > 0 ? `<span class="invalid">${figure.invalidLoadedRuns} invalid</span>` : 'all valid',
  ]);
  const floors = [...proxyFloors(figures), ...proxyFloors(figures, 'agent')].map((floor) => {
    const format = floor.measure === 'cpu' ? (v: number) => formatNumber(v, 1, 'ms') : formatBytes;
    const what = floor.measure === 'cpu' ? 'CPU per 1000 requests' : 'RSS under load';
    const whose = floor.mode === 'agent' ? 'the agent serving the one app' : 'the sidecar';
    return `${escapeHtml(floor.lang)}, ${what}: ${whose} ${format(floor.sidecar.median)}, HAProxy ${floor.native === null ? 'not measured' : format(floor.native.median)} (${floorWords(floor.ratio, floor.native === null)})`;
  });
  const floorText =
    floors.length === 0
      ? ''
      : `<h3>The floor of a process beside the app</h3>
<p>Mode native puts HAProxy (role <code>proxy</code>: one thread, keep-alive both ways, no feature) where the sidecar stands. ${floors.join('; ')}.</p>`;
  const reused = data.runs.filter((run) => run.loadedBy === 'latency').length;
  const loadedText =
    reused === data.runs.length
      ? `Under load, the figures are those of the latency scenario's compared steps of the same cell, rate (${data.runs[0]?.ratePerSecond ?? '?'} req/s of
${escapeHtml(data.request)}) and repetition: warm instances, modes interleaved, sampled the same way; measured once, not twice.`
      : `then loads it with ${escapeHtml(data.request)} at ${data.runs[0]?.ratePerSecond ?? '?'} req/s${reused > 0 ? ` (${reused} of ${data.runs.length} loaded windows are the latency scenario's steps)` : ''}.`;
  return `
<p>Each repetition starts one instance per mode (modes interleaved), samples every process from <code>/proc</code> every
${data.sampleIntervalSeconds} s by role (CPU = utime + stime, memory = VmRSS) and lets it idle. ${loadedText}
CPU per 1000 requests counts the measured window only (after the warm-up). ${tickResolution(data)} The load generator is sampled too, as its own role.</p>
${cpuChart}${rssChart}${idleChart}
${table(['cell', 'role', 'idle CPU', 'idle RSS', 'CPU per 1000 req (loaded)', 'RSS (loaded)', 'private, RssAnon (loaded)', 'PSS (loaded)'], rows)}
<p>Memory said three ways: RSS counts every page the process maps, shared file-backed ones (node's binary and libraries) in
full; private (<code>RssAnon</code> of <code>/proc/&lt;pid&gt;/status</code>) is what this process alone holds (heap, stacks), what
another instance adds for certain; PSS (<code>/proc/&lt;pid&gt;/smaps_rollup</code>) divides each shared page among the processes
that map it. Node's file-backed pages are paid once per host, however many node processes run.</p>
${floorText}
${targetsText(figures)}
<h3>Startup</h3>${startupChart}
${table(['cell', 'startup to ready', 'added vs none', 'app + sidecar (agent, or HAProxy) CPU per 1000 req', 'loaded windows'], startupRows)}
<h3>Over time (first repetition)</h3>${overTime.join('')}
<h3>What the sidecar reads from /proc</h3>
<p>${agreement === null ? 'Not measured: no sidecar cell in this run.' : `The sidecar's <code>scl_app_resident_memory_bytes</code> and <code>scl_app_cpu_seconds_total</code>, read from the app's <code>/proc</code>, differed from the harness's own reading at the same moment by ${formatNumber(agreement.rss * 100, 1, '%')} (RSS) and ${formatNumber(agreement.cpu * 100, 1, '%')} (CPU), median of ${agreement.samples}.`}</p>
<p class="note">Why: the sidecar is a second runtime (a whole Node process with its own heap, JIT and event loop) for each
instance, so its memory is paid per instance, whatever the app's size. Under load it does real work per request
(parse, proxy, count, log), so CPU per request grows by the sidecar's share. The library shares the app's runtime:
its memory is a few data structures in a heap that exists anyway, its CPU a little more work in the same handler.
Startup in sidecar mode waits for two processes and for registration before ready. Mode agent runs the sidecar's
program once per host for every app of the host; here it serves the one app measured, so its figures are one
instance's sidecar process in the agent's form (one agent counted once, beside one app). What it saves as a host's
instances share it is the scale scenario's figure.</p>`;
}

/** The sidecar against the lean targets it can be judged on here; the saturation ones are the latency section's. */
function targetsText(figures: Parameters<typeof resourceTargets>[0]): string {
  const rows = resourceTargets(figures);
  if (rows.length === 0) return '';
  return `<h3 id="resources-targets">The sidecar against its targets</h3>
<p>Targets for a sidecar as lean as the ones people run (all five features on, one access record per request shipped):
met when the whole 95% interval is within the bound, not met when it is all beyond, undecided when it spans the bound or
rests on fewer than three windows. CPU per request falls as the rate rises, so the CPU target, set at 1000 req/s, is
judged only at that rate; at another rate the figure is shown, not judged (<code>--full</code> measures 1000 req/s). MB here
are 10<sup>6</sup> bytes. The hop benchmark (<code>node dist/sidecar/bench/hop.js --saturate 5</code>) prints the same targets
with the same rule, on a stand-in app at 1000 req/s.</p>
${targetsTable(rows)}`;
}

/**
 * The kernel counts a process's CPU time in clock ticks: over a short window, one tick is a large step per request.
 * Said with the window's own request count, so a reader knows which differences the CPU figures cannot resolve.
 */
export function tickResolution(data: ResourcesAnalysis['data'], ticksPerSecond = clockTicks()): string {
  const requests = data.runs
    .map((run) => run.load.ok)
    .filter((count) => count > 0)
    .sort((a, b) => a - b);
  if (requests.length === 0) return '';
  const typical = quantile(requests, 0.5);
  const tickMillis = 1000 / ticksPerSecond;
  return `The kernel counts CPU time in clock ticks of ${formatNumber(tickMillis, 0, 'ms')}: over a loaded window of about ${formatNumber(typical, 0)} requests one tick is ${formatNumber((tickMillis * 1000) / typical, 1, 'ms')} per 1000 requests, the smallest step these figures take, so cells or runs one or two ticks apart are not told apart here.`;
}
