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

/**
 * K5 (a daemon per host may serve better than one per instance), from memory per instance at the largest instance
 * count measured both ways: one agent per host (counted once, divided over the host's instances) against a sidecar
 * per instance. What the agent costs in isolation (its death takes every instance of the host) is said, not weighed.
 */
export function costK5(run: AnalysedRun): ClaimFinding {
  const rule = `supported when, in every language, at the largest instance count (at least 2) measured both ways, memory (RSS) per instance under one agent per host (its one process divided over the instances, with the apps) is at least ${formatBytes(PER_INSTANCE_MEMORY_NOTICEABLE_BYTES)} below sidecar mode's; not supported when in none; depends otherwise`;
  const scale = run.analysisOf(analyzeScaleRun);
  const lines = scale === null ? [] : scale.lines;
  const perLanguage = [...new Set(lines.map((line) => line.lang))].flatMap((lang) => {
    const sidecar = lines.find((line) => line.lang === lang && line.mode === 'sidecar');
    const agent = lines.find((line) => line.lang === lang && line.mode === 'agent');
    if (sidecar === undefined || agent === undefined) return [];
    const shared = agent.points.filter(
      (point) => point.instances >= 2 && sidecar.points.some((other) => other.instances === point.instances),
    );
    const at = shared.at(-1);
    if (at === undefined) return [];
    const side = sidecar.points.find((point) => point.instances === at.instances)!;
    return [
      {
        lang,
        instances: at.instances,
        sidecar: side.perInstance,
        agent: at.perInstance,
        saving: side.perInstance.rssBytes - at.perInstance.rssBytes,
      },
    ];
  });
  if (perLanguage.length === 0)
    return notMeasured(
      scale === null ? 'the scale scenario did not run' : 'no language measured in both sidecar and agent mode at 2 instances or more',
      rule,
    );
  const pss = (bytes: number | null) => (bytes === null ? '' : ` (PSS ${formatBytes(bytes)})`);
  const evidence =
    `memory per instance at the largest count measured both ways: ${perLanguage
      .map(
        (one) =>
          `${one.lang} at ${one.instances} instances: sidecar mode ${formatBytes(one.sidecar.rssBytes)}${pss(one.sidecar.pssBytes)}, agent ${formatBytes(one.agent.rssBytes)}${pss(one.agent.pssBytes)} (saved ${formatBytes(one.saving)}); idle CPU per instance ${formatNumber(one.sidecar.idleCpuCores * 100, 2, '%')} against ${formatNumber(one.agent.idleCpuCores * 100, 2, '%')}`,
      )
      .join('; ')}` +
    ". Not weighed: an agent is one process on every instance's path, so its death takes down every instance of the host (spec/sidecar-cli.md).";
  const noticeable = perLanguage.filter((one) => one.saving >= PER_INSTANCE_MEMORY_NOTICEABLE_BYTES).length;
  const verdict: Verdict = noticeable === perLanguage.length ? 'supported' : noticeable === 0 ? 'not supported' : 'depends';
  // "In every language" turns on the smallest saving; "in none" on the largest.
  const binding = perLanguage.reduce((pick, one) =>
    (verdict === 'not supported' ? one.saving > pick.saving : one.saving < pick.saving) ? one : pick,
  );
  const deciding: DecidingFigure = {
    label: `${binding.lang}: memory per instance saved by one agent per host against a sidecar per instance, at ${binding.instances} instances`,
    unit: 'bytes',
    value: binding.saving,
    comparedWith: { label: "a noticeable per-instance cost (the rule's threshold)", value: PER_INSTANCE_MEMORY_NOTICEABLE_BYTES },
  };
  return { evidence, verdict, rule, deciding };
}

export const scaleClaims: ClaimRule[] = [
  { id: 'K2', evaluate: costK2 },
  { id: 'K5', evaluate: costK5 },
];
