// The sidecar process (or the agent serving one app) against mode native's HAProxy, the floor of a process beside the
// app: CPU per 1000 requests and RSS.
import type { Estimate } from '../../scripts/stats/summary.js';
import { floorRatio } from '../common/floor.js';
import type { ModeResources } from './analysis.js';

export interface ProxyFloor {
  lang: string;
  /** Whose process: a sidecar, or in mode agent the agent (both sampled as role sidecar). */
  mode: 'sidecar' | 'agent';
  measure: 'cpu' | 'rss';
  /** The sidecar role's figure in that mode. */
  sidecar: Estimate;
  native: Estimate | null;
  /** sidecar / native; null without a native figure above zero. */
  ratio: Estimate | null;
}

/**
 * Per language with a figure of the mode (default sidecar, which K2 reads): the sidecar role's loaded CPU per 1000
 * requests and RSS, beside HAProxy's.
 */
export function proxyFloors(modes: readonly ModeResources[], mode: ProxyFloor['mode'] = 'sidecar'): ProxyFloor[] {
  const roleOf = (lang: string, of: string, role: string) =>
    modes.find((one) => one.lang === lang && one.mode === of)?.roles.find((one) => one.role === role);
  return modes
    .filter((one) => one.mode === mode)
    .flatMap((figure) => {
      const sidecar = roleOf(figure.lang, mode, 'sidecar');
      const native = roleOf(figure.lang, 'native', 'proxy');
      const pairs: [ProxyFloor['measure'], Estimate | null | undefined, Estimate | null | undefined][] = [
        ['cpu', sidecar?.loadedCpuMillisPer1000, native?.loadedCpuMillisPer1000],
        ['rss', sidecar?.loadedRssBytes, native?.loadedRssBytes],
      ];
      return pairs.flatMap(([measure, own, floor]) =>
        own == null ? [] : [{ lang: figure.lang, mode, measure, sidecar: own, native: floor ?? null, ratio: floorRatio(own, floor) }],
      );
    });
}
