// Report section of the blast scenario: per fault and mode, how many of the host's instances the fault touched
// (clients, logs, registry), a chart of it, and sentences computed from the same figures.
import { barChart } from '../../scripts/report/charts.js';
import { type ChartRegistry, escapeHtml, table } from '../../scripts/report/html.js';
import { AGENT_DEATH_FAULT, type BlastAnalysis, type BlastComparison, type BlastFigures } from './analysis.js';

const out = (count: number, of: number) => `${count} of ${of}`;

/** One sentence per compared fault: the agent's radius against a sidecar each, beyond the instance the fault was aimed at. */
export function comparisonSentence(comparison: BlastComparison): string {
  const { lang, fault, instances, sidecar, agent, widerBy } = comparison;
  const others = instances - 1;
  const how =
    widerBy > 0
      ? `reached ${widerBy} more of the other ${others} instances under the agent than with a sidecar each`
      : widerBy < 0
        ? `reached ${-widerBy} fewer of the other ${others} instances under the agent than with a sidecar each`
        : 'reached as many of the other instances under the agent as with a sidecar each';
  const own = fault === AGENT_DEATH_FAULT ? " (this is the agent's own death, which the K5 rule says but does not weigh)" : '';
  return `${lang}, ${fault}: aimed at one app, it ${how}${own}: ${out(agent.any.others, others)} other instances touched under the agent (${agent.failedRequests} failed requests, ${agent.lostRecords} log records lost), ${out(sidecar.any.others, others)} with a sidecar each (${sidecar.failedRequests} failed requests, ${sidecar.lostRecords} lost).`;
}

/** What the run showed overall, in words: which faults one app's work spread to the others under the agent. */
export function summarySentence(comparisons: readonly BlastComparison[]): string {
  if (comparisons.length === 0) return 'No fault was measured in both modes with its figures counting: nothing is compared.';
  const appFaults = comparisons.filter((one) => one.fault !== AGENT_DEATH_FAULT);
  const wider = appFaults.filter((one) => one.widerBy > 0);
  if (appFaults.length === 0) return "Only the agent's own death was compared: no fault in one app's work was.";
  return wider.length === 0
    ? `No fault in one app's cross-cutting work (${appFaults.map((one) => `${one.lang} ${one.fault}`).join(', ')}) reached more of the other instances under the agent than with a sidecar each.`
    : `Under the agent, a fault in one app's cross-cutting work reached other apps: ${wider.map((one) => `${one.lang} ${one.fault} (${out(one.agent.any.others, one.instances - 1)} others, against ${one.sidecar.any.others})`).join(', ')}.`;
}

function row(figure: BlastFigures): string[] {
  const cell = escapeHtml(`${figure.lang}/${figure.mode}`);
  if (!figure.counts) return [cell, escapeHtml(figure.fault), `not counted: ${escapeHtml(figure.why)}`, '–', '–', '–'];
  return [
    cell,
    escapeHtml(figure.fault),
    out(figure.any.all, figure.instances),
    `${out(figure.clients.all, figure.instances)} (${figure.failedRequests} failed requests)`,
    `${out(figure.logs.all, figure.instances)} (${figure.lostRecords} records lost; ${figure.stalled.all} stalled)`,
    out(figure.registry.all, figure.instances),
  ];
}

export function renderBlastSection({ data, episodes, comparisons }: BlastAnalysis, charts: ChartRegistry): string {
  const counted = episodes.filter((figure) => figure.counts);
  const series = (label: string, pick: (figure: BlastFigures) => number) => ({ label, values: counted.map(pick) });
  const chart = charts.add(
    barChart(
      counted.map((figure) => `${figure.fault} (${figure.lang}/${figure.mode})`),
      [
        series('clients saw failures', (figure) => figure.clients.all),
        series('log stream lost records or stalled', (figure) => figure.logs.all),
        series('left the registry', (figure) => figure.registry.all),
      ],
      `instances touched, of ${data.instances}`,
    ),
    `Instances of the host touched by a fault aimed at one of them, per fault and mode (${data.instances} instances per host)`,
  );
  const faults = data.faults.map((fault) => `<li><code>${escapeHtml(fault.id)}</code>: ${escapeHtml(fault.how)}</li>`).join('');
  return `
<p>${data.instances} instances of one service on one host (${escapeHtml(data.request)}), each under its own open-loop load of
${data.episodePlan.ratePerSecond} requests per second, with a sidecar each (mode sidecar) or one agent serving all of them (mode
agent). ${data.episodePlan.beforeSeconds} s into the load a fault is aimed at the first instance's cross-cutting work; it lasts
${data.episodePlan.duringSeconds} s and the load goes on ${data.episodePlan.afterSeconds} s after. Nothing is restarted: an instance is
touched when, from the fault's start to the load's end, its clients saw a failed request, its log stream lost records
(written to its log file, never delivered to the collector) or stalled (its backlog of written, undelivered records
grew by more than a second of its load's records, ${data.episodePlan.ratePerSecond}, while the fault lasted), or it
stopped passing in the registry (TTL ${data.episodePlan.settings['registry.ttlSeconds'] ?? 'default'} s). In mode
agent the crash and the kill act on the host's agent: it is the process that carries the first instance's features.</p>
<ul>${faults}</ul>
${sideBySideText(data)}
${chart}
${table(['cell', 'fault', 'instances touched', 'clients', 'logs', 'registry'], episodes.map(row))}
<p>${escapeHtml(summarySentence(comparisons))}</p>
${comparisons.map((comparison) => `<p>${escapeHtml(comparisonSentence(comparison))}</p>`).join('\n')}
<p class="note">Why: with a sidecar each, what one instance's cross-cutting work does stays in that instance's sidecar. The
agent runs every app's feature code in one process: what ends it (a crash on its main thread, a kill) ends every app's
ingress, log shipping and heartbeats at once. A fault that only costs work (a log flood) lands on the agent's one
event loop, beside every other app's shipping: the rows above say whether the others felt it.</p>`;
}

/** Which faults' two hosts were measured at the same time, as this run did it. */
export function sideBySideText(data: Pick<BlastAnalysis['data'], 'faults' | 'sideBySide'>): string {
  const together = [...new Set(data.sideBySide ?? [])];
  if (together.length === 0) return '';
  const apart = data.faults.filter((fault) => !together.includes(fault.id));
  const names = (ids: readonly string[]) => ids.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ');
  return `<p>For ${names(together)} the two hosts (a sidecar each, one agent) ran side by side, at the same time on this machine: a process dies, which costs no CPU, and the light load leaves both cores mostly idle.${apart.length > 0 ? ` For ${names(apart.map((fault) => fault.id))} they ran one after the other.` : ''}</p>`;
}
