// The checkout figures a summary quotes, per checkout: added p50 and p99, per proxy traversal, the sidecars over the native floor, and CPU per 1000 checkouts per role.
import { pushHeadline, type Headline } from '../../scripts/report/headlines.js';
import { floorRatio } from '../common/floor.js';
import { EXTRA_TRAVERSALS, type PolyglotAnalysis, type PolyglotCheckoutAnalysis } from './analysis.js';

const GROUP_PREFIX = 'Checkout across three languages';
// The language column of results.csv is the checkout's scope (`polyglot`, `polyglot/java-rust-ts`): a checkout spans three languages.

/** The first checkout's keys are `polyglot/<mode>/...` as in runs before the second; a later one's `polyglot/<name>/<mode>/...`. */
export function polyglotHeadlines({ checkouts }: PolyglotAnalysis): Headline[] {
  return checkouts.flatMap((one) => checkoutHeadlines(one));
}

function checkoutHeadlines({ scope, name, checkout, roles }: PolyglotCheckoutAnalysis): Headline[] {
  const list: Headline[] = [];
  const group = `${GROUP_PREFIX} (${name})`;
  for (const figure of checkout.filter((one) => one.mode !== 'none')) {
    for (const p of figure.percentiles.filter((one) => one.percentile === 50 || one.percentile === 99)) {
      const hops = EXTRA_TRAVERSALS[figure.mode];
      pushHeadline(
        list,
        {
          key: `${scope}/${figure.mode}/${figure.ratePerSecond}/p${p.percentile}-added`,
          group,
          label: `checkout ${name} in mode ${figure.mode} at ${figure.ratePerSecond}/s: p${p.percentile} added over none${hops > 0 ? ` (${hops} proxy traversals)` : ''}`,
          percentile: p.percentile,
          unit: 'µs',
          lang: scope,
          mode: figure.mode,
        },
        p.added,
      );
      if (hops > 0 && p.added !== null) {
        const perHop = { ...p.added, median: p.added.median / hops, low: p.added.low / hops, high: p.added.high / hops };
        pushHeadline(
          list,
          {
            key: `${scope}/${figure.mode}/${figure.ratePerSecond}/p${p.percentile}-added-per-traversal`,
            group,
            label: `checkout ${name} in mode ${figure.mode} at ${figure.ratePerSecond}/s: p${p.percentile} added per proxy traversal`,
            percentile: p.percentile,
            unit: 'µs',
            lang: scope,
            mode: figure.mode,
          },
          perHop,
        );
      }
      if (figure.mode === 'sidecar') {
        // Both modes cross five proxies: the ratio of what they add is the ratio per traversal.
        const native =
          checkout
            .find((one) => one.mode === 'native' && one.ratePerSecond === figure.ratePerSecond)
            ?.percentiles.find((one) => one.percentile === p.percentile)?.added ?? null;
        pushHeadline(
          list,
          {
            key: `${scope}/sidecar/${figure.ratePerSecond}/p${p.percentile}-added-over-native`,
            group,
            label: `checkout ${name} at ${figure.ratePerSecond}/s: p${p.percentile} the sidecars add over what HAProxy in the same places adds (mode native)`,
            percentile: p.percentile,
            unit: 'x',
            lang: scope,
            mode: 'sidecar',
          },
          floorRatio(p.added, native),
        );
      }
    }
  }
  for (const figure of roles.filter((one) => one.role === 'app' || one.role === 'sidecar' || one.role === 'proxy')) {
    pushHeadline(
      list,
      {
        key: `${scope}/${figure.mode}/${figure.ratePerSecond}/${figure.role}/cpu`,
        group,
        label: `checkout ${name} in mode ${figure.mode} at ${figure.ratePerSecond}/s: CPU per 1000 checkouts, ${figure.role}s`,
        unit: 'ms',
        lang: scope,
        mode: figure.mode,
      },
      figure.cpuMillisPer1000,
    );
  }
  return list;
}
