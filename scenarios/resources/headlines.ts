// The resource figures a summary quotes: CPU per 1000 requests and RSS under load, per role (in mode agent, the agent).
import { pushHeadline, type Headline } from '../../scripts/report/headlines.js';
import { roleLabel, type ResourcesAnalysis } from './analysis.js';
import { proxyFloors } from './floor.js';

export function resourcesHeadlines({ modes }: ResourcesAnalysis): Headline[] {
  const list: Headline[] = [];
  const group = 'CPU per 1000 requests and memory, per role';
  for (const figure of modes) {
    for (const role of figure.roles.filter((one) => one.role === 'app' || one.role === 'sidecar' || one.role === 'proxy')) {
      pushHeadline(
        list,
        {
          key: `resources/${figure.lang}/${figure.mode}/${role.role}/cpu`,
          group,
          label: `${figure.lang}/${figure.mode}: CPU per 1000 requests at ${figure.loadedRatePerSecond ?? '?'} req/s, ${roleLabel(figure.mode, role.role)}`,
          unit: 'ms',
          lang: figure.lang,
          mode: figure.mode,
        },
        role.loadedCpuMillisPer1000,
      );
      pushHeadline(
        list,
        {
          key: `resources/${figure.lang}/${figure.mode}/${role.role}/rss`,
          group,
          label: `${figure.lang}/${figure.mode}: RSS under load, ${roleLabel(figure.mode, role.role)}`,
          unit: 'bytes',
          lang: figure.lang,
          mode: figure.mode,
        },
        role.loadedRssBytes,
      );
    }
  }
  // The sidecar process (and the agent serving one app) over mode native's HAProxy: how far above the floor of a
  // process beside the app.
  for (const floor of [...proxyFloors(modes), ...proxyFloors(modes, 'agent')]) {
    const what = floor.measure === 'cpu' ? 'CPU per 1000 requests' : 'RSS under load';
    pushHeadline(
      list,
      {
        key: `resources/${floor.lang}/${floor.mode}/sidecar/${floor.measure}-over-native`,
        group,
        label: `${floor.lang}: the ${floor.mode}'s ${what} over HAProxy's (mode native)`,
        unit: 'x',
        lang: floor.lang,
        mode: floor.mode,
      },
      floor.ratio,
    );
  }
  return list;
}
