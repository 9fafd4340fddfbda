// Report section of the isolation scenario: each fault's timeline and figures per cell, what kill -9 loses, and why.
import type { IsolationData } from './run.js';
import type { FaultAnalysis, IsolationFigures } from '../common/fault-analysis.js';
import { type ChartRegistry, escapeHtml, formatNumber, table } from '../../scripts/report/html.js';
import { failedShareChart, p99Chart } from '../common/fault-timelines.js';
import { failedShare, failureKinds, logsCell, p50, p99, percent, rss, seconds, triple } from '../common/fault-format.js';
import { validityCell } from '../../scripts/report/sections/validity.js';

/** How each mode is built to meet each fault, in plain words: the expectation the figures beside it confirm or refute. */
const WHY: Record<string, string> = {
  'collector-down':
    'Both modes ship logs off the request path: the library from a background task with a bounded queue, the sidecar by tailing a file. A collector that drops connections makes the shipper retry with backoff; the queue grows (the library drops and counts beyond its bound, the sidecar pauses reading and lets the file hold the backlog). Requests should not notice; memory may.',
  'collector-slow': `A collector that answers late holds the shipper's one export in flight; at the default export timeout (2 s) the shipper gives up and re-sends a batch the collector had already stored, so records arrive twice (at least once delivery). In library mode that work shares the app's process and CPU; in sidecar mode it runs in the sidecar.`,
  'collector-500':
    'A 500 keeps every batch unacknowledged; both shippers keep their batch and retry with doubling backoff, and ship the backlog once the collector answers again. Nothing should be lost while the queue (library) or the file (sidecar) holds it.',
  'log-flood':
    'Ten times the normal log rate is work: in library mode the app formats, queues and exports every record itself, in its own process; in sidecar mode the app only appends lines to a file and the sidecar does the rest on its own CPU. A full library queue drops records (counted); the sidecar falls behind instead, and catches up from the file.',
  'feature-crash':
    "The same bug, an exception nothing catches in the log shipper, lands in a different process. In library mode it is the app's process: Node and Go end the whole process on an uncaught exception or a goroutine panic; Python ends only the shipper's task, so the app goes on serving while its logs silently stop. In sidecar mode the app process is untouched, and the sidecar runs its shipper in a worker thread: the exception ends that thread, the sidecar restarts it from the saved log position and its ingress never stops. That worker thread is a design a TypeScript library could adopt too: feature-crash-main-thread measures the sidecar without it.",
  'feature-crash-main-thread':
    "The same bug placed where the TypeScript library places it, on the main thread, but in the sidecar's process. Node ends the sidecar as it ends a library's app. The process boundary keeps the app alive (it answers its own port throughout), but the sidecar is the app's ingress: clients fail until it is restarted. Set beside the library's feature-crash, it is what the process boundary buys; set beside the sidecar's feature-crash, what the worker thread buys.",
  'app-kill':
    "kill -9 gives the process no chance to flush. In library mode the records still in the in-memory queue die with the app (up to one flush interval's worth, 0.5 s by default). In sidecar mode the app had written each record to its log file before anything else, the file outlives the app, and the sidecar ships every line: the shared file system is what makes the difference.",
  'sidecar-kill':
    'The app keeps running, but its ingress is gone, so clients fail until the sidecar is restarted; the registry keeps listing the instance until its TTL runs out, as no one deregisters it. The restarted sidecar resumes the log file from its saved position, so lines shipped but not yet recorded as acknowledged are sent again: duplicates, not losses.',
  'config-garbage':
    'The config service answers with half a JSON document. Both modes validate before applying and keep the last good config, counting the error; nothing the app does should change. In sidecar mode the garbage never reaches the app at all: the sidecar refuses it and does not rewrite the config file.',
};

/** What this run's episodes of one fault showed, in words computed from them: it can contradict the expectation above it. */
export function observedInThisRun(figures: readonly IsolationFigures[]): string {
  const valid = figures.filter((figure) => figure.validity.valid);
  if (valid.length === 0) return 'In this run no episode of this fault was valid: nothing was observed.';
  const cells = valid.map(
    (figure) =>
      `${figure.lang}/${figure.mode}: ${percent(figure.load.during.errorRate, 1)} of client requests failed during the fault, the app ${figure.appSurvived ? 'survived' : 'died'}${figure.logs === null ? '' : `, ${figure.logs.exact ? '' : 'at least '}${figure.logs.lost} log records lost`}`,
  );
  const comparisons = [...new Set(valid.map((figure) => figure.lang))].flatMap((lang) => {
    const of = (mode: string) => valid.find((figure) => figure.lang === lang && figure.mode === mode)?.load.during.errorRate ?? null;
    const sidecar = of('sidecar');
    const library = of('library');
    if (sidecar === null || library === null) return [];
    const fared = sidecar < library ? 'better' : sidecar > library ? 'worse' : 'the same';
    return [`in ${lang}, clients fared ${fared} beside the sidecar than with the library`];
  });
  return `In this run: ${cells.join('; ')}${comparisons.length === 0 ? '' : `. So ${comparisons.join('; ')}`}.`;
}

/** An invalid episode is named with its reasons; its figures are not shown (its timeline still is, in the charts). */
function figuresOrDash(figure: IsolationFigures, cells: string[]): string[] {
  return figure.validity.valid ? cells : cells.map(() => '–');
}

function requestsTable(figures: readonly IsolationFigures[]): string {
  return table(
    ['cell', 'figures count?', 'failed before → during → after', 'p50', 'p99', 'recovered after the fault ended'],
    figures.map((figure) => [
      escapeHtml(`${figure.lang}/${figure.mode}`),
      validityCell(figure.validity),
      ...figuresOrDash(figure, [
        `${triple(figure.load, failedShare)}${failureKinds(figure.load.during)}`,
        triple(figure.load, p50),
        triple(figure.load, p99),
        figure.recoverySeconds === null ? '<span class="invalid">not within the after window</span>' : seconds(figure.recoverySeconds),
      ]),
    ]),
  );
}

function processesTable(figures: readonly IsolationFigures[]): string {
  return table(
    [
      'cell',
      'the app process',
      'app RSS (peak) before → during → after',
      'sidecar RSS',
      'log records',
      'left the registry after',
      'what proved the fault',
    ],
    figures.map((figure) => [
      escapeHtml(`${figure.lang}/${figure.mode}`),
      ...figuresOrDash(figure, [
        `${figure.appSurvived ? 'survived' : '<span class="invalid">died</span>'}; answered its own port ${percent(figure.appAnsweredDuring, 0)} of the time during the fault`,
        rss(figure.appRssBytes),
        rss(figure.sidecarRssBytes),
        logsCell(figure.logs),
        figure.mode === 'none' ? '<span class="muted">no registry</span>' : seconds(figure.unlistedAfterSeconds, 'stayed listed'),
      ]),
      `<span class="muted">${escapeHtml(figure.evidence)}</span>`,
    ]),
  );
}

function faultBlock(data: IsolationData, id: string, figures: readonly IsolationFigures[], charts: ChartRegistry): string {
  const episodes = data.episodes.filter((episode) => episode.fault === id);
  const how = data.faults.find((fault) => fault.id === id)?.how ?? '';
  const first = episodes[0];
  const band =
    first === undefined ? undefined : { startSeconds: first.injectedAtSeconds, endSeconds: first.endedAtSeconds, label: 'fault in force' };
  const lines = episodes.map((episode) => ({ label: `${episode.mode} (${episode.lang})`, timeline: episode.timeline }));
  const failed = charts.add(
    failedShareChart(lines, band),
    `${id}: requests failed per ${episodes[0]?.timeline.bucketSeconds ?? ''} s, by the intended send time of each request`,
  );
  const latency = charts.add(p99Chart(lines, band), `${id}: p99 of the answered requests per time bucket`);
  return `<h3 id="isolation-${escapeHtml(id)}">${escapeHtml(id)}</h3>
<p>${escapeHtml(how)}.</p>
${failed}${latency}
${requestsTable(figures)}
${processesTable(figures)}
<p class="note">Expected, from how each mode is built: ${escapeHtml(WHY[id] ?? '')}</p>
<p class="note">${escapeHtml(observedInThisRun(figures))}</p>`;
}

/** The same exception in three places, per language: what the process boundary buys, and what the worker thread buys. */
export function placementSummary(figures: readonly IsolationFigures[]): string {
  const valid = figures.filter((figure) => figure.validity.valid);
  const of = (lang: string, mode: string, fault: string) =>
    valid.find((figure) => figure.lang === lang && figure.mode === mode && figure.fault === fault);
  const langs = [...new Set(valid.filter((figure) => figure.fault === 'feature-crash-main-thread').map((figure) => figure.lang))];
  if (langs.length === 0) return '';
  const cell = (figure: IsolationFigures | undefined, survivor: 'app' | 'sidecar') =>
    figure === undefined
      ? '<span class="muted">not measured</span>'
      : `${percent(figure.load.during.errorRate, 1)} failed; ${survivor === 'app' ? (figure.appSurvived ? 'the app lived on' : 'the app died') : describeSidecar(figure)}`;
  return `<h3 id="isolation-placement">The same bug in three places</h3>
<p>The log shipper's uncaught exception: on the app's main thread (library mode), on the sidecar's main thread (the same
placement in the other process), and in the sidecar's logs worker thread (its design). Read across a row: the first step
is what the process boundary buys, the second what the worker thread buys.</p>
${table(
  ['language', "library: the app's main thread", 'sidecar: its main thread', 'sidecar: its logs worker thread'],
  langs.map((lang) => [
    escapeHtml(lang),
    cell(of(lang, 'library', 'feature-crash'), 'app'),
    cell(of(lang, 'sidecar', 'feature-crash-main-thread'), 'sidecar'),
    cell(of(lang, 'sidecar', 'feature-crash'), 'sidecar'),
  ]),
)}`;
}

function describeSidecar(figure: IsolationFigures): string {
  const probes =
    figure.appAnsweredDuring === null ? '' : `, the app answered its own port ${percent(figure.appAnsweredDuring, 0)} of the time`;
  return `${figure.appSurvived ? 'the app lived on' : 'the app died'}${probes}`;
}

/** kill -9 of the app, one row per cell: the headline of "what does a crash lose". */
function killSummary(figures: readonly IsolationFigures[]): string {
  const kills = figures.filter((figure) => figure.fault === 'app-kill' && figure.mode !== 'none' && figure.validity.valid);
  if (kills.length === 0) return '';
  return `<h3>What kill -9 of the app loses</h3>
<p>The app's own count of the records it wrote (the log file's lines in sidecar mode; the library's counter, read just
before the kill, in library mode, so a "≥") against the distinct seqs the collector received from that process.</p>
${table(
  ['cell', 'records of the killed process', 'lost', 'the instance left the registry after'],
  kills.map((figure) => {
    const killed = figure.logs?.processes[0];
    return [
      escapeHtml(`${figure.lang}/${figure.mode}`),
      killed === undefined ? '–' : `written ${killed.written}${killed.exact ? '' : '+'}, delivered ${killed.delivered}`,
      killed === undefined ? '–' : `<strong>${killed.exact ? '' : '≥ '}${killed.lost}</strong>`,
      seconds(figure.unlistedAfterSeconds, 'stayed listed'),
    ];
  }),
)}`;
}

export function renderIsolationSection({ data, figures }: FaultAnalysis<IsolationData, IsolationFigures>, charts: ChartRegistry): string {
  const plan = data.episodePlan;
  const settings = Object.entries(plan.settings)
    .map(([key, value]) => `${key} = ${value}`)
    .join(', ');
  const faultIds = [...new Set(data.episodes.map((episode) => episode.fault))];
  return `
<p>Each episode starts a fresh instance and loads it with ${escapeHtml(data.request)} at ${plan.ratePerSecond} req/s
(open loop: latency from each request's intended send time). After ${formatNumber(plan.beforeSeconds, 1, 's')} the fault
is injected; it lasts ${formatNumber(plan.duringSeconds, 1, 's')}, then it is ended: an ongoing fault is cleared, a dead process is
restarted as a supervisor would. ${formatNumber(plan.afterSeconds, 1, 's')} of load follow. A fault that kills a process lasts
${formatNumber(data.processEpisodePlan.duringSeconds, 1, 's')}, so a dead instance's registry TTL can run out, with ${formatNumber(data.processEpisodePlan.afterSeconds, 1, 's')} after it for the restart. A fault's figures count only when the fault was seen to act
(the collector answered with it, the process died, the marker line was printed), and the load before it saw no failure.
${data.plan === 'short' ? `<strong>This is the short version of the default quick run</strong> (${escapeHtml(faultIds.join(', '))}); <code>npm run bench -- --scenario isolation</code> runs every fault on every cell.` : 'Every fault ran on every cell it applies to.'}
${settings ? `Settings changed from the defaults: <code>${escapeHtml(settings)}</code>.` : 'Every feature setting is at its default.'}</p>
${killSummary(figures)}
${placementSummary(figures)}
${faultIds
  .map((id) =>
    faultBlock(
      data,
      id,
      figures.filter((figure) => figure.fault === id),
      charts,
    ),
  )
  .join('\n')}`;
}
