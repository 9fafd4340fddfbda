// features: the same load with one feature on at a time, to show what each costs in latency and CPU.
import { FEATURE_NAMES, type FeatureName } from '../../library/ts/src/feature.js';
import { ProcSampler } from '../../scripts/sampling/sampler.js';
import {
  instanceProcesses,
  controlPlaneProcess,
  needsControlPlane,
  startCellInstance,
  startRunControlPlane,
} from '../../scripts/topology.js';
import type { OpenLoopResult } from '../../scripts/load/open-loop.js';
import type { Validity } from '../../scripts/load/validity.js';
import type { Lang, Message, Mode, Tier } from '../../scripts/results/types.js';
import { skippedMessages, type Cell, type ScenarioRunner } from '../../scripts/engine/scenario.js';
import { sampledOpenLoop, type RoleWindow } from '../common/measure.js';
import { interleaved, prepareWorkload, WORKLOAD_DESCRIPTION, WORKLOAD_SERVICE } from '../common/workload.js';

export interface FeatureStep {
  lang: Lang;
  mode: Mode;
  /** Enabled features; empty in mode none (the baseline), all five for the full set. */
  features: FeatureName[];
  repetition: number;
  ratePerSecond: number;
  load: OpenLoopResult;
  validity: Validity;
  windows: RoleWindow[];
}

export interface FeaturesData {
  request: string;
  steps: FeatureStep[];
}

const START_SECONDS = 1.2;

/**
 * Each feature alone; mode none is the baseline with nothing on. A full run adds all five together (quick runs
 * have that figure from the resources scenario); a smoke run only tries all five, to prove the machinery.
 */
export function featureSets(tier: Tier): FeatureName[][] {
  const alone = FEATURE_NAMES.map((name) => [name]);
  if (tier === 'smoke') return [[...FEATURE_NAMES]];
  return tier === 'full' ? [...alone, [...FEATURE_NAMES]] : alone;
}

interface Variant {
  cell: Cell;
  features: FeatureName[];
}

/** The cells measured: every language in a full run; otherwise one (ts, the sidecar's own, when present), to stay quick. */
export function featureCells(cells: readonly Cell[], everyLanguage: boolean): Cell[] {
  const one = cells.some((cell) => cell.lang === 'ts') ? 'ts' : cells[0]?.lang;
  return everyLanguage ? [...cells] : cells.filter((cell) => cell.lang === one);
}

function variants(cells: readonly Cell[], tier: Tier): Variant[] {
  const list: Variant[] = [];
  for (const cell of cells) {
    if (cell.mode === 'none') list.push({ cell, features: [] });
    else for (const features of featureSets(tier)) list.push({ cell, features });
  }
  return list;
}

/** Quick runs take one repetition: this scenario multiplies cells by six feature sets. */
function featureRepetitions(tier: { repetitions: number; tier: string }): number {
  return tier.tier === 'full' ? tier.repetitions : 1;
}

export interface FeaturesSettings {
  /** Every language of the run, or the first only (the sidecar's features are the same code beside every app). */
  everyLanguage: boolean;
}

export const featuresRunner: ScenarioRunner<FeaturesData, FeaturesSettings> = {
  estimateSeconds: (tier, settings, cells) =>
    featureRepetitions(tier) *
    variants(featureCells(cells, settings.everyLanguage), tier.tier).length *
    (START_SECONDS + tier.warmupSeconds + tier.windowSeconds + 0.6),

  async run(context) {
    const messages: Message[] = skippedMessages(context);
    if (context.cells.length === 0)
      return { status: 'skipped', data: null, messages: [...messages, { level: 'skipped', scope: 'features', text: 'no runnable cell' }] };
    const rate = context.tier.fixedRatesPerSecond[0]!;
    const data: FeaturesData = { request: WORKLOAD_DESCRIPTION, steps: [] };
    const cells = featureCells(context.cells, context.settings.everyLanguage);
    const left = [...new Set(context.cells.filter((cell) => !cells.includes(cell)).map((cell) => cell.lang))];
    if (left.length > 0)
      messages.push({
        level: 'info',
        scope: 'features',
        text: `the ${context.tier.tier} tier measures the features of ${cells[0]?.lang} only (the sidecar is the same beside every language); ${left.join(', ')} in a full run`,
      });
    const controlPlane = needsControlPlane(cells) ? await startRunControlPlane(context.runDir) : undefined;
    try {
      const all = variants(cells, context.tier.tier);
      for (let repetition = 0; repetition < featureRepetitions(context.tier); repetition++) {
        for (const [index, variant] of interleaved(all, repetition).entries()) {
          const { cell, features } = variant;
          const label = features.length === 0 ? 'nothing' : features.length === FEATURE_NAMES.length ? 'all features' : features.join(',');
          context.step(`features: ${cell.lang}/${cell.mode} with ${label} (${index + 1}/${all.length})`);
          const sampler = new ProcSampler(context.tier.sampleIntervalSeconds);
          if (controlPlane !== undefined && cell.mode !== 'none') sampler.track(controlPlaneProcess(controlPlane));
          const started = await startCellInstance({
            cell,
            service: WORKLOAD_SERVICE,
            instanceId: `features-${cell.lang}-${cell.mode}-${repetition}-${index}`,
            runDir: context.runDir,
            controlPlane,
            ...(cell.mode === 'none' ? {} : { features }),
          });
          try {
            for (const process of instanceProcesses(started.instance)) sampler.track(process);
            const path = await prepareWorkload(started);
            const measured = await sampledOpenLoop(
              context,
              sampler,
              started.instance.publicUrl,
              path,
              rate,
              context.tier.windowSeconds,
              cell,
            );
            await sampler.stop();
            data.steps.push({
              lang: cell.lang,
              mode: cell.mode,
              features,
              repetition,
              ratePerSecond: rate,
              load: measured.load,
              validity: measured.validity,
              windows: measured.windows,
            });
          } finally {
            await started.instance.stop();
          }
        }
      }
    } finally {
      await controlPlane?.stop();
    }
    return { status: 'ok', data, messages };
  },
};
