// The latency figures a summary quotes: added p50 and p99 per hop at each compared rate, and the sidecar's (and the
// agent's, serving the one app) over the native floor's (HAProxy doing only the hop).
import { pushHeadline, type Headline } from '../../scripts/report/headlines.js';
import { floorRatio } from '../common/floor.js';
import type { FixedRateFigure, LatencyAnalysis } from './analysis.js';

const GROUP = 'Added latency, one service (one sidecar hop)';

/** The added latency at a percentile of a mode, at the same language and rate as `figure`. */
export function addedAt(
  fixedRates: readonly FixedRateFigure[],
  figure: FixedRateFigure,
  mode: FixedRateFigure['mode'],
  percentile: number,
) {
  const other = fixedRates.find((one) => one.lang === figure.lang && one.mode === mode && one.ratePerSecond === figure.ratePerSecond);
  return other?.percentiles.find((p) => p.percentile === percentile)?.added ?? null;
}

export function latencyHeadlines({ fixedRates }: LatencyAnalysis): Headline[] {
  const list: Headline[] = [];
  for (const figure of fixedRates.filter((one) => one.mode !== 'none')) {
    for (const p of figure.percentiles.filter((one) => one.percentile === 50 || one.percentile === 99)) {
      pushHeadline(
        list,
        {
          key: `latency/${figure.lang}/${figure.mode}/${figure.ratePerSecond}/p${p.percentile}-added`,
          group: GROUP,
          label: `${figure.lang}/${figure.mode} at ${figure.ratePerSecond} req/s: p${p.percentile} added over none (one hop)`,
          percentile: p.percentile,
          unit: 'µs',
          lang: figure.lang,
          mode: figure.mode,
        },
        p.added,
      );
      if (figure.mode === 'sidecar' || figure.mode === 'agent') {
        const ratio = floorRatio(p.added, addedAt(fixedRates, figure, 'native', p.percentile));
        pushHeadline(
          list,
          {
            key: `latency/${figure.lang}/${figure.mode}/${figure.ratePerSecond}/p${p.percentile}-added-over-native`,
            group: GROUP,
            label: `${figure.lang} at ${figure.ratePerSecond} req/s: the ${figure.mode}'s added p${p.percentile} over the native hop's (HAProxy)`,
            percentile: p.percentile,
            unit: 'x',
            lang: figure.lang,
            mode: figure.mode,
          },
          ratio,
        );
      }
    }
  }
  return list;
}
