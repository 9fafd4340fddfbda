// polyglot: the checkout flow through three services in three languages, per mode: where the ambassador hop shows twice.
import { runClosedLoop } from '../../scripts/load/closed-loop.js';
import type { ClosedLoopResult } from '../../scripts/load/closed-loop-types.js';
import type { OpenLoopResult } from '../../scripts/load/open-loop.js';
import { checkClosedLoopStep, type Validity } from '../../scripts/load/validity.js';
import { ProcSampler } from '../../scripts/sampling/sampler.js';
import type { Message, Mode } from '../../scripts/results/types.js';
import type { TierSettings } from '../../scripts/bench/tiers.js';
import type { ScenarioRunner, ScenarioContext } from '../../scripts/engine/scenario.js';
import { openLoopFigures } from '../../scripts/engine/step-figures.js';
import { sampledOpenLoop, type RoleWindow } from '../common/measure.js';
import { CHECKOUT_DESCRIPTION, POLYGLOT_LANGS, polyglotCells, polyglotProcesses, startPolyglot, stopPolyglot, type PolyglotTopology } from './topology.js';
import { interleaved } from '../common/workload.js';
import { OPEN_LOOP_CONNECTIONS, REQUEST_TIMEOUT_SECONDS, SATURATION_CONNECTIONS } from '../latency/run.js';

export interface PolyglotStep {
  mode: Mode;
  /** Checkouts per second. */
  ratePerSecond: number;
  repetition: number;
  load: OpenLoopResult;
  validity: Validity;
  /** Per role over the measured window, summed over the three services (and their sidecars). */
  windows: RoleWindow[];
}

export interface PolyglotData {
  services: typeof POLYGLOT_LANGS;
  request: string;
  connections: number;
  warmupSeconds: number;
  /** The tier's window; a step at a low rate is longer, to hold MIN_CHECKOUTS_PER_WINDOW (its load says how long). */
  windowSeconds: number;
  /** Per mode, from the first spawn until a checkout succeeded end to end. */
  ready: { mode: Mode; seconds: number }[];
  steps: PolyglotStep[];
  saturation: { mode: Mode; result: ClosedLoopResult; validity: Validity }[];
}

const START_SECONDS = 4;
/** A window holds at least this many checkouts, whatever the tier's window: percentiles of 35 requests say little. */
export const MIN_CHECKOUTS_PER_WINDOW = 80;

export function checkoutWindowSeconds(tier: TierSettings, ratePerSecond: number): number {
  // A smoke run only proves the machinery.
  return tier.tier === 'smoke' ? tier.windowSeconds : Math.max(tier.windowSeconds, MIN_CHECKOUTS_PER_WINDOW / ratePerSecond);
}

/** Modes whose three cells can all run; the others are named with the reason. */
export function polyglotModes(context: Pick<ScenarioContext, 'available' | 'skippedCells' | 'options'>): { modes: Mode[]; messages: Message[] } {
  const modes: Mode[] = [];
  const messages: Message[] = [];
  for (const mode of context.options.modes) {
    const missing = polyglotCells(mode).filter((cell) => !context.available.some((one) => one.lang === cell.lang && one.mode === cell.mode));
    if (missing.length === 0) {
      modes.push(mode);
      continue;
    }
    const reasons = missing.map((cell) => `${cell.lang}/${cell.mode}: ${context.skippedCells.find((one) => one.cell.lang === cell.lang && one.cell.mode === cell.mode)?.reason ?? 'not in this run'}`);
    messages.push({ level: 'skipped', scope: `polyglot/${mode}`, text: `the polyglot topology in mode ${mode} needs ${reasons.join('; ')}` });
  }
  return { modes, messages };
}

export interface PolyglotSettings {
  /** Checkouts per second at which the modes are compared. */
  ratesPerSecond: number[];
}

export const polyglotRunner: ScenarioRunner<PolyglotData, PolyglotSettings> = {
  estimateSeconds(tier, settings, cells) {
    const modes = new Set(cells.map((cell) => cell.mode)).size;
    const steps = settings.ratesPerSecond.reduce((sum, rate) => sum + tier.warmupSeconds + checkoutWindowSeconds(tier, rate) + 0.5, 0);
    return modes * (START_SECONDS + tier.saturationSeconds + 1) + tier.repetitions * modes * steps;
  },

  async run(context) {
    const { modes, messages } = polyglotModes(context);
    if (modes.length === 0) return { status: 'skipped', data: null, messages: [...messages, { level: 'skipped', scope: 'polyglot', text: 'no mode has all three cells runnable' }] };
    if (!modes.includes('none')) messages.push({ level: 'warning', scope: 'polyglot', text: 'mode none is not in this run: latency is shown without what each mode adds' });
    const data: PolyglotData = {
      services: POLYGLOT_LANGS, request: CHECKOUT_DESCRIPTION, connections: OPEN_LOOP_CONNECTIONS,
      warmupSeconds: context.tier.warmupSeconds, windowSeconds: context.tier.windowSeconds, ready: [], steps: [], saturation: [],
    };
    const topologies: PolyglotTopology[] = [];
    try {
      for (const mode of modes) {
        context.step(`polyglot: starting web (ts), customers (python), payment (go) in mode ${mode}`);
        try {
          const topology = await startPolyglot(mode, context.runDir, 'polyglot');
          topologies.push(topology);
          data.ready.push({ mode, seconds: topology.readySeconds });
        } catch (error) {
          // One mode that cannot check out is named; the others are still measured.
          messages.push({ level: 'error', scope: `polyglot/${mode}`, text: (error as Error).message });
        }
      }
      if (topologies.length === 0) return { status: 'failed', data: null, messages };
      for (const topology of topologies) {
        context.step(`polyglot: saturation of the checkout in mode ${topology.mode} (closed loop)`);
        const result = await runClosedLoop({
          url: `${topology.web.instance.publicUrl}${topology.checkout.path}`, method: 'POST', headers: topology.checkout.headers, body: topology.checkout.body,
          connections: SATURATION_CONNECTIONS, durationSeconds: context.tier.saturationSeconds, timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
        }, context.pinning.generatorCpus);
        data.saturation.push({ mode: topology.mode, result, validity: checkClosedLoopStep(result, context.options.tier === 'smoke') });
      }
      const { repetitions } = context.tier;
      const polyglotRatesPerSecond = context.settings.ratesPerSecond;
      for (let repetition = 0; repetition < repetitions; repetition++) {
        for (const rate of polyglotRatesPerSecond) {
          for (const topology of interleaved(topologies, repetition)) {
            context.step(`polyglot: checkout in mode ${topology.mode} at ${rate}/s, repetition ${repetition + 1}/${repetitions}`);
            const sampler = new ProcSampler(context.tier.sampleIntervalSeconds);
            for (const process of polyglotProcesses(topology)) sampler.track(process);
            const measured = await sampledOpenLoop(context, sampler, topology.web.instance.publicUrl, topology.checkout, rate, checkoutWindowSeconds(context.tier, rate), { lang: 'polyglot', mode: topology.mode });
            await sampler.stop();
            data.steps.push({ mode: topology.mode, ratePerSecond: rate, repetition, load: measured.load, validity: measured.validity, windows: measured.windows });
            context.emit({ type: 'step-finished', label: `polyglot: checkout in mode ${topology.mode} at ${rate}/s`, figures: openLoopFigures(measured.load, measured.validity, { lang: 'polyglot', mode: topology.mode }) });
          }
        }
      }
    } finally {
      await Promise.all(topologies.map((topology) => stopPolyglot(topology)));
    }
    const invalid = data.steps.filter((step) => !step.validity.valid).length;
    if (invalid > 0) messages.push({ level: 'warning', scope: 'polyglot', text: `${invalid} of ${data.steps.length} checkout steps were invalid and are not reported as figures` });
    return { status: data.ready.length < modes.length ? 'partial' : 'ok', data, messages };
  },
};
