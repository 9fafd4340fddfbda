// The sidecar process against mode native's HAProxy, the floor of a process beside the app: CPU per 1000 requests and RSS.
import type { Estimate } from '../../scripts/stats/summary.js';
import { floorRatio } from '../common/floor.js';
import type { ModeResources } from './analysis.js';

export interface ProxyFloor {
  lang: string;
  measure: 'cpu' | 'rss';
  sidecar: Estimate;
  native: Estimate | null;
  /** sidecar / native; null without a native figure above zero. */
  ratio: Estimate | null;
}

/** Per language with a sidecar figure: the sidecar role's loaded CPU per 1000 requests and RSS, beside HAProxy's. */
export function proxyFloors(modes: readonly ModeResources[]): ProxyFloor[] {
  const roleOf = (lang: string, mode: string, role: string) =>
    modes.find((one) => one.lang === lang && one.mode === mode)?.roles.find((one) => one.role === role);
  return modes
    .filter((one) => one.mode === 'sidecar')
    .flatMap((figure) => {
      const sidecar = roleOf(figure.lang, 'sidecar', 'sidecar');
      const native = roleOf(figure.lang, 'native', 'proxy');
      const pairs: [ProxyFloor['measure'], Estimate | null | undefined, Estimate | null | undefined][] = [
        ['cpu', sidecar?.loadedCpuMillisPer1000, native?.loadedCpuMillisPer1000],
        ['rss', sidecar?.loadedRssBytes, native?.loadedRssBytes],
      ];
      return pairs.flatMap(([measure, own, floor]) =>
        own == null ? [] : [{ lang: figure.lang, measure, sidecar: own, native: floor ?? null, ratio: floorRatio(own, floor) }],
      );
    });
}
