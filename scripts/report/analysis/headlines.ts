// The figures a summary quotes, each with a stable key, so one run can be read at a glance and two runs compared.
import type { IpcData } from '../../../scenarios/ipc/run.js';
import type { LatencyData } from '../../../scenarios/latency/types.js';
import type { PolyglotData } from '../../../scenarios/polyglot/run.js';
import type { ResourcesData } from '../../../scenarios/resources/run.js';
import type { RunResults } from '../../results/types.js';
import { scenarioData } from '../../results/scenario-data.js';
import type { Estimate } from '../../stats/summary.js';
import { analyzeIpc } from '../../../scenarios/ipc/analysis.js';
import { analyzeFixedRates } from '../../../scenarios/latency/analysis.js';
import { analyzeCheckout, analyzeCheckoutRoles, EXTRA_TRAVERSALS } from '../../../scenarios/polyglot/analysis.js';
import { analyzeResources } from '../../../scenarios/resources/analysis.js';

export type HeadlineUnit = 'µs' | 'ms' | 'bytes' | 'ns';

export interface Headline {
  /** Stable across runs: what `--compare` matches on. */
  key: string;
  group: 'latency' | 'polyglot' | 'resources' | 'ipc';
  label: string;
  unit: HeadlineUnit;
  estimate: Estimate & { withinNoise?: boolean };
}


function push(list: Headline[], headline: Omit<Headline, 'estimate'>, estimate: (Estimate & { withinNoise?: boolean }) | null): void {
  if (estimate !== null) list.push({ ...headline, estimate });
}

/** Added p50/p99 per hop, CPU per 1000 requests and RSS per role, and ipc costs, as measured in this run. */
export function headlines(results: RunResults): Headline[] {
  const list: Headline[] = [];
  const latency = scenarioData<LatencyData>(results, 'latency');
  for (const figure of latency === null ? [] : analyzeFixedRates(latency)) {
    if (figure.mode === 'none') continue;
    for (const p of figure.percentiles.filter((one) => one.percentile === 50 || one.percentile === 99)) {
      push(list, { key: `latency/${figure.lang}/${figure.mode}/${figure.ratePerSecond}/p${p.percentile}-added`, group: 'latency', label: `${figure.lang}/${figure.mode} at ${figure.ratePerSecond} req/s: p${p.percentile} added over none (one hop)`, unit: 'µs' }, p.added);
    }
  }
  const polyglot = scenarioData<PolyglotData>(results, 'polyglot');
  for (const figure of polyglot === null ? [] : analyzeCheckout(polyglot)) {
    if (figure.mode === 'none') continue;
    for (const p of figure.percentiles.filter((one) => one.percentile === 50 || one.percentile === 99)) {
      const hops = EXTRA_TRAVERSALS[figure.mode];
      push(list, { key: `polyglot/${figure.mode}/${figure.ratePerSecond}/p${p.percentile}-added`, group: 'polyglot', label: `checkout in mode ${figure.mode} at ${figure.ratePerSecond}/s: p${p.percentile} added over none${hops > 0 ? ` (${hops} proxy traversals)` : ''}`, unit: 'µs' }, p.added);
      if (hops > 0 && p.added !== null) {
        const perHop = { ...p.added, median: p.added.median / hops, low: p.added.low / hops, high: p.added.high / hops };
        push(list, { key: `polyglot/${figure.mode}/${figure.ratePerSecond}/p${p.percentile}-added-per-traversal`, group: 'polyglot', label: `checkout in mode ${figure.mode} at ${figure.ratePerSecond}/s: p${p.percentile} added per proxy traversal`, unit: 'µs' }, perHop);
      }
    }
  }
  for (const figure of polyglot === null ? [] : analyzeCheckoutRoles(polyglot)) {
    if (figure.role !== 'app' && figure.role !== 'sidecar') continue;
    push(list, { key: `polyglot/${figure.mode}/${figure.ratePerSecond}/${figure.role}/cpu`, group: 'polyglot', label: `checkout in mode ${figure.mode} at ${figure.ratePerSecond}/s: CPU per 1000 checkouts, ${figure.role}s`, unit: 'ms' }, figure.cpuMillisPer1000);
  }
  const resources = scenarioData<ResourcesData>(results, 'resources');
  for (const figure of resources === null ? [] : analyzeResources(resources)) {
    for (const role of figure.roles.filter((one) => one.role === 'app' || one.role === 'sidecar')) {
      push(list, { key: `resources/${figure.lang}/${figure.mode}/${role.role}/cpu`, group: 'resources', label: `${figure.lang}/${figure.mode}: CPU per 1000 requests at ${figure.loadedRatePerSecond ?? '?'} req/s, ${role.role}`, unit: 'ms' }, role.loadedCpuMillisPer1000);
      push(list, { key: `resources/${figure.lang}/${figure.mode}/${role.role}/rss`, group: 'resources', label: `${figure.lang}/${figure.mode}: RSS under load, ${role.role}`, unit: 'bytes' }, role.loadedRssBytes);
    }
  }
  const ipc = scenarioData<IpcData>(results, 'ipc');
  for (const figure of ipc === null ? [] : analyzeIpc(ipc)) {
    push(list, { key: `ipc/${figure.transport}/p50`, group: 'ipc', label: `${figure.transport}: one call, p50`, unit: 'ns' }, figure.p50Nanos);
  }
  return list;
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
