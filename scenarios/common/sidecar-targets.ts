// The lean sidecar's targets (all five features on, 1 KB bodies, one access record per request shipped), and the one
// rule that judges a measured figure against one: the hop benchmark (sidecar/bench/hop.ts) and the report both use it.
import { escapeHtml, formatNumber, table } from '../../scripts/report/html.js';
import { MIN_REPETITIONS_FOR_A_DIFFERENCE, type Estimate } from '../../scripts/stats/summary.js';

export type TargetId =
  | 'idle-rss'
  | 'loaded-rss'
  | 'idle-private'
  | 'loaded-private'
  | 'cores-per-1000'
  | 'saturation-cpu-over-native'
  | 'added-p99'
  | 'saturation-over-library';

export interface SidecarTarget {
  id: TargetId;
  /** What is measured, in a reader's words. */
  label: string;
  /** `atMost`: the figure must not exceed the bound; `atLeast`: it must reach it. */
  direction: 'atMost' | 'atLeast';
  bound: number;
  unit: 'bytes' | 'cores' | 'µs' | 'x';
  /** A figure that depends on the rate is judged only when measured at this one (CPU per request falls as the rate rises). */
  ratePerSecond?: number;
}

const MB = 1e6;

export const SIDECAR_TARGETS: readonly SidecarTarget[] = [
  { id: 'idle-rss', label: 'RSS at idle', direction: 'atMost', bound: 50 * MB, unit: 'bytes' },
  { id: 'loaded-rss', label: 'RSS under load', direction: 'atMost', bound: 70 * MB, unit: 'bytes' },
  { id: 'idle-private', label: 'private memory at idle', direction: 'atMost', bound: 25 * MB, unit: 'bytes' },
  { id: 'loaded-private', label: 'private memory under load', direction: 'atMost', bound: 40 * MB, unit: 'bytes' },
  { id: 'cores-per-1000', label: 'CPU per 1000 req/s', direction: 'atMost', bound: 0.15, unit: 'cores', ratePerSecond: 1000 },
  {
    id: 'saturation-cpu-over-native',
    label: "CPU per request at saturation, over HAProxy's in the same run",
    direction: 'atMost',
    bound: 2.5,
    unit: 'x',
  },
  { id: 'added-p99', label: 'added p99 (one hop)', direction: 'atMost', bound: 1000, unit: 'µs', ratePerSecond: 1000 },
  {
    id: 'saturation-over-library',
    label: "saturation in sidecar mode, over library mode's on the same core",
    direction: 'atLeast',
    bound: 0.5,
    unit: 'x',
  },
];

export function sidecarTarget(id: TargetId): SidecarTarget {
  return SIDECAR_TARGETS.find((target) => target.id === id)!;
}

/**
 * met / not met when the whole interval is on one side of the bound; undecided when it spans the bound or rests on
 * fewer repetitions than make an interval; other rate when a rate-bound figure was measured at another rate (the
 * figure is shown, not judged); not measured without a figure.
 */
export type TargetOutcome = 'met' | 'not met' | 'undecided' | 'other rate' | 'not measured';

export interface JudgedTarget {
  target: SidecarTarget;
  /** A point reading (the hop benchmark's medians and maxima) or an estimate with its interval (the bench's). */
  value: Estimate | number | null;
  ratePerSecond: number | null;
  outcome: TargetOutcome;
}

export function judgeTarget(
  target: SidecarTarget,
  value: Estimate | number | null | undefined,
  ratePerSecond: number | null = null,
): JudgedTarget {
  const judged = (outcome: TargetOutcome): JudgedTarget => ({ target, value: value ?? null, ratePerSecond, outcome });
  if (value == null) return judged('not measured');
  if (target.ratePerSecond !== undefined && ratePerSecond !== target.ratePerSecond) return judged('other rate');
  const { low, high, n } = typeof value === 'number' ? { low: value, high: value, n: Number.POSITIVE_INFINITY } : value;
  if (n < MIN_REPETITIONS_FOR_A_DIFFERENCE) return judged('undecided');
  const [worst, best] = target.direction === 'atMost' ? [high, low] : [low, high];
  const within = (figure: number) => (target.direction === 'atMost' ? figure <= target.bound : figure >= target.bound);
  if (within(worst)) return judged('met');
  return judged(within(best) ? 'undecided' : 'not met');
}

export function formatTargetValue(target: SidecarTarget, value: number): string {
  switch (target.unit) {
    case 'bytes':
      return `${formatNumber(value / MB, 1)} MB`;
    case 'cores':
      return formatNumber(value, 3, 'cores');
    case 'µs':
      return formatNumber(value, 0, 'µs');
    case 'x':
      return `${formatNumber(value, 2)}x`;
  }
}

/** "≤ 50.0 MB", "≥ 0.50x", with the rate when the target names one. */
export function formatBound(target: SidecarTarget): string {
  const rate = target.ratePerSecond === undefined ? '' : ` at ${target.ratePerSecond} req/s`;
  return `${target.direction === 'atMost' ? '≤' : '≥'} ${formatTargetValue(target, target.bound)}${rate}`;
}

/** The figure as measured, with its interval when it has one and the rate it was measured at when that matters. */
export function formatJudgedValue({ target, value, ratePerSecond }: JudgedTarget): string {
  if (value === null) return '–';
  const figure =
    typeof value === 'number'
      ? formatTargetValue(target, value)
      : value.low === value.high
        ? `${formatTargetValue(target, value.median)} (n=${value.n})`
        : `${formatTargetValue(target, value.median)} [${formatTargetValue(target, value.low)}, ${formatTargetValue(target, value.high)}] n=${value.n}`;
  return target.ratePerSecond !== undefined && ratePerSecond !== null ? `${figure} at ${ratePerSecond} req/s` : figure;
}

/** The verdict classes of the claims table: met reads as supported, not met as not supported, the rest as not measured. */
const OUTCOME_CLASS: Record<TargetOutcome, string> = {
  met: 'supported',
  'not met': 'not-supported',
  undecided: 'depends',
  'other rate': 'not-measured',
  'not measured': 'not-measured',
};

/** One row per judged target: where it was measured (a cell), what, the figure, the bound and the outcome. */
export function targetsTable(rows: readonly { scope: string; judged: JudgedTarget }[]): string {
  return table(
    ['cell', 'target', 'measured', 'bound', 'outcome'],
    rows.map(({ scope, judged }) => [
      escapeHtml(scope),
      escapeHtml(judged.target.label),
      escapeHtml(formatJudgedValue(judged)),
      escapeHtml(formatBound(judged.target)),
      `<span class="verdict ${OUTCOME_CLASS[judged.outcome]}">${judged.outcome}</span>`,
    ]),
  );
}
