// The hop benchmark's figures against the lean sidecar's targets (scenarios/common/sidecar-targets.ts), judged by the
// same rule as the report's: each reading as measured, met or not, and what this benchmark does not measure.
import {
  formatBound,
  formatJudgedValue,
  judgeTarget,
  sidecarTarget,
  type JudgedTarget,
  type TargetId,
} from '../../scenarios/common/sidecar-targets.js';

export interface HopTargetFigures {
  rate: number;
  idleRssBytes: number;
  loadedRssBytes: number;
  idlePrivateBytes: number;
  loadedPrivateBytes: number;
  coresPer1000: number;
  addedP99Micros: number;
  /** From --saturate with HAProxy; null when not run. */
  saturationCpuOverNative: number | null;
}

export function judgeHopTargets(figures: HopTargetFigures): JudgedTarget[] {
  const judge = (id: TargetId, value: number | null, rate: number | null = null) => judgeTarget(sidecarTarget(id), value, rate);
  return [
    judge('idle-rss', figures.idleRssBytes),
    judge('loaded-rss', figures.loadedRssBytes),
    judge('idle-private', figures.idlePrivateBytes),
    judge('loaded-private', figures.loadedPrivateBytes),
    judge('cores-per-1000', figures.coresPer1000, figures.rate),
    judge('added-p99', figures.addedP99Micros, figures.rate),
    judge('saturation-cpu-over-native', figures.saturationCpuOverNative),
    // Library mode needs a real service: the bench's saturation step (--full) and saturation-window.js measure it.
    judge('saturation-over-library', null),
  ];
}

export function printHopTargets(judged: readonly JudgedTarget[]): void {
  console.log('\nagainst the targets (all five features, 1 KB bodies, one access record per request):');
  for (const one of judged) {
    const why =
      one.outcome === 'not measured'
        ? one.target.id === 'saturation-over-library'
          ? ' (needs library mode: npm run bench -- --full, or saturation-window.js)'
          : ' (run with --saturate <seconds> and HAProxy installed)'
        : '';
    console.log(`  ${one.target.label}: ${formatJudgedValue(one)}, target ${formatBound(one.target)}: ${one.outcome}${why}`);
  }
}
