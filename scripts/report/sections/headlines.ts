// The headline figures of a run, and the page comparing runs figure by figure and verdict by verdict (npm run report -- --compare a b [c ...]).
import type { RunResults } from '../../results/types.js';
import { median } from '../../stats/summary.js';
import { compareHeadlines, STABLE_SHARE, type Headline, type HeadlineComparison, type HeadlineUnit } from '../headlines.js';
import { escapeHtml, formatBytes, formatInterval, formatMicros, formatNanos, formatNumber, table } from '../html.js';

export function formatUnit(unit: HeadlineUnit): (value: number) => string {
  switch (unit) {
    case 'µs':
      return formatMicros;
    case 'ms':
      return (value) => formatNumber(value, 1, 'ms');
    case 'bytes':
      return formatBytes;
    case 'ns':
      return formatNanos;
    case 'x':
      return (value) => formatNumber(value, 1, '×');
  }
}

export function renderHeadlinesSection(list: readonly Headline[]): string {
  if (list.length === 0) return '<p class="muted">No headline figure in this run.</p>';
  const groups = [...new Set(list.map((one) => one.group))];
  return `<p>The figures a summary of this run would quote, each the median of the valid repetitions with its bootstrap 95% interval
(n: repetitions). <code>npm run report -- --compare a/results.json b/results.json [c/results.json ...]</code> sets runs side by
side on these figures and on the verdicts, to read the spread between runs of the same cells.</p>
${groups
  .map(
    (group) =>
      `<h3>${escapeHtml(group)}</h3>${table(
        ['figure', 'median [95% CI]', 'n'],
        list
          .filter((one) => one.group === group)
          .map((one) => [escapeHtml(one.label), formatInterval(one.estimate, formatUnit(one.unit)), String(one.estimate.n)]),
      )}`,
  )
  .join('\n')}`;
}

function spreadCell(row: HeadlineComparison): string {
  if (row.relativeSpread === null) return '<span class="muted">in one run only</span>';
  return `${formatNumber(row.relativeSpread * 100, 0, '%')}${row.intervalsOverlap ? '' : ' <span class="warn">(intervals apart)</span>'}`;
}

function holdsCell(row: HeadlineComparison): string {
  if (row.holds === null) return '–';
  const off = row.fromMedian === null || !Number.isFinite(row.fromMedian) ? '' : ` (${formatNumber(row.fromMedian * 100, 0, '%')} off)`;
  const by = row.holdsBy === 'zero' ? ', within noise of zero' : row.holdsBy === 'overlap' ? ', within noise: the intervals overlap' : '';
  return row.holds ? `yes${off}${by}` : `<span class="warn">no${off}</span>`;
}

/** The text comparison's word on a figure: what the HTML's "holds" column says, short (nothing when within 15%). */
export function holdsNote(row: Pick<HeadlineComparison, 'holds' | 'holdsBy'>): string {
  if (row.holds === false) return ' DOES NOT HOLD';
  if (row.holdsBy === 'overlap') return ' holds within noise (the intervals overlap)';
  if (row.holdsBy === 'zero') return ' holds within noise of zero';
  return '';
}

/** Per group: the median spread between the runs, how many figures' intervals overlap, and how many hold. */
export function spreadSummary(
  rows: readonly HeadlineComparison[],
): { group: string; figures: number; medianSpread: number | null; overlapping: number; holding: number; holdingByMedian: number }[] {
  const groups = [...new Set(rows.map((row) => row.key.split('/')[0]!))];
  return groups.map((group) => {
    const paired = rows.filter((row) => row.key.startsWith(`${group}/`) && row.relativeSpread !== null);
    return {
      group,
      figures: paired.length,
      medianSpread: paired.length === 0 ? null : median(paired.map((row) => row.relativeSpread!)),
      overlapping: paired.filter((row) => row.intervalsOverlap === true).length,
      holding: paired.filter((row) => row.holds === true).length,
      holdingByMedian: paired.filter((row) => row.holdsBy === 'median').length,
    };
  });
}

/** One run, the headlines its scenarios computed, and its verdicts. */
export interface RunHeadlines {
  results: RunResults;
  headlines: readonly Headline[];
  verdicts: readonly { id: string; verdict: string }[];
}

/** Per claim: its verdict in each run, and whether every run said the same. */
export function compareVerdicts(runs: readonly RunHeadlines[]): { id: string; verdicts: (string | null)[]; same: boolean }[] {
  const ids = [...new Set(runs.flatMap((run) => run.verdicts.map((one) => one.id)))];
  return ids.map((id) => {
    const verdicts = runs.map((run) => run.verdicts.find((one) => one.id === id)?.verdict ?? null);
    return { id, verdicts, same: verdicts.every((verdict) => verdict === verdicts[0]) };
  });
}

const letter = (index: number) => String.fromCharCode(65 + index);

export function renderCompareBody(runs: readonly RunHeadlines[]): string {
  const rows = compareHeadlines(runs.map((run) => run.headlines));
  const verdicts = compareVerdicts(runs);
  const summary = spreadSummary(rows).map((one) => [
    escapeHtml(one.group),
    String(one.figures),
    formatNumber(one.medianSpread === null ? null : one.medianSpread * 100, 0, '%'),
    `${one.overlapping} of ${one.figures}`,
    `${one.holding} of ${one.figures} (${one.holdingByMedian} within ${STABLE_SHARE * 100}% of the median)`,
  ]);
  const describe = (run: RunResults) =>
    `<code>${escapeHtml(run.runId)}</code> (${escapeHtml(run.options.tier)}, commit ${escapeHtml(run.environment.git.commit?.slice(0, 10) ?? '?')}, load average at start ${escapeHtml(run.environment.loadAverage.map((v) => v.toFixed(2)).join(' / '))})`;
  const flipped = verdicts.filter((one) => !one.same);
  return `<h1>${runs.length} runs side by side</h1>
<p>${runs.map((run, index) => `${letter(index)}: ${describe(run.results)}`).join('<br>')}</p>
<p>Spread is the largest minus the smallest median over the mean of their magnitudes; "intervals apart" marks a figure whose
95% intervals do not all overlap, which the runs' own noise does not explain. A figure holds when every run's median is within
${STABLE_SHARE * 100}% of the runs' median, or it is within noise: every run found it within noise of zero, or every run's 95%
interval overlaps every other's, so the runs cannot be told apart on it (the table says which). Added latencies near zero have large relative
spreads: read their difference.</p>
<h2>Verdicts</h2>
<p>${flipped.length === 0 ? `Every verdict was the same in all ${runs.length} runs.` : `<span class="warn">${flipped.length} verdict(s) differed between the runs: ${escapeHtml(flipped.map((one) => one.id).join(', '))}.</span>`}</p>
${table(
  ['claim', ...runs.map((_, index) => letter(index)), 'the same?'],
  verdicts.map((one) => [
    escapeHtml(one.id),
    ...one.verdicts.map((verdict) => escapeHtml(verdict ?? '–')),
    one.same ? 'yes' : '<span class="warn">no</span>',
  ]),
)}
<h2>Spread by group</h2>
${table(['group', 'figures in two runs or more', 'median spread', 'intervals overlap', 'figures that hold'], summary)}
<h2>Every figure</h2>
${table(
  ['figure', ...runs.map((_, index) => `${letter(index)}: median [95% CI]`), `${letter(runs.length - 1)} − A`, 'spread', 'holds'],
  rows.map((row) => {
    const format = formatUnit(row.unit);
    return [
      escapeHtml(row.label),
      ...row.estimates.map((estimate) => formatInterval(estimate, format)),
      row.difference === null ? '–' : format(row.difference),
      spreadCell(row),
      holdsCell(row),
    ];
  }),
)}`;
}

/** The same comparison as text, for the terminal. */
export function compareText(runs: readonly RunHeadlines[]): string {
  const rows = compareHeadlines(runs.map((run) => run.headlines));
  const verdicts = compareVerdicts(runs);
  const flipped = verdicts.filter((one) => !one.same);
  const lines = [
    runs.map((run, index) => `${letter(index)} ${run.results.runId}`).join('  '),
    flipped.length === 0
      ? `verdicts: all ${verdicts.length} the same in every run`
      : `verdicts: ${flipped.length} differ: ${flipped.map((one) => `${one.id} ${one.verdicts.map((verdict) => verdict ?? '–').join(' / ')}`).join('; ')}`,
    ...spreadSummary(rows).map(
      (one) =>
        `${one.group.padEnd(10)} ${String(one.figures).padStart(3)} figures, median spread ${one.medianSpread === null ? '–' : `${(one.medianSpread * 100).toFixed(0)}%`}, intervals overlap in ${one.overlapping}, hold in ${one.holding} (${one.holdingByMedian} within ${STABLE_SHARE * 100}% of the median)`,
    ),
  ];
  for (const row of rows) {
    const format = (value: number | undefined | null) =>
      value === undefined || value === null ? '–' : formatUnit(row.unit)(value).replace(/<[^>]+>/g, '');
    const values = row.estimates.map((estimate, index) => `${letter(index)} ${format(estimate?.median).padStart(10)}`).join('  ');
    lines.push(
      `${row.key.padEnd(48)} ${values}  spread ${row.relativeSpread === null ? '–' : `${(row.relativeSpread * 100).toFixed(0)}%`}${row.intervalsOverlap === false ? ' (intervals apart)' : ''}${holdsNote(row)}`,
    );
  }
  return lines.join('\n');
}
