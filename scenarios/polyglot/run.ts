// polyglot: the checkout flow through three services in three languages, per checkout and mode: where the ambassador hop shows twice.
import { runClosedLoop } from '../../scripts/load/closed-loop.js';
import type { ClosedLoopResult } from '../../scripts/load/closed-loop-types.js';
import type { OpenLoopResult } from '../../scripts/load/open-loop.js';
import { checkClosedLoopStep, type Validity } from '../../scripts/load/validity.js';
import { ProcSampler } from '../../scripts/sampling/sampler.js';
import type { BenchOptions, Message, Mode } from '../../scripts/results/types.js';
import type { TierSettings } from '../../scripts/bench/tiers.js';
import type { ScenarioRunner, ScenarioContext } from '../../scripts/engine/scenario.js';
import { openLoopFigures } from '../../scripts/engine/step-figures.js';
import { sampledOpenLoop, type RoleWindow } from '../common/measure.js';
import {
  CHECKOUT_DESCRIPTION,
  POLYGLOT_CHECKOUTS,
  checkoutName,
  describeCheckout,
  polyglotCells,
  polyglotProcesses,
  startPolyglot,
  stopPolyglot,
  type PolyglotLangs,
  type PolyglotTopology,
} from './topology.js';
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

/** One checkout's measurements: its languages, per mode its start and saturation, and its steps. */
export interface PolyglotCheckoutData {
  services: PolyglotLangs;
  /** Per mode, from the first spawn until a checkout succeeded end to end. */
  ready: { mode: Mode; seconds: number }[];
  steps: PolyglotStep[];
  saturation: { mode: Mode; result: ClosedLoopResult; validity: Validity }[];
  /** Wall time of this checkout, from its first start to its last stop: what it costs a tier (absent in older runs). */
  wallSeconds?: number;
}

/** The first checkout at the top level, where runs from before the second checkout have it; the later ones beside it. */
export interface PolyglotData extends PolyglotCheckoutData {
  request: string;
  connections: number;
  warmupSeconds: number;
  /** The tier's window; a step at a low rate is longer, to hold MIN_CHECKOUTS_PER_WINDOW (its load says how long). */
  windowSeconds: number;
  /** The checkouts after the first, in their order (absent in runs that measured only the first). */
  laterCheckouts?: PolyglotCheckoutData[];
}

/** Every checkout of the data, the first included, in order. */
export function checkoutsOf(data: PolyglotData): PolyglotCheckoutData[] {
  const { services, ready, steps, saturation, wallSeconds } = data;
  return [{ services, ready, steps, saturation, ...(wallSeconds !== undefined ? { wallSeconds } : {}) }, ...(data.laterCheckouts ?? [])];
}

/**
 * The prefix of a checkout's headline keys and message scopes: the first keeps `polyglot`, so its figures still match
 * runs from before the second checkout; a later one is `polyglot/<web>-<customers>-<payment>`.
 */
export function checkoutScope(index: number, langs: PolyglotLangs): string {
  return index === 0 ? 'polyglot' : `polyglot/${checkoutName(langs)}`;
}

const START_SECONDS = 4;
/** A window holds at least this many checkouts, whatever the tier's window: percentiles of 35 requests say little. */
export const MIN_CHECKOUTS_PER_WINDOW = 80;

export function checkoutWindowSeconds(tier: TierSettings, ratePerSecond: number): number {
  // A smoke run only proves the machinery.
  return tier.tier === 'smoke' ? tier.windowSeconds : Math.max(tier.windowSeconds, MIN_CHECKOUTS_PER_WINDOW / ratePerSecond);
}

/** Modes in which the checkout's three cells can all run; the others are named with the missing cell and the reason. */
/** The modes a checkout is measured in: mode agent (one sidecar per host) is the scale and blast scenarios' matter. */
export const POLYGLOT_MODES: readonly Mode[] = ['none', 'library', 'sidecar', 'native'];

export function polyglotModes(
  context: Pick<ScenarioContext, 'available' | 'skippedCells' | 'options'>,
  langs: PolyglotLangs,
  scope: string,
): { modes: Mode[]; messages: Message[] } {
  const modes: Mode[] = [];
  const messages: Message[] = [];
  for (const mode of context.options.modes.filter((one) => POLYGLOT_MODES.includes(one))) {
    const missing = polyglotCells(langs, mode).filter(
      (cell) => !context.available.some((one) => one.lang === cell.lang && one.mode === cell.mode),
    );
    if (missing.length === 0) {
      modes.push(mode);
      continue;
    }
    const reasons = missing.map(
      (cell) =>
        `${cell.lang}/${cell.mode}: ${context.skippedCells.find((one) => one.cell.lang === cell.lang && one.cell.mode === cell.mode)?.reason ?? 'not in this run'}`,
    );
    messages.push({
      level: 'skipped',
      scope: `${scope}/${mode}`,
      text: `the checkout ${describeCheckout(langs)} in mode ${mode} needs ${reasons.join('; ')}`,
    });
  }
  return { modes, messages };
}

export interface PolyglotSettings {
  /** Checkouts per second at which the modes are compared. */
  ratesPerSecond: number[];
  /**
   * A closed-loop saturation of the checkout per mode. The quick tier leaves it out, as the latency scenario does: its
   * one-second window on instances just started measures their JIT warming up more than the checkout's throughput.
   */
  saturation: boolean;
}

/**
 * The checkouts a run measures: the default quick run only the seed's first (the second, with a JVM to warm, costs
 * about as long again and would break the quick run's five minutes); naming the scenario (--scenario polyglot), --full
 * and the smoke run, which proves the machinery of both, measure every checkout.
 */
export function measuredCheckouts(options: Pick<BenchOptions, 'tier' | 'scenariosGiven'>): readonly PolyglotLangs[] {
  return options.tier === 'quick' && options.scenariosGiven !== true ? POLYGLOT_CHECKOUTS.slice(0, 1) : POLYGLOT_CHECKOUTS;
}

export const polyglotRunner: ScenarioRunner<PolyglotData, PolyglotSettings> = {
  estimateSeconds(tier, settings, cells, options) {
    const modes = new Set(cells.map((cell) => cell.mode)).size;
    const steps = settings.ratesPerSecond.reduce((sum, rate) => sum + tier.warmupSeconds + checkoutWindowSeconds(tier, rate) + 0.5, 0);
    const checkouts = measuredCheckouts(options).length;
    const saturation = settings.saturation ? tier.saturationSeconds + 1 : 0;
    return checkouts * (modes * (START_SECONDS + saturation) + tier.repetitions * modes * steps);
  },

  async run(context) {
    const messages: Message[] = [];
    const checkouts: PolyglotCheckoutData[] = [];
    let attempted = false;
    let partial = false;
    const chosen = measuredCheckouts(context.options);
    if (chosen.length < POLYGLOT_CHECKOUTS.length) {
      messages.push({
        level: 'info',
        scope: 'polyglot',
        text: `the default quick run measures the checkout ${describeCheckout(chosen[0]!)} only; npm run bench -- --scenario polyglot (or --full) also measures ${POLYGLOT_CHECKOUTS.slice(
          chosen.length,
        )
          .map((langs) => describeCheckout(langs))
          .join(', ')}`,
      });
    }
    // One checkout after the other: only one checkout's processes share the machine while it is measured.
    for (const [index, langs] of chosen.entries()) {
      const scope = checkoutScope(index, langs);
      const { modes, messages: skipped } = polyglotModes(context, langs, scope);
      messages.push(...skipped);
      if (modes.length === 0) {
        // Kept with no figures, so each checkout stays at its place; the message names the missing cells above.
        messages.push({
          level: 'skipped',
          scope,
          text: `the checkout ${describeCheckout(langs)} is not measured: no mode has its three cells runnable`,
        });
        checkouts.push({ services: langs, ready: [], steps: [], saturation: [] });
        partial = true;
        continue;
      }
      if (!modes.includes('none'))
        messages.push({
          level: 'warning',
          scope,
          text: `mode none is not in this run: the checkout ${describeCheckout(langs)} is shown without what each mode adds`,
        });
      attempted = true;
      const measured = await measureCheckout(context, langs, index, modes, messages);
      if (measured.ready.length < modes.length) partial = true;
      checkouts.push(measured);
    }
    if (checkouts.every((one) => one.ready.length === 0)) {
      return {
        status: attempted ? 'failed' : 'skipped',
        data: null,
        messages: [...messages, { level: 'skipped', scope: 'polyglot', text: 'no checkout could be measured' }],
      };
    }
    const [first, ...later] = checkouts as [PolyglotCheckoutData, ...PolyglotCheckoutData[]];
    const data: PolyglotData = {
      ...first,
      request: CHECKOUT_DESCRIPTION,
      connections: OPEN_LOOP_CONNECTIONS,
      warmupSeconds: context.tier.warmupSeconds,
      windowSeconds: context.tier.windowSeconds,
      laterCheckouts: later,
    };
    const steps = checkouts.flatMap((one) => one.steps);
    const invalid = steps.filter((step) => !step.validity.valid).length;
    if (invalid > 0)
      messages.push({
        level: 'warning',
        scope: 'polyglot',
        text: `${invalid} of ${steps.length} checkout steps were invalid and are not reported as figures`,
      });
    return { status: partial ? 'partial' : 'ok', data, messages };
  },
};

/** One checkout in each of its modes: start every mode, saturate each, then the steps with modes interleaved. */
async function measureCheckout(
  context: ScenarioContext<PolyglotSettings>,
  langs: PolyglotLangs,
  index: number,
  modes: Mode[],
  messages: Message[],
): Promise<PolyglotCheckoutData> {
  const scope = checkoutScope(index, langs);
  const name = checkoutName(langs);
  const data: PolyglotCheckoutData = { services: langs, ready: [], steps: [], saturation: [] };
  const topologies: PolyglotTopology[] = [];
  const startedMillis = performance.now();
  try {
    for (const mode of modes) {
      context.step(`polyglot ${name}: starting ${describeCheckout(langs)} in mode ${mode}`);
      try {
        // The first checkout keeps the label of runs before the second, so its folders and idempotency key are unchanged.
        const topology = await startPolyglot(langs, mode, context.runDir, index === 0 ? 'polyglot' : `polyglot-${name}`);
        topologies.push(topology);
        data.ready.push({ mode, seconds: topology.readySeconds });
      } catch (error) {
        // One mode that cannot check out is named; the others are still measured.
        messages.push({ level: 'error', scope: `${scope}/${mode}`, text: (error as Error).message });
      }
    }
    for (const topology of context.settings.saturation ? topologies : []) {
      context.step(`polyglot ${name}: saturation of the checkout in mode ${topology.mode} (closed loop)`);
      const result = await runClosedLoop(
        {
          url: `${topology.web.instance.publicUrl}${topology.checkout.path}`,
          method: 'POST',
          headers: topology.checkout.headers,
          body: topology.checkout.body,
          connections: SATURATION_CONNECTIONS,
          durationSeconds: context.tier.saturationSeconds,
          timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
        },
        context.pinning.generatorCpus,
      );
      data.saturation.push({ mode: topology.mode, result, validity: checkClosedLoopStep(result, context.options.tier === 'smoke') });
    }
    const { repetitions } = context.tier;
    for (let repetition = 0; repetition < repetitions; repetition++) {
      for (const rate of context.settings.ratesPerSecond) {
        for (const topology of interleaved(topologies, repetition)) {
          context.step(`polyglot ${name}: checkout in mode ${topology.mode} at ${rate}/s, repetition ${repetition + 1}/${repetitions}`);
          const sampler = new ProcSampler(context.tier.sampleIntervalSeconds);
          for (const process of polyglotProcesses(topology)) sampler.track(process);
          // The live view's language is the checkout's scope: the checkout spans three languages.
          const cell = { lang: scope, mode: topology.mode };
          const measured = await sampledOpenLoop(
            context,
            sampler,
            topology.web.instance.publicUrl,
            topology.checkout,
            rate,
            checkoutWindowSeconds(context.tier, rate),
            cell,
          );
          await sampler.stop();
          data.steps.push({
            mode: topology.mode,
            ratePerSecond: rate,
            repetition,
            load: measured.load,
            validity: measured.validity,
            windows: measured.windows,
          });
          context.emit({
            type: 'step-finished',
            label: `polyglot ${name}: checkout in mode ${topology.mode} at ${rate}/s`,
            figures: openLoopFigures(measured.load, measured.validity, cell),
          });
        }
      }
    }
  } finally {
    await Promise.all(topologies.map((topology) => stopPolyglot(topology)));
  }
  data.wallSeconds = (performance.now() - startedMillis) / 1000;
  return data;
}
