// The sidecar's added p99 and its saturation against library mode's, judged against the lean sidecar's targets.
import { judgeTarget, sidecarTarget, type JudgedTarget } from '../common/sidecar-targets.js';
import type { LatencyAnalysis } from './analysis.js';

export function latencyTargets({ data, fixedRates }: LatencyAnalysis): { scope: string; judged: JudgedTarget }[] {
  const langs = [...new Set(fixedRates.filter((figure) => figure.mode === 'sidecar').map((figure) => figure.lang))];
  return langs.flatMap((lang) => {
    const scope = `${lang}/sidecar`;
    const p99 = fixedRates
      .filter((figure) => figure.lang === lang && figure.mode === 'sidecar')
      .map((figure) => ({
        scope,
        judged: judgeTarget(sidecarTarget('added-p99'), figure.percentiles.find((p) => p.percentile === 99)?.added, figure.ratePerSecond),
      }));
    const throughput = (mode: 'sidecar' | 'library') =>
      data.saturation.find((step) => step.lang === lang && step.mode === mode && step.validity.valid)?.result.requestsPerSecond;
    const [sidecar, library] = [throughput('sidecar'), throughput('library')];
    const ratio = sidecar === undefined || library === undefined || library <= 0 ? null : sidecar / library;
    return [...p99, { scope, judged: judgeTarget(sidecarTarget('saturation-over-library'), ratio) }];
  });
}
