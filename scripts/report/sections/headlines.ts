// The headline figures of a run, and the page comparing two runs figure by figure (npm run report -- --compare a b).
import type { RunResults } from '../../results/types.js';
import { median } from '../../stats/summary.js';
import { compareHeadlines, type Headline, type HeadlineComparison, type HeadlineUnit } from '../headlines.js';
import { escapeHtml, formatBytes, formatInterval, formatMicros, formatNanos, formatNumber, table } from '../html.js';

export function formatUnit(unit: HeadlineUnit): (value: number) => string {
  switch (unit) {
    case 'µs': return formatMicros;
    case 'ms': return (value) => formatNumber(value, 1, 'ms');
    case 'bytes': return formatBytes;
    case 'ns': return formatNanos;
    case 'x': return (value) => formatNumber(value, 1, '×');
  }
}

export function renderHeadlinesSection(list: readonly Headline[]): string {
  if (list.length === 0) return '<p class="muted">No headline figure in this run.</p>';
  const groups = [...new Set(list.map((one) => one.group))];
  return `<p>The figures a summary of this run would quote, each the median of the valid repetitions with its bootstrap 95% interval
(n: repetitions). <code>npm run report -- --compare a/results.json b/results.json</code> sets two runs side by side on these
figures, to read the spread between runs of the same cells.</p>
${groups.map((group) => `<h3>${escapeHtml(group)}</h3>${table(['figure', 'median [95% CI]', 'n'], list.filter((one) => one.group === group).map((one) => [
    escapeHtml(one.label), formatInterval(one.estimate, formatUnit(one.unit)), String(one.estimate.n),
  ]))}`).join('\n')}`;
}

function spreadCell(row: HeadlineComparison): string {
  if (row.relativeSpread === null) return '<span class="muted">in one run only</span>';
  return `${formatNumber(row.relativeSpread * 100, 0, '%')}${row.intervalsOverlap ? '' : ' <span class="warn">(intervals apart)</span>'}`;
}

/** Per group: the median spread between the runs, and how many figures' intervals overlap. */
export function spreadSummary(rows: readonly HeadlineComparison[]): { group: string; figures: number; medianSpread: number | null; overlapping: number }[] {
  const groups = [...new Set(rows.map((row) => row.key.split('/')[0]!))];
  return groups.map((group) => {
    const paired = rows.filter((row) => row.key.startsWith(`${group}/`) && row.relativeSpread !== null);
    return {
      group, figures: paired.length,
      medianSpread: paired.length === 0 ? null : median(paired.map((row) => row.relativeSpread!)),
      overlapping: paired.filter((row) => row.intervalsOverlap === true).length,
    };
  });
}

/** One run and the headlines its scenarios computed. */
export interface RunHeadlines {
  results: RunResults;
  headlines: readonly Headline[];
}

export function renderCompareBody({ results: a, headlines: aHeadlines }: RunHeadlines, { results: b, headlines: bHeadlines }: RunHeadlines): string {
  const rows = compareHeadlines(aHeadlines, bHeadlines);
  const summary = spreadSummary(rows).map((one) => [
    escapeHtml(one.group), String(one.figures), formatNumber(one.medianSpread === null ? null : one.medianSpread * 100, 0, '%'), `${one.overlapping} of ${one.figures}`,
  ]);
  const describe = (run: RunResults) => `<code>${escapeHtml(run.runId)}</code> (${escapeHtml(run.options.tier)}, commit ${escapeHtml(run.environment.git.commit?.slice(0, 10) ?? '?')}, load average at start ${escapeHtml(run.environment.loadAverage.map((v) => v.toFixed(2)).join(' / '))})`;
  return `<h1>Two runs side by side</h1>
<p>A: ${describe(a)}<br>B: ${describe(b)}</p>
<p>Spread is |B − A| over the mean of the two medians; "intervals apart" marks a figure whose two 95% intervals do not overlap,
which the runs' own noise does not explain. Added latencies near zero have large relative spreads: read their difference.</p>
<h2>Spread by group</h2>
${table(['group', 'figures in both', 'median spread', 'intervals overlap'], summary)}
<h2>Every figure</h2>
${table(['figure', 'A: median [95% CI]', 'B: median [95% CI]', 'B − A', 'spread'], rows.map((row) => {
    const format = formatUnit(row.unit);
    return [escapeHtml(row.label), formatInterval(row.a, format), formatInterval(row.b, format), row.difference === null ? '–' : format(row.difference), spreadCell(row)];
  }))}`;
}

/** The same comparison as text, for the terminal. */
export function compareText({ results: a, headlines: aHeadlines }: RunHeadlines, { results: b, headlines: bHeadlines }: RunHeadlines): string {
  const rows = compareHeadlines(aHeadlines, bHeadlines);
  const lines = [`A ${a.runId}  B ${b.runId}`, ...spreadSummary(rows).map((one) => `${one.group.padEnd(10)} ${String(one.figures).padStart(3)} figures, median spread ${one.medianSpread === null ? '–' : `${(one.medianSpread * 100).toFixed(0)}%`}, intervals overlap in ${one.overlapping}`)];
  for (const row of rows) {
    const format = (value: number | undefined | null) => (value === undefined || value === null ? '–' : formatUnit(row.unit)(value).replace(/<[^>]+>/g, ''));
    lines.push(`${row.key.padEnd(48)} A ${format(row.a?.median).padStart(10)}  B ${format(row.b?.median).padStart(10)}  spread ${row.relativeSpread === null ? '–' : `${(row.relativeSpread * 100).toFixed(0)}%`}${row.intervalsOverlap === false ? ' (intervals apart)' : ''}`);
  }
  return lines.join('\n');
}
