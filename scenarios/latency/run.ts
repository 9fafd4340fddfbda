// latency: what each mode adds per percentile at fixed rates, and latency against rate up to saturation.
import { runClosedLoop } from '../../scripts/load/closed-loop.js';
import { runOpenLoop } from '../../scripts/load/open-loop.js';
import { checkClosedLoopStep, checkOpenLoopStep } from '../../scripts/load/validity.js';
import {
  controlPlaneProcess,
  hostProcesses,
  needsControlPlane,
  startCellHost,
  startRunControlPlane,
  type StartedHost,
  type StartedInstance,
} from '../../scripts/topology.js';
import type { RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { ProcSampler, type TrackedProcess } from '../../scripts/sampling/sampler.js';
import { sampledOpenLoop } from '../common/measure.js';
import type { Message } from '../../scripts/results/types.js';
import type { TierSettings } from '../../scripts/bench/tiers.js';
import { closedLoopFigures, openLoopFigures } from '../../scripts/engine/step-figures.js';
import { liveLoadWindows } from '../../scripts/engine/load-windows.js';
import { skippedMessages, type Cell, type ScenarioRunner, type ScenarioContext } from '../../scripts/engine/scenario.js';
import type { LatencyData, LatencyStep, SaturationStep } from './types.js';
import { interleaved, prepareWorkload, WORKLOAD_DESCRIPTION, WORKLOAD_SERVICE } from '../common/workload.js';

/** Enough keep-alive connections for the in-flight requests of the highest rate; more only queue in the server. */
export const OPEN_LOOP_CONNECTIONS = 16;
export const SATURATION_CONNECTIONS = 16;
export const REQUEST_TIMEOUT_SECONDS = 2;
const STEP_OVERHEAD_SECONDS = 0.4;
const WARMUP_CONNECTIONS = 4;
/** A warm-up's bound: a cell too slow to take its requests in this long is warm enough for what it can do. */
const WARMUP_MAX_SECONDS = 6;
/** What the warm-up of the quick run's seven cells at once took (2,000 requests each, 4 connections), at load average 5. */
const WARMUP_SECONDS_ESTIMATE = 7;
const START_SECONDS = 1.2;

interface Target {
  started: StartedInstance;
  /** Its host's processes by role, as its steps sample them: in mode agent the agent serving it too. */
  processes: TrackedProcess[];
  path: string;
}

function stepSeconds(tier: TierSettings): number {
  return tier.warmupSeconds + tier.windowSeconds + STEP_OVERHEAD_SECONDS;
}

/** A language's latency-vs-rate points: fractions of the highest saturation any of its modes reached, capped where the generator still paces well. */
export function curveRates(settings: LatencySettings, saturationRates: readonly number[]): number[] {
  const ceiling = Math.min(settings.curveMaxRatePerSecond, Math.max(0, ...saturationRates));
  const rates = settings.curveFractions.map((fraction) => Math.max(50, Math.round((fraction * ceiling) / 50) * 50));
  return [...new Set(rates)].sort((a, b) => a - b);
}

/** The latency-vs-rate curve: its points as fractions of the measured saturation, capped where the generator still paces well. */
export interface LatencySettings {
  curveFractions: number[];
  curveMaxRatePerSecond: number;
  /**
   * A closed-loop saturation step per cell. The quick tier leaves it out: it draws no curve, and a sub-second cold window
   * measures the JIT's warm-up more than a steady throughput.
   */
  saturation: boolean;
  /**
   * Requests sent closed-loop to each cell before its first measured step, not recorded: a JIT optimises by calls
   * counted, and a sub-second warm-up before each window left the first repetitions of a sidecar slower than the last
   * (p50 falling rep by rep in six runs of six). Before the saturation step too, which measured the JIT warming up
   * when it ran on cold instances. 0 in the smoke tier, which proves the machinery, not the figures.
   */
  jitWarmupRequests: number;
}

export const latencyRunner: ScenarioRunner<LatencyData, LatencySettings> = {
  estimateSeconds(tier, settings, cells) {
    const modes = cells.length;
    const fixed = tier.repetitions * tier.fixedRatesPerSecond.length * modes * stepSeconds(tier);
    const curve = settings.curveFractions.length * modes * stepSeconds(tier);
    const warmup = settings.jitWarmupRequests > 0 ? WARMUP_SECONDS_ESTIMATE : 0;
    return warmup + modes * (START_SECONDS + (settings.saturation ? tier.saturationSeconds + 1 : 0)) + fixed + curve;
  },

  async run(context) {
    const messages: Message[] = skippedMessages(context);
    const cells = context.cells.filter((cell) => context.cells.some((other) => other.lang === cell.lang && other.mode === 'none'));
    for (const cell of context.cells.filter((one) => !cells.includes(one))) {
      messages.push({
        level: 'skipped',
        scope: `${cell.lang}/${cell.mode}`,
        text: 'no mode none of this language in the run: nothing to compare against',
      });
    }
    if (cells.length === 0)
      return { status: 'skipped', data: null, messages: [...messages, { level: 'skipped', scope: 'latency', text: 'no runnable cell' }] };
    const data: LatencyData = {
      service: WORKLOAD_SERVICE,
      request: WORKLOAD_DESCRIPTION,
      connections: OPEN_LOOP_CONNECTIONS,
      warmupSeconds: context.tier.warmupSeconds,
      windowSeconds: context.tier.windowSeconds,
      steps: [],
      saturation: [],
    };
    const controlPlane = needsControlPlane(cells) ? await startRunControlPlane(context.runDir) : undefined;
    const hosts: StartedHost[] = [];
    const targets: Target[] = [];
    try {
      for (const cell of cells) {
        context.step(`latency: starting ${cell.lang}/${cell.mode}`);
        // A host of one instance: in mode agent, an agent serving that one app, started as the scale scenario starts it.
        const host = await startCellHost([
          { cell, service: WORKLOAD_SERVICE, instanceId: `latency-${cell.lang}-${cell.mode}`, runDir: context.runDir, controlPlane },
        ]);
        hosts.push(host);
        const started = host.instances[0]!;
        targets.push({ started, processes: hostProcesses(host), path: await prepareWorkload(started) });
      }
      // Warm first: a saturation window on a cold sidecar measured its JIT warming up, not the hop (sidecar/README.md).
      if (context.settings.jitWarmupRequests > 0) await warmUp(context, targets);
      if (context.settings.saturation) await measureSaturation(context, targets, data);
      await measureFixedRates(context, targets, data, controlPlane);
      await measureCurve(context, targets, data);
    } finally {
      await Promise.all(hosts.map((host) => host.stop()));
      await controlPlane?.stop();
    }
    const invalid = data.steps.filter((step) => !step.validity.valid).length;
    if (invalid > 0)
      messages.push({
        level: 'warning',
        scope: 'latency',
        text: `${invalid} of ${data.steps.length} load steps were invalid and are not reported as figures`,
      });
    return { status: 'ok', data, messages };
  },
};

async function measureSaturation(context: ScenarioContext<LatencySettings>, targets: Target[], data: LatencyData): Promise<void> {
  for (const target of targets) {
    const cell = target.started.cell;
    context.step(`latency: saturation of ${cell.lang}/${cell.mode} (closed loop, ${SATURATION_CONNECTIONS} connections)`);
    const result = await runClosedLoop(
      {
        url: `${target.started.instance.publicUrl}${target.path}`,
        method: 'GET',
        connections: SATURATION_CONNECTIONS,
        durationSeconds: context.tier.saturationSeconds,
        timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
      },
      context.pinning.generatorCpus,
    );
    const step: SaturationStep = {
      lang: cell.lang,
      mode: cell.mode,
      result,
      validity: checkClosedLoopStep(result, context.options.tier === 'smoke'),
    };
    data.saturation.push(step);
    context.emit({
      type: 'step-finished',
      label: `latency: saturation of ${cell.lang}/${cell.mode}`,
      figures: closedLoopFigures(result, step.validity, cell),
    });
  }
}

/**
 * Each cell's unrecorded warm-up: its JIT and pools settled before the first window that counts. Every cell at once:
 * nothing is recorded, a JIT counts calls whatever else runs, and one after the other each paid its own load
 * process's start (about 1.5 s a cell, 10.5 s for the quick run's seven).
 */
async function warmUp(context: ScenarioContext<LatencySettings>, targets: Target[]): Promise<void> {
  context.step(`latency: warming ${targets.length} cells at once (${context.settings.jitWarmupRequests} requests each, not recorded)`);
  await Promise.all(
    targets.map((target) =>
      runClosedLoop(
        {
          url: `${target.started.instance.publicUrl}${target.path}`,
          method: 'GET',
          connections: WARMUP_CONNECTIONS,
          durationSeconds: WARMUP_MAX_SECONDS,
          maxRequests: context.settings.jitWarmupRequests,
          timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
        },
        context.pinning.generatorCpus,
      ),
    ),
  );
}

async function openLoopStep(
  context: ScenarioContext<LatencySettings>,
  target: Target,
  kind: LatencyStep['kind'],
  ratePerSecond: number,
  repetition: number,
): Promise<LatencyStep> {
  const cell: Cell = target.started.cell;
  const live = liveLoadWindows(context, `latency: curve, ${cell.lang}/${cell.mode} at ${ratePerSecond} req/s`, cell);
  const load = await runOpenLoop(
    {
      origin: target.started.instance.publicUrl,
      method: 'GET',
      path: target.path,
      ratePerSecond,
      durationSeconds: context.tier.windowSeconds,
      warmupSeconds: context.tier.warmupSeconds,
      connections: OPEN_LOOP_CONNECTIONS,
      timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
      ...live.options,
    },
    context.pinning.generatorCpus,
    undefined,
    live.onWindow,
  );
  return {
    kind,
    lang: cell.lang,
    mode: cell.mode,
    ratePerSecond,
    repetition,
    load,
    validity: checkOpenLoopStep(load, context.options.tier === 'smoke'),
  };
}

/** The compared steps are sampled too: CPU and memory per role of warm instances, which the resources scenario reuses. */
async function measureFixedRates(
  context: ScenarioContext<LatencySettings>,
  targets: Target[],
  data: LatencyData,
  controlPlane: RunningControlPlane | undefined,
): Promise<void> {
  const { repetitions, fixedRatesPerSecond } = context.tier;
  for (let repetition = 0; repetition < repetitions; repetition++) {
    for (const rate of fixedRatesPerSecond) {
      for (const target of interleaved(targets, repetition)) {
        const cell = target.started.cell;
        context.step(`latency: ${cell.lang}/${cell.mode} at ${rate} req/s, repetition ${repetition + 1}/${repetitions}`);
        const sampler = new ProcSampler(context.tier.sampleIntervalSeconds);
        for (const process of target.processes) sampler.track(process);
        if (controlPlane !== undefined && cell.mode !== 'none') sampler.track(controlPlaneProcess(controlPlane));
        const measured = await sampledOpenLoop(
          context,
          sampler,
          target.started.instance.publicUrl,
          target.path,
          rate,
          context.tier.windowSeconds,
          cell,
        );
        await sampler.stop();
        data.steps.push({
          kind: 'fixed',
          lang: cell.lang,
          mode: cell.mode,
          ratePerSecond: rate,
          repetition,
          load: measured.load,
          validity: measured.validity,
          windows: measured.windows,
        });
        context.emit({
          type: 'step-finished',
          label: `latency: ${cell.lang}/${cell.mode} at ${rate} req/s`,
          figures: openLoopFigures(measured.load, measured.validity, cell),
        });
      }
    }
  }
}

async function measureCurve(context: ScenarioContext<LatencySettings>, targets: Target[], data: LatencyData): Promise<void> {
  // Each language has its own curve: a fast language's saturation would put a slow one's points past its own.
  for (const lang of [...new Set(targets.map((target) => target.started.cell.lang))]) {
    const mine = targets.filter((target) => target.started.cell.lang === lang);
    const rates = curveRates(
      context.settings,
      data.saturation.filter((step) => step.lang === lang && step.validity.valid).map((step) => step.result.requestsPerSecond),
    );
    for (const [index, rate] of rates.entries()) {
      for (const target of interleaved(mine, index)) {
        const cell = target.started.cell;
        context.step(`latency: curve, ${cell.lang}/${cell.mode} at ${rate} req/s`);
        const step = await openLoopStep(context, target, 'curve', rate, 0);
        data.steps.push(step);
        context.emit({
          type: 'step-finished',
          label: `latency: curve, ${cell.lang}/${cell.mode} at ${rate} req/s`,
          figures: openLoopFigures(step.load, step.validity, cell),
        });
      }
    }
  }
}
