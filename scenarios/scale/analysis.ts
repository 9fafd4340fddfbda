// From the scale scenario's points to memory and CPU per added instance (a least-squares slope per language and mode).
import type { ScaleData } from './run.js';
import type { Lang, Mode } from '../../scripts/results/types.js';
import { median } from '../../scripts/stats/summary.js';
import { INSTANCE_ROLES } from '../resources/analysis.js';

export interface ScaleLine {
  lang: Lang;
  mode: Mode;
  /** Median total RSS of app + sidecar (an agent counted once for its host) at each instance count, and per instance. */
  points: ScaleLinePoint[];
  /** Least-squares slope of total RSS per added instance. */
  rssBytesPerInstance: number | null;
  /** The same slope of private memory (RssAnon) and of PSS: what an added instance costs once shared pages are not counted twice. */
  anonBytesPerInstance: number | null;
  pssBytesPerInstance: number | null;
}

export interface ScaleLinePoint {
  instances: number;
  totalRssBytes: number;
  totalAnonBytes: number | null;
  totalPssBytes: number | null;
  idleCpuCores: number;
  /** The totals divided over the instances: in mode agent the one agent's share of each instance. */
  perInstance: { rssBytes: number; anonBytes: number | null; pssBytes: number | null; idleCpuCores: number };
}

export function analyzeScale(data: ScaleData): ScaleLine[] {
  const keys = [...new Set(data.points.map((point) => `${point.lang}|${point.mode}`))];
  return keys.map((key) => {
    const [lang, mode] = key.split('|') as [Lang, Mode];
    const mine = data.points.filter((point) => point.lang === lang && point.mode === mode);
    const counts = [...new Set(mine.map((point) => point.instances))].sort((a, b) => a - b);
    const points = counts.map((instances) => {
      const at = mine.filter((point) => point.instances === instances);
      const sumOf = (pick: (window: (typeof at)[number]['roles'][number]) => number | null) =>
        median(
          at.map((point) =>
            point.roles.filter((window) => INSTANCE_ROLES.includes(window.role)).reduce((sum, window) => sum + (pick(window) ?? 0), 0),
          ),
        );
      // Private memory and PSS only where every instance window has them (results before they were read have not).
      const known = (pick: (window: (typeof at)[number]['roles'][number]) => number | null | undefined) =>
        at.every((point) => point.roles.filter((window) => INSTANCE_ROLES.includes(window.role)).every((window) => pick(window) != null))
          ? sumOf((window) => pick(window) ?? null)
          : null;
      const totals = {
        totalRssBytes: sumOf((window) => window.rssBytes),
        totalAnonBytes: known((window) => window.anonBytes),
        totalPssBytes: known((window) => window.pssBytes),
        idleCpuCores: sumOf((window) => window.cpuSeconds) / (at[0]?.windowSeconds || 1),
      };
      const share = (total: number | null) => (total === null ? null : total / instances);
      return {
        instances,
        ...totals,
        perInstance: {
          rssBytes: totals.totalRssBytes / instances,
          anonBytes: share(totals.totalAnonBytes),
          pssBytes: share(totals.totalPssBytes),
          idleCpuCores: totals.idleCpuCores / instances,
        },
      };
    });
    const slopeOf = (pick: (point: (typeof points)[number]) => number | null) =>
      points.every((point) => pick(point) !== null) ? slope(points.map((point) => [point.instances, pick(point)!])) : null;
    return {
      lang,
      mode,
      points,
      rssBytesPerInstance: slope(points.map((point) => [point.instances, point.totalRssBytes])),
      anonBytesPerInstance: slopeOf((point) => point.totalAnonBytes),
      pssBytesPerInstance: slopeOf((point) => point.totalPssBytes),
    };
  });
}

export function slope(pairs: [number, number][]): number | null {
  if (pairs.length < 2) return pairs.length === 1 ? pairs[0]![1] / pairs[0]![0] : null;
  const meanX = pairs.reduce((sum, [x]) => sum + x, 0) / pairs.length;
  const meanY = pairs.reduce((sum, [, y]) => sum + y, 0) / pairs.length;
  const numerator = pairs.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const denominator = pairs.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return denominator === 0 ? null : numerator / denominator;
}

/** Everything the scale section and K2 read: computed once per report. */
export interface ScaleAnalysis {
  data: ScaleData;
  lines: ScaleLine[];
}

export function analyzeScaleRun(data: ScaleData): ScaleAnalysis {
  return { data, lines: analyzeScale(data) };
}
