// The report's first screen: one card per claim and cost, in the catalogue's order, every word from its finding.
import type { ClaimRow, DecidingFigure, FigureUnit, Verdict } from '../claims.js';
import { escapeHtml, formatNumber, type ChartRegistry } from '../html.js';
import { formatUnit } from './headlines.js';

/** A mark beside the word, so a verdict reads the same in black and white. */
const VERDICT_MARK: Record<Verdict, string> = { supported: '✓', 'not supported': '✗', depends: '±', 'not measured': '?' };

export function verdictClass(verdict: Verdict): string {
  return verdict.replace(' ', '-');
}

export function formatFigure(unit: FigureUnit): (value: number) => string {
  switch (unit) {
    case 's':
      return (value) => formatNumber(value, 2, 's');
    case 'share':
      return (value) => formatNumber(value * 100, 1, '%');
    case 'lines':
      return (value) => formatNumber(value, 0, 'lines');
    case 'count':
      return (value) => formatNumber(value, 0);
    default:
      return formatUnit(unit);
  }
}

/** What a chart's axis counts in: bytes in MiB and shares in percent, as the figure's words say them. */
function chartScale(unit: FigureUnit): { factor: number; title: string } {
  switch (unit) {
    case 'bytes':
      return { factor: 1 / (1024 * 1024), title: 'MiB' };
    case 'share':
      return { factor: 100, title: '%' };
    case 'ns':
      return { factor: 1, title: 'ns' };
    case 'x':
      return { factor: 1, title: '×' };
    default:
      return { factor: 1, title: unit };
  }
}

function valueText(figure: { value: number; interval?: { low: number; high: number } }, unit: FigureUnit): string {
  const format = formatFigure(unit);
  const interval =
    figure.interval === undefined
      ? ''
      : ` <span class="ci">[${escapeHtml(format(figure.interval.low))}, ${escapeHtml(format(figure.interval.high))}]</span>`;
  return `<strong>${escapeHtml(format(figure.value))}</strong>${interval}`;
}

/** The two values the rule weighed, as bars with their 95% whiskers. */
function figureChart(
  figure: DecidingFigure & { comparedWith: NonNullable<DecidingFigure['comparedWith']> },
  charts: ChartRegistry,
): string {
  const { factor, title } = chartScale(figure.unit);
  const scaled = (one: { value: number; interval?: { low: number; high: number } }) => ({
    value: one.value * factor,
    interval: one.interval === undefined ? null : { low: one.interval.low * factor, high: one.interval.high * factor },
  });
  const [measured, compared] = [scaled(figure), scaled(figure.comparedWith)];
  const config = {
    type: 'bar',
    data: {
      labels: ['this run', 'compared with'],
      datasets: [
        {
          label: figure.label,
          data: [measured.value, compared.value],
          backgroundColor: ['#2563eb', '#9ca3af'],
          errorBars: [measured.interval, compared.interval],
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, title: { display: true, text: title } } },
      plugins: { legend: { display: false } },
    },
  };
  return charts.add(config, `${figure.label}, against ${figure.comparedWith.label}`, 130);
}

function decidingFigureHtml(figure: DecidingFigure, charts: ChartRegistry): string {
  const compared =
    figure.comparedWith === undefined
      ? ''
      : `<br><span class="muted">against ${escapeHtml(figure.comparedWith.label)}: ${valueText(figure.comparedWith, figure.unit)}</span>`;
  const chart = figure.comparedWith === undefined ? '' : figureChart({ ...figure, comparedWith: figure.comparedWith }, charts);
  return `<p class="deciding">${escapeHtml(figure.label)}: ${valueText(figure, figure.unit)}${compared}</p>${chart}`;
}

/**
 * One card: the claim's sentence, the verdict in words, the figure that decided it (its chart when it was weighed
 * against another value), or, when the rule named no single figure, the evidence in its own words.
 */
export function renderCard(row: ClaimRow, charts: ChartRegistry, sectionIds: ReadonlySet<string>): string {
  const figure = row.verdict === 'not measured' ? undefined : row.deciding;
  const body = figure === undefined ? `<p class="evidence">${escapeHtml(row.evidence)}</p>` : decidingFigureHtml(figure, charts);
  // The scenario's own section holds the evidence; without one in this run, the claim's row in the table below does.
  const target = row.scenario !== null && sectionIds.has(row.scenario) ? row.scenario : `claim-${row.id}`;
  const where = target === row.scenario ? `the ${row.scenario} section` : 'the claims table';
  return `<article class="card ${verdictClass(row.verdict)}" id="card-${escapeHtml(row.id)}" data-verdict="${escapeHtml(row.verdict)}">
<h3><span class="card-id">${escapeHtml(row.id)}</span> <span class="verdict ${verdictClass(row.verdict)}">${VERDICT_MARK[row.verdict]} ${escapeHtml(row.verdict)}</span></h3>
<p class="statement">${row.side === 'cost' ? 'Cost: ' : ''}${escapeHtml(row.statement)}</p>
${body}
<a class="evidence-link" href="#${escapeHtml(target)}">evidence: ${escapeHtml(where)}</a>
</article>`;
}

export function renderCardsSection(rows: readonly ClaimRow[], charts: ChartRegistry, sectionIds: ReadonlySet<string>): string {
  return `<section id="story"><h2>The claims, decided by this run</h2>
<p class="muted">One card per claim of the seed and per cost its critics name. Each verdict, and the figure it turned on, is what the claim's rule computed from this run's figures (its thresholds are under Claims and costs); a card without one shows the rule's evidence in its own words instead (nothing was measured, or the verdict rests on several figures at once).</p>
<div class="cards">
${rows.map((row) => renderCard(row, charts, sectionIds)).join('\n')}
</div></section>`;
}
