// K2 (a process per instance: memory and CPU that grow with instances), from memory per added instance per mode.
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import { notMeasured, type ClaimFinding, type DecidingFigure, type Verdict } from '../../scripts/report/claims.js';
import { formatBytes, formatNumber } from '../../scripts/report/html.js';
import { analyzeResourcesRun } from '../resources/analysis.js';
import { proxyFloors } from '../resources/floor.js';
import { floorWords } from '../common/floor.js';
import { analyzeScaleRun } from './analysis.js';

/** Memory per added instance beyond the baseline's that counts as a real per-instance cost. */
export const PER_INSTANCE_MEMORY_NOTICEABLE_BYTES = 10 * 1024 * 1024;

export function costK2(run: AnalysedRun): ClaimFinding {
  const rule = `supported when, in every language, each added sidecar instance costs at least ${formatBytes(PER_INSTANCE_MEMORY_NOTICEABLE_BYTES)} more memory than an added instance of the library (or of mode none when there is no library); not supported when in none; depends otherwise`;
  const scale = run.analysisOf(analyzeScaleRun);
  const lines = scale === null ? [] : scale.lines;
  const slopeOf = (lang: string, mode: string) =>
    lines.find((line) => line.lang === lang && line.mode === mode)?.rssBytesPerInstance ?? null;
  const perLanguage = [...new Set(lines.map((line) => line.lang))].flatMap((lang) => {
    const sidecar = slopeOf(lang, 'sidecar');
    const baselineMode = slopeOf(lang, 'library') !== null ? 'library' : 'none';
    const baseline = slopeOf(lang, baselineMode);
    return sidecar === null || baseline === null ? [] : [{ lang, sidecar, baselineMode, baseline, extra: sidecar - baseline }];
  });
  if (perLanguage.length === 0)
    return notMeasured(scale === null ? 'the scale scenario did not run' : 'no sidecar (or no baseline) scale figures in this run', rule);
  const resources = run.analysisOf(analyzeResourcesRun);
  const sidecarCpu =
    resources === null
      ? []
      : resources.modes
          .filter((figure) => figure.mode === 'sidecar')
          .flatMap((figure) => {
            const cpu = figure.roles.find((role) => role.role === 'sidecar')?.loadedCpuMillisPer1000;
            return cpu ? [`${formatNumber(cpu.median, 1, 'ms')} beside ${figure.lang}`] : [];
          });
  // The native floor (HAProxy beside the app) is said beside the figures; the verdict does not read it.
  const nativeSlope = (lang: string) => {
    const native = slopeOf(lang, 'native');
    return native === null ? '' : `, native (HAProxy) ${formatBytes(native)}`;
  };
  const floors =
    resources === null
      ? []
      : proxyFloors(resources.modes).map((floor) =>
          floor.measure === 'cpu'
            ? `${floor.lang}: the sidecar ${formatNumber(floor.sidecar.median, 1, 'ms')} CPU per 1000 requests, HAProxy ${floor.native === null ? 'not measured' : formatNumber(floor.native.median, 1, 'ms')}: ${floorWords(floor.ratio, floor.native === null)}`
            : `${floor.lang}: the sidecar's RSS ${formatBytes(floor.sidecar.median)}, HAProxy's ${floor.native === null ? 'not measured' : formatBytes(floor.native.median)}: ${floorWords(floor.ratio, floor.native === null)}`,
        );
  const evidence =
    `memory per added instance: ${perLanguage.map((one) => `${one.lang}: sidecar mode ${formatBytes(one.sidecar)}, ${one.baselineMode} ${formatBytes(one.baseline)} (extra ${formatBytes(one.extra)})${nativeSlope(one.lang)}`).join('; ')}` +
    (sidecarCpu.length > 0 ? `; the sidecar itself burns ${sidecarCpu.join(', ')} of CPU per 1000 requests` : '') +
    (floors.length > 0 ? `; against the native floor: ${floors.join('; ')}` : '');
  const noticeable = perLanguage.filter((one) => one.extra >= PER_INSTANCE_MEMORY_NOTICEABLE_BYTES).length;
  const verdict: Verdict = noticeable === perLanguage.length ? 'supported' : noticeable === 0 ? 'not supported' : 'depends';
  // "In every language" turns on the smallest extra; "in none" on the largest.
  const binding = perLanguage.reduce((pick, one) =>
    (verdict === 'not supported' ? one.extra > pick.extra : one.extra < pick.extra) ? one : pick,
  );
  const deciding: DecidingFigure = {
    label: `${binding.lang}: memory per added sidecar-mode instance beyond ${binding.baselineMode} mode's`,
    unit: 'bytes',
    value: binding.extra,
    comparedWith: { label: "a noticeable per-instance cost (the rule's threshold)", value: PER_INSTANCE_MEMORY_NOTICEABLE_BYTES },
  };
  return { evidence, verdict, rule, deciding };
}

export const scaleClaims: ClaimRule[] = [{ id: 'K2', evaluate: costK2 }];
