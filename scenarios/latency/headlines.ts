// The latency figures a summary quotes: added p50 and p99 per hop at each compared rate.
import { pushHeadline, type Headline } from '../../scripts/report/headlines.js';
import type { LatencyAnalysis } from './analysis.js';

export function latencyHeadlines({ fixedRates }: LatencyAnalysis): Headline[] {
  const list: Headline[] = [];
  for (const figure of fixedRates.filter((one) => one.mode !== 'none')) {
    for (const p of figure.percentiles.filter((one) => one.percentile === 50 || one.percentile === 99)) {
      pushHeadline(list, { key: `latency/${figure.lang}/${figure.mode}/${figure.ratePerSecond}/p${p.percentile}-added`, group: 'Added latency, one service (one sidecar hop)', label: `${figure.lang}/${figure.mode} at ${figure.ratePerSecond} req/s: p${p.percentile} added over none (one hop)`, unit: 'µs' }, p.added);
    }
  }
  return list;
}
