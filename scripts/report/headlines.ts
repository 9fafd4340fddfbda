// The figures a summary quotes, each with a stable key, so one run can be read at a glance and two runs compared.
// Scenarios bring their own headlines; this file only collects and compares them.
import type { Estimate } from '../stats/summary.js';

/** `x`: a ratio, e.g. the sidecar's figure over the native floor's. */
export type HeadlineUnit = 'µs' | 'ms' | 'bytes' | 'ns' | 'x';

export interface Headline {
  /** Stable across runs: what `--compare` matches on; its first segment is the group. */
  key: string;
  /** The group's title in the report (the scenario's figures of one kind). */
  group: string;
  label: string;
  unit: HeadlineUnit;
  /** The latency percentile the figure is of, when it is one: calibration may vouch for the centre and not the tail. */
  percentile?: number;
  estimate: Estimate & { withinNoise?: boolean };
}

/** Adds a headline when its estimate exists: a figure the run lacks is left out, never shown as zero. */
export function pushHeadline(list: Headline[], headline: Omit<Headline, 'estimate'>, estimate: (Estimate & { withinNoise?: boolean }) | null): void {
  if (estimate !== null) list.push({ ...headline, estimate });
}

export interface HeadlineComparison {
  key: string;
  label: string;
  unit: HeadlineUnit;
  a: Headline['estimate'] | null;
  b: Headline['estimate'] | null;
  /** b - a. */
  difference: number | null;
  /** |b - a| over the mean of |a| and |b|: 0.1 = the runs are 10% apart. */
  relativeSpread: number | null;
  /** The two 95% intervals overlap: the runs cannot be told apart on this figure. */
  intervalsOverlap: boolean | null;
}

export function compareHeadlines(a: readonly Headline[], b: readonly Headline[]): HeadlineComparison[] {
  const keys = [...new Set([...a.map((one) => one.key), ...b.map((one) => one.key)])];
  return keys.map((key) => {
    const left = a.find((one) => one.key === key);
    const right = b.find((one) => one.key === key);
    const both = left !== undefined && right !== undefined;
    const scale = both ? (Math.abs(left.estimate.median) + Math.abs(right.estimate.median)) / 2 : 0;
    return {
      key, label: (left ?? right)!.label, unit: (left ?? right)!.unit,
      a: left?.estimate ?? null, b: right?.estimate ?? null,
      difference: both ? right.estimate.median - left.estimate.median : null,
      relativeSpread: both && scale > 0 ? Math.abs(right.estimate.median - left.estimate.median) / scale : both ? 0 : null,
      intervalsOverlap: both ? left.estimate.low <= right.estimate.high && right.estimate.low <= left.estimate.high : null,
    };
  });
}
