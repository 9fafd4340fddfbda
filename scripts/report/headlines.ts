// The figures a summary quotes, each with a stable key, so one run can be read at a glance and runs compared.
// Scenarios bring their own headlines; this file only collects and compares them.
import { median, type Estimate } from '../stats/summary.js';

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
  /** The scenario that computed it: set by analyseRun, so a scenario need not name itself. */
  scenario?: string;
  /** The language and the mode the figure is of, when it is of one (results.csv has a column for each). */
  lang?: string;
  mode?: string;
}

/** Adds a headline when its estimate exists: a figure the run lacks is left out, never shown as zero. */
export function pushHeadline(
  list: Headline[],
  headline: Omit<Headline, 'estimate'>,
  estimate: (Estimate & { withinNoise?: boolean }) | null,
): void {
  if (estimate !== null) list.push({ ...headline, estimate });
}

/** A headline figure "holds" across runs when each run's median is within this share of the runs' median. */
export const STABLE_SHARE = 0.15;

export interface HeadlineComparison {
  key: string;
  label: string;
  unit: HeadlineUnit;
  /** One per run, in the order given; null where that run lacks the figure. */
  estimates: (Headline['estimate'] | null)[];
  /** The last run's median minus the first's (for two runs, B − A); null unless both have it. */
  difference: number | null;
  /** (largest − smallest median) over the mean of their magnitudes: 0.1 = the runs are 10% apart; null in one run only. */
  relativeSpread: number | null;
  /** The largest distance of a run's median from the runs' median, over that median's magnitude; null in one run only. */
  fromMedian: number | null;
  /** Every run's 95% interval overlaps every other's: the runs cannot be told apart on this figure. */
  intervalsOverlap: boolean | null;
  /**
   * Within STABLE_SHARE of the runs' median in every run, or within noise: every run found the figure within noise of
   * zero, or every run's 95% interval overlaps every other's (the runs cannot be told apart); null in one run only.
   */
  holds: boolean | null;
  /** Why it holds: its medians, every run finding it within noise of zero, or intervals that overlap; null when it does not. */
  holdsBy: 'median' | 'zero' | 'overlap' | null;
}

function holdsBy(fromMedian: number, present: readonly Headline['estimate'][], overlap: boolean): HeadlineComparison['holdsBy'] {
  if (fromMedian <= STABLE_SHARE) return 'median';
  if (present.every((one) => one.withinNoise === true)) return 'zero';
  return overlap ? 'overlap' : null;
}

/** The headlines of several runs of the same cells, figure by figure (the first run's order, then figures it lacks). */
export function compareHeadlines(runs: readonly (readonly Headline[])[]): HeadlineComparison[] {
  const keys = [...new Set(runs.flatMap((run) => run.map((one) => one.key)))];
  return keys.map((key) => {
    const found = runs.map((run) => run.find((one) => one.key === key));
    const estimates = found.map((one) => one?.estimate ?? null);
    const present = estimates.filter((one): one is Headline['estimate'] => one !== null);
    const medians = present.map((one) => one.median);
    const several = present.length >= 2;
    const first = estimates[0];
    const last = estimates.at(-1);
    const scale = medians.reduce((sum, value) => sum + Math.abs(value), 0) / Math.max(1, medians.length);
    const centre = several ? median(medians) : 0;
    const fromMedian = !several
      ? null
      : centre === 0
        ? medians.every((value) => value === 0)
          ? 0
          : Infinity
        : Math.max(...medians.map((value) => Math.abs(value - centre) / Math.abs(centre)));
    const overlap = several ? Math.max(...present.map((one) => one.low)) <= Math.min(...present.map((one) => one.high)) : null;
    const basis = several ? holdsBy(fromMedian!, present, overlap!) : null;
    return {
      key,
      label: found.find((one) => one !== undefined)!.label,
      unit: found.find((one) => one !== undefined)!.unit,
      estimates,
      difference: first != null && last != null && runs.length >= 2 ? last.median - first.median : null,
      relativeSpread: !several ? null : scale > 0 ? (Math.max(...medians) - Math.min(...medians)) / scale : 0,
      fromMedian,
      intervalsOverlap: overlap,
      holds: several ? basis !== null : null,
      holdsBy: basis,
    };
  });
}
