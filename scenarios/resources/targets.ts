// The sidecar role's memory and CPU against the lean sidecar's targets, per language: what this run measured of them.
import type { Estimate } from '../../scripts/stats/summary.js';
import { judgeTarget, sidecarTarget, type JudgedTarget, type TargetId } from '../common/sidecar-targets.js';
import type { ModeResources } from './analysis.js';

/** ms of CPU per 1000 requests is cores per 1000 req/s times 1000 (a request's CPU seconds times 1000 requests a second). */
const toCoresPer1000 = (millis: Estimate | null): Estimate | null =>
  millis === null ? null : { median: millis.median / 1000, low: millis.low / 1000, high: millis.high / 1000, n: millis.n };

export function resourceTargets(modes: readonly ModeResources[]): { scope: string; judged: JudgedTarget }[] {
  return modes
    .filter((figure) => figure.mode === 'sidecar')
    .flatMap((figure) => {
      const sidecar = figure.roles.find((role) => role.role === 'sidecar');
      const scope = `${figure.lang}/sidecar`;
      const judge = (id: TargetId, value: Estimate | null | undefined, rate: number | null = null) => ({
        scope,
        judged: judgeTarget(sidecarTarget(id), value, rate),
      });
      return [
        judge('idle-rss', sidecar?.idleRssBytes),
        judge('loaded-rss', sidecar?.loadedRssBytes),
        judge('idle-private', sidecar?.idleAnonBytes),
        judge('loaded-private', sidecar?.loadedAnonBytes),
        judge('cores-per-1000', toCoresPer1000(sidecar?.loadedCpuMillisPer1000 ?? null), figure.loadedRatePerSecond),
      ];
    });
}
