// K2 (a process per instance: memory and CPU that grow with instances), from memory per added instance per mode.
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import { notMeasured, type ClaimFinding, type DecidingFigure, type Verdict } from '../../scripts/report/claims.js';
import { formatBytes, formatNumber } from '../../scripts/report/html.js';
import { analyzeResourcesRun } from '../resources/analysis.js';
import { proxyFloors } from '../resources/floor.js';
import { floorWords } from '../common/floor.js';
import { analyzeScaleRun } from './analysis.js';
import { AGENT_DEATH_FAULT, analyzeBlastRun } from '../blast/analysis.js';

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
      : proxyFloors(resources.modes, 'sidecar').map((floor) =>
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
 * K5 (a daemon per host may serve better than one per instance), weighed on both sides: memory per instance at the
 * largest instance count measured both ways (scale: one agent counted once, divided over the host's instances, against
 * a sidecar per instance), and the blast radius (blast: how many other instances of the host a fault aimed at one
 * app's cross-cutting work touched, under the agent against a sidecar each). The agent's own death (kill -9) is said,
 * not weighed: it is the price of any shared process, not one app's fault reaching the others.
 */
export function costK5(run: AnalysedRun): ClaimFinding {
  const rule = `supported when, in every language, at the largest instance count (at least 2) measured both ways, memory (RSS) per instance under one agent per host (its one process divided over the instances, with the apps) is at least ${formatBytes(PER_INSTANCE_MEMORY_NOTICEABLE_BYTES)} below sidecar mode's, and no fault aimed at one app's cross-cutting work (blast scenario: log flood, a crash in the feature code) touched more of the other instances of the host (their clients, log streams or registrations) under the agent than with a sidecar each; the agent's own kill -9 is said, not weighed. Not supported when the agent saves that much memory in no language; depends when it saves it in some languages only, or saves it but such a fault reached other apps under the agent; not measured when either the memory or the blast-radius figures are missing`;
  const memory = k5Memory(run);
  if (memory.length === 0) {
    const scale = run.analysisOf(analyzeScaleRun);
    return notMeasured(
      scale === null ? 'the scale scenario did not run' : 'no language measured in both sidecar and agent mode at 2 instances or more',
      rule,
    );
  }
  const blast = run.analysisOf(analyzeBlastRun);
  const comparisons = blast?.comparisons ?? [];
  const appFaults = comparisons.filter((one) => one.fault !== AGENT_DEATH_FAULT);
  if (appFaults.length === 0)
    return notMeasured(
      blast === null
        ? "the blast scenario did not run: the blast radius, K5's other side, is missing (the smoke tier leaves it out; quick runs its short version, --full all of it)"
        : "no fault in one app's cross-cutting work was measured (and counted) in both sidecar and agent mode",
      rule,
    );
  const pss = (bytes: number | null) => (bytes === null ? '' : ` (PSS ${formatBytes(bytes)})`);
  const others = (touched: number, instances: number) => `${touched} of ${instances - 1}`;
  const evidence = `memory per instance at the largest count measured both ways: ${memory
    .map(
      (one) =>
        `${one.lang} at ${one.instances} instances: sidecar mode ${formatBytes(one.sidecar.rssBytes)}${pss(one.sidecar.pssBytes)}, agent ${formatBytes(one.agent.rssBytes)}${pss(one.agent.pssBytes)} (saved ${formatBytes(one.saving)}); idle CPU per instance ${formatNumber(one.sidecar.idleCpuCores * 100, 2, '%')} against ${formatNumber(one.agent.idleCpuCores * 100, 2, '%')}`,
    )
    .join('; ')}. Blast radius, other instances of the host touched by a fault aimed at one: ${comparisons
    .map(
      (one) =>
        `${one.lang} ${one.fault}${one.fault === AGENT_DEATH_FAULT ? " (the agent's own death, not weighed)" : ''}: ${others(one.agent.any.others, one.instances)} under the agent, ${others(one.sidecar.any.others, one.instances)} with a sidecar each`,
    )
    .join('; ')}.`;
  const noticeable = memory.filter((one) => one.saving >= PER_INSTANCE_MEMORY_NOTICEABLE_BYTES).length;
  const wider = appFaults.filter((one) => one.widerBy > 0);
  const verdict: Verdict =
    noticeable === 0 ? 'not supported' : noticeable === memory.length && wider.length === 0 ? 'supported' : 'depends';
  // A wider blast radius turns "cheaper" into "depends": the widest is the figure. Otherwise memory decides: "in every
  // language" turns on the smallest saving, "in none" on the largest.
  const widest = wider.reduce<(typeof wider)[number] | undefined>(
    (pick, one) => (pick === undefined || one.widerBy > pick.widerBy ? one : pick),
    undefined,
  );
  if (verdict === 'depends' && widest !== undefined && noticeable === memory.length)
    return {
      evidence,
      verdict,
      rule,
      deciding: {
        label: `${widest.lang}, ${widest.fault} aimed at one app: other instances of the host it touched under the agent`,
        unit: 'count',
        value: widest.agent.any.others,
        comparedWith: { label: 'with a sidecar each', value: widest.sidecar.any.others },
      },
    };
  const binding = memory.reduce((pick, one) =>
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

/** K5's memory side per language: memory per instance, agent against sidecar, at the largest count measured both ways. */
function k5Memory(run: AnalysedRun) {
  const scale = run.analysisOf(analyzeScaleRun);
  const lines = scale === null ? [] : scale.lines;
  return [...new Set(lines.map((line) => line.lang))].flatMap((lang) => {
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
}

export const scaleClaims: ClaimRule[] = [
  { id: 'K2', evaluate: costK2 },
  { id: 'K5', evaluate: costK5 },
];
