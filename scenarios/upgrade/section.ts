// Report section of the upgrade scenario: what each path changes and ships, and the live rollouts with their mixed-version windows.
import type { DeployPath, RolloutFigures, UpgradeData, UpgradeFigures } from './types.js';
import { agentAgainstSidecar } from './agent-comparison.js';
import {
  codeCodebases,
  contractLines,
  EFFORT_LANGS,
  effortOf,
  linesInLang,
  appsPerHost,
  restartsOf,
  rolloutOf,
  switchSpreadSeconds,
  secondsInLang,
  type UpgradeAnalysis,
} from './summary.js';
import { barChart } from '../../scripts/report/charts.js';
import { type ChartRegistry, escapeHtml, formatMicros, formatNumber, table } from '../../scripts/report/html.js';

const PATH_LABEL = { library: 'library path', sidecar: 'sidecar path', agent: 'agent path' } as const;
const ROLLOUT_PATHS: readonly DeployPath[] = ['library', 'sidecar', 'agent'];

/** What one step of the rollout restarts: an app, a sidecar, or a host's agent (serving every app of the host). */
function restartedText(rollout: RolloutFigures): string {
  const count = restartsOf(rollout);
  if (rollout.path !== 'agent') return `${count} ${rollout.path === 'library' ? 'apps' : 'sidecars'}`;
  const { fewest, most } = appsPerHost(rollout);
  return `${count} agents <span class="muted">(one per host, ${fewest === most ? most : `${fewest}-${most}`} apps each)</span>`;
}

function effortCharts(upgrade: UpgradeFigures, charts: ChartRegistry): string {
  const library = effortOf(upgrade, 'library');
  const sidecar = effortOf(upgrade, 'sidecar');
  if (library === undefined || sidecar === undefined) return '';
  const lines = charts.add(
    barChart(
      [...EFFORT_LANGS],
      [
        { label: 'library', values: EFFORT_LANGS.map((lang) => linesInLang(library, lang)) },
        { label: 'sidecar', values: EFFORT_LANGS.map((lang) => linesInLang(sidecar, lang)) },
      ],
      'lines changed (added + deleted)',
    ),
    `${upgrade.name}: lines changed per language, per path (tests included; the contract, ${contractLines(library)} lines of spec and vectors, is the same for both)`,
  );
  const times = charts.add(
    barChart(
      [...EFFORT_LANGS],
      [
        { label: 'library build', values: EFFORT_LANGS.map((lang) => secondsInLang(library.builds, lang)) },
        { label: 'library tests', values: EFFORT_LANGS.map((lang) => secondsInLang(library.tests, lang)) },
        { label: 'sidecar build', values: EFFORT_LANGS.map((lang) => secondsInLang(sidecar.builds, lang)) },
        { label: 'sidecar tests', values: EFFORT_LANGS.map((lang) => secondsInLang(sidecar.tests, lang)) },
      ],
      'seconds',
    ),
    `${upgrade.name}: build and test time per language, per path (tests: the unit suites the path ships and the new vectors)`,
  );
  const rows = [library, sidecar].map((effort) => [
    PATH_LABEL[effort.path],
    escapeHtml(
      effort.codebases
        .map(
          (one) =>
            `${one.codebase} (${one.codeFiles} code, ${one.testFiles} test${one.contractFiles > 0 ? `, ${one.contractFiles} spec/vector` : ''} files, +${one.linesAdded} −${one.linesDeleted})`,
        )
        .join('; '),
    ),
    String(codeCodebases(effort)),
    escapeHtml(effort.languages.join(', ') || '–'),
    String(effort.files),
    String(effort.linesChanged),
    formatNumber(
      effort.builds.reduce((sum, one) => sum + one.seconds, 0),
      1,
      's',
    ),
    formatNumber(
      effort.tests.reduce((sum, one) => sum + one.seconds, 0),
      1,
      's',
    ),
  ]);
  return `${lines}${times}${table(['path', 'codebases and files', 'codebases with code', 'languages', 'files', 'lines', 'build', 'tests'], rows)}`;
}

/** Requests and records per second, p99 on its own axis, and how many instances run the new build. */
function timelineChart(rollout: RolloutFigures): unknown {
  const perSecond = 1 / rollout.bucketSeconds;
  const points = (value: (bucket: RolloutFigures['timeline'][number]) => number | null) =>
    rollout.timeline.map((bucket) => ({ x: bucket.startSeconds, y: value(bucket) }));
  const moved = rollout.timeline.map((bucket) => ({
    x: bucket.startSeconds,
    y: rollout.replacements.filter((one) => one.readySeconds <= bucket.startSeconds).length,
  }));
  const dataset = (label: string, data: unknown, color: string, extra: Record<string, unknown> = {}) => ({
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    pointRadius: 0,
    borderWidth: 2,
    ...extra,
  });
  return {
    type: 'line',
    data: {
      datasets: [
        dataset(
          'failed requests/s',
          points((b) => b.failed * perSecond),
          '#dc2626',
        ),
        dataset(
          'old-behaviour records/s',
          points((b) => b.oldRecords * perSecond),
          '#a16207',
        ),
        dataset(
          'new-behaviour records/s',
          points((b) => b.newRecords * perSecond),
          '#16a34a',
        ),
        dataset(
          'p99 latency (ms)',
          points((b) => (b.p99Micros === null ? null : b.p99Micros / 1000)),
          '#2563eb',
          { yAxisID: 'latency', borderDash: [4, 3] },
        ),
        dataset('instances moved', moved, '#6b7280', { yAxisID: 'instances', stepped: true }),
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'seconds since the load started' } },
        y: { beginAtZero: true, title: { display: true, text: 'per second' } },
        latency: { position: 'right', beginAtZero: true, title: { display: true, text: 'p99 ms' }, grid: { drawOnChartArea: false } },
        instances: {
          position: 'right',
          beginAtZero: true,
          max: rollout.replacements.length,
          title: { display: true, text: 'instances moved' },
          grid: { drawOnChartArea: false },
          ticks: { stepSize: 1 },
        },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

function rolloutRows(upgrade: UpgradeFigures): string[][] {
  return ROLLOUT_PATHS.flatMap((path) => {
    const rollout = rolloutOf(upgrade, path);
    if (rollout === undefined) return [[PATH_LABEL[path], '<span class="muted">not measured</span>', '', '', '', '', '', '', '']];
    const kinds = Object.entries(rollout.failedByKind)
      .map(([kind, count]) => `${count}× ${escapeHtml(kind)}`)
      .join(', ');
    const restarted = restartedText(rollout);
    return [
      [
        PATH_LABEL[path],
        restarted,
        formatNumber(rollout.durationSeconds, 1, 's'),
        `${rollout.rollout.failed} of ${rollout.rollout.sent}${kinds ? ` (${kinds})` : ''}`,
        `${formatMicros(rollout.rollout.p99Micros)} <span class="muted">(steady ${formatMicros(rollout.steady.p99Micros)})</span>`,
        formatNumber(rollout.records.mixedWindowSeconds, 2, 's'),
        formatNumber(switchSpreadSeconds(rollout), 2, 's'),
        `${rollout.records.oldAfterRolloutStart} of ${rollout.records.old + rollout.records.new}`,
        rollout.tookEffectEverywhere
          ? 'yes'
          : `<span class="invalid">no: ${rollout.records.oldAfterRolloutEnd} old after the end, ${rollout.records.wrong} wrong</span>`,
      ],
    ];
  });
}

function probeWords(upgrade: UpgradeFigures): { old: string; fresh: string } {
  return upgrade.probe === 'redaction'
    ? {
        old: 'a record of a load request whose request id still shows the e-mail address',
        fresh: 'the address replaced by [redacted:email]',
      }
    : { old: 'a record of a load request without a trace_id', fresh: 'a trace_id equal to the one the load sent in traceparent' };
}

function agentSentence(upgrade: UpgradeFigures): string {
  const sentence = agentAgainstSidecar(upgrade);
  return sentence === null ? '' : `<p>${escapeHtml(sentence)}</p>`;
}

/** The agent path's hosts as the run grouped them, for the method text; null when no agent rollout ran. */
function agentHosts(data: UpgradeData): string | null {
  const rollout = data.upgrades.flatMap((upgrade) => rolloutOf(upgrade, 'agent') ?? [])[0];
  if (rollout === undefined) return null;
  const { hosts, fewest, most } = appsPerHost(rollout);
  return `the agent path groups the same instances onto ${hosts} hosts (${fewest === most ? most : `${fewest} to ${most}`} apps each, one instance of a service per host), each served by one agent, and restarts only each host's agent`;
}

function renderUpgrade(upgrade: UpgradeFigures, data: UpgradeData, charts: ChartRegistry): string {
  const before = upgrade.vectorsBefore;
  const vectorText =
    before === null
      ? `new conformance vectors: ${upgrade.vectorIds.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ')}`
      : `new conformance vectors: ${upgrade.vectorIds.map((id) => `<code>${escapeHtml(id)}</code>${before.failed.includes(id) ? '' : ' <span class="muted">(also passes before: it guards against over-reach)</span>'}`).join(', ')}; on the unpatched tree ${before.failed.length} of ${upgrade.vectorIds.length} fail`;
  const vectorFailures = upgrade.vectors.filter((cell) => cell.failed.length > 0);
  const cellsText =
    upgrade.vectors.length === 0
      ? ''
      : vectorFailures.length === 0
        ? `; on the patched tree they pass in all ${upgrade.vectors.length} cells (${upgrade.vectors.map((cell) => `${cell.lang}-${cell.mode}`).join(', ')})`
        : `; <span class="invalid">failing on the patched tree: ${vectorFailures.map((cell) => `${cell.lang}-${cell.mode}: ${cell.failed.join(', ')}`).join('; ')}</span>`;
  const words = probeWords(upgrade);
  const restarted =
    upgrade.probe !== 'traceparent'
      ? ''
      : upgrade.rollouts
          .map(
            (rollout) =>
              `${PATH_LABEL[rollout.path]}: ${rollout.records.tracesStartedOnTheWay} new-behaviour records belong to a trace that began on the way, because a hop before them still ran the old build and sent no traceparent`,
          )
          .join('; ');
  const timelines = upgrade.rollouts
    .map((rollout) =>
      charts.add(
        timelineChart(rollout),
        `${upgrade.name}, ${PATH_LABEL[rollout.path]}: requests failed, p99, and old against new behaviour as the collector received it, while ${rollout.replacements.length} instances moved ${rollout.path === 'agent' ? `host by host (${restartsOf(rollout)} agents)` : 'one by one'}`,
        300,
      ),
    )
    .join('');
  return `
<h3>${escapeHtml(upgrade.title)} <span class="muted">(${escapeHtml(upgrade.kind)}, <code>scenarios/upgrade/upgrades/${escapeHtml(upgrade.name)}/</code>)</span></h3>
<p>${vectorText}${cellsText}.</p>
${effortCharts(upgrade, charts)}
${timelines}
${table(['path', 'restarted', 'rollout', 'failed requests', 'p99 during rollout', 'mixed-version window', 'first to last instance on new', 'old records after start', 'took effect everywhere'], rolloutRows(upgrade))}
${agentSentence(upgrade)}
<p class="note">Old behaviour: ${escapeHtml(words.old)}; new: ${escapeHtml(words.fresh)}. The mixed-version window runs from the
first new-behaviour record the collector received to the last old one (their <code>receivedAt</code>): the time the fleet
answered with both versions. First to last instance on new runs from the first instance's first new-behaviour record to
the last instance's, so it also counts time when the old build no longer answered anywhere (– when an instance never showed it).
${data.ratePerSecond} checkouts/s went to whichever web instances the registry listed, with no retry by the client.${restarted ? ` ${escapeHtml(restarted)}.` : ''}</p>`;
}

export function renderUpgradeSection({ data }: UpgradeAnalysis, charts: ChartRegistry): string {
  return `
<p>Each upgrade is a set of patches in <code>scenarios/upgrade/upgrades/&lt;name&gt;/</code>: the spec and its new conformance vectors,
one patch per library (${escapeHtml(data.langs.join(', '))} here) and the sidecar's. They are applied with <code>git apply</code>
to a copy of this tree, built and tested per language, then rolled out live over a polyglot fleet of
${data.instancesPerService} instances per service (web, customers, payment; languages rotate across instances) under
${data.ratePerSecond} checkouts/s. The library path restarts every app in turn (each deregisters, drains, and its
successor registers); the sidecar path restarts only the sidecars and leaves the apps running${agentHosts(data) === null ? '' : `; ${escapeHtml(agentHosts(data) ?? '')}: one restart per host instead of one per instance, on this one machine each host is its own agent process`}. Test time counts
${data.testScope === 'suites' ? 'the unit suites each path ships' : 'only the test files the patches change (a short run)'} and the new vectors per cell.</p>
${data.upgrades.map((upgrade) => renderUpgrade(upgrade, data, charts)).join('\n')}
<p class="note">Why: a library is linked into every app, so its change is written, built, tested and deployed once per
language, and reaching every instance means restarting every app. The sidecar is built from one TypeScript core: the
same change is made once (often in <code>library/ts</code>, which the sidecar compiles in, so the sidecar's own folder may
not change at all), built and tested once, and reaches every instance, whatever its language, by restarting sidecars
only. While instances move one by one, the collector receives both behaviours; the window closes when the last
instance has moved. With the sidecar path, lines the app wrote before its sidecar moved but that were not yet shipped
are shipped by the new sidecar, so they arrive with the new behaviour. An agent is the sidecar's build serving a whole
host, so the agent path's code, builds and tests are the sidecar path's; what differs is the rollout: one restart per
host, and each deregisters every app of its host at once (spec/sidecar-cli.md, "One agent per host"), so the other
hosts carry that host's share of the load until its new agent has them listed again.</p>`;
}
