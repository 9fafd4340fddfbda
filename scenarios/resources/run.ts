// resources: CPU and memory of app, sidecar and control plane, idle and loaded, and startup time to ready.
import { ProcSampler, type RoleSeries } from '../../scripts/sampling/sampler.js';
import { controlPlaneProcess, hostProcesses, needsControlPlane, startCellHost, startRunControlPlane } from '../../scripts/topology.js';
import { readProcess } from '../../scripts/sampling/proc.js';
import type { OpenLoopResult } from '../../scripts/load/open-loop.js';
import type { Validity } from '../../scripts/load/validity.js';
import type { Lang, Message, Mode, ScenarioResult } from '../../scripts/results/types.js';
import type { LatencyData } from '../latency/types.js';
import type { RunningInstance } from '../../scripts/orchestration/instance.js';
import { skippedMessages, type Cell, type ScenarioRunner } from '../../scripts/engine/scenario.js';
import { roleWindows, sampledOpenLoop, type RoleWindow, type SampledLoad } from '../common/measure.js';
import { delay } from '../../scripts/orchestration/ready.js';
import { interleaved, prepareWorkload, WORKLOAD_DESCRIPTION, WORKLOAD_SERVICE } from '../common/workload.js';

/** What the sidecar read from /proc about its app, next to what the harness read at the same moment. */
export interface ProcAgreement {
  sidecarRssBytes: number;
  harnessRssBytes: number;
  sidecarCpuSeconds: number;
  harnessCpuSeconds: number;
}

export interface ResourcesRun {
  lang: Lang;
  mode: Mode;
  repetition: number;
  /**
   * `latency`: the loaded window is the latency scenario's compared step of this cell, rate and repetition (warm,
   * interleaved, sampled the same way), reused rather than measured twice; `resources`: measured here after the idle one.
   */
  loadedBy: 'latency' | 'resources';
  startupSeconds: number;
  idleSeconds: number;
  idle: RoleWindow[];
  ratePerSecond: number;
  load: OpenLoopResult;
  validity: Validity;
  loaded: RoleWindow[];
  series: RoleSeries[];
  procAgreement: ProcAgreement | null;
}

export interface ResourcesData {
  request: string;
  sampleIntervalSeconds: number;
  runs: ResourcesRun[];
}

const START_SECONDS = 1.2;

/** Reads a gauge or counter without labels from Prometheus text. */
export function metricValue(text: string, name: string): number | null {
  const match = new RegExp(`^${name}(?:\\{\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}

/** In sidecar mode: the sidecar's scl_app_* next to the harness's own /proc reading of the app, read together. */
async function readProcAgreement(instance: RunningInstance): Promise<ProcAgreement | null> {
  if (instance.mode !== 'sidecar' || instance.metricsUrl === undefined) return null;
  const [text, harness] = await Promise.all([fetch(instance.metricsUrl).then((r) => r.text()), readProcess(instance.appProcess.pid)]);
  const sidecarRssBytes = metricValue(text, 'scl_app_resident_memory_bytes');
  const sidecarCpuSeconds = metricValue(text, 'scl_app_cpu_seconds_total');
  if (sidecarRssBytes === null || sidecarCpuSeconds === null || harness === undefined) return null;
  return { sidecarRssBytes, harnessRssBytes: harness.rssBytes, sidecarCpuSeconds, harnessCpuSeconds: harness.cpuSeconds };
}

/** The latency scenario's sampled step of this cell at this rate and repetition, when this run has one. */
export function latencyStep(
  earlier: readonly ScenarioResult[],
  cell: Cell,
  ratePerSecond: number,
  repetition: number,
): SampledLoad | undefined {
  const latency = earlier.find((result) => result.id === 'latency')?.data as LatencyData | null | undefined;
  const step = latency?.steps.find(
    (one) =>
      one.kind === 'fixed' &&
      one.lang === cell.lang &&
      one.mode === cell.mode &&
      one.ratePerSecond === ratePerSecond &&
      one.repetition === repetition,
  );
  return step?.windows === undefined ? undefined : { load: step.load, validity: step.validity, windows: step.windows };
}

/** This scenario has no knobs of its own: the tier's shared ones are enough. */
export type ResourcesSettings = Record<string, never>;

export const resourcesRunner: ScenarioRunner<ResourcesData, ResourcesSettings> = {
  // The load windows are the latency scenario's when it runs first (the default), so only starts and idle windows remain.
  estimateSeconds: (tier, _settings, cells) => tier.repetitions * cells.length * (START_SECONDS + tier.idleSeconds + 0.6),

  async run(context) {
    const messages: Message[] = skippedMessages(context);
    if (context.cells.length === 0)
      return { status: 'skipped', data: null, messages: [...messages, { level: 'skipped', scope: 'resources', text: 'no runnable cell' }] };
    const rate = context.tier.fixedRatesPerSecond[0]!;
    const data: ResourcesData = { request: WORKLOAD_DESCRIPTION, sampleIntervalSeconds: context.tier.sampleIntervalSeconds, runs: [] };
    const controlPlane = needsControlPlane(context.cells) ? await startRunControlPlane(context.runDir) : undefined;
    try {
      for (let repetition = 0; repetition < context.tier.repetitions; repetition++) {
        for (const cell of interleaved(context.cells, repetition)) {
          context.step(`resources: ${cell.lang}/${cell.mode}, repetition ${repetition + 1}/${context.tier.repetitions}`);
          // One cell that fails is named and the others still measured: a failure loses that cell, not the scenario.
          await measureCell(cell, repetition).catch((error: unknown) => {
            messages.push({
              level: 'error',
              scope: `resources ${cell.lang}/${cell.mode} repetition ${repetition + 1}`,
              text: (error as Error).message.split('\n')[0] ?? 'failed',
            });
          });
        }
      }
    } finally {
      await controlPlane?.stop();
    }
    const failed = messages.some((message) => message.level === 'error');
    return { status: failed ? (data.runs.length > 0 ? 'partial' : 'failed') : 'ok', data: data.runs.length > 0 ? data : null, messages };

    async function measureCell(cell: Cell, repetition: number): Promise<void> {
      const sampler = new ProcSampler(context.tier.sampleIntervalSeconds);
      if (controlPlane !== undefined && cell.mode !== 'none') sampler.track(controlPlaneProcess(controlPlane));
      // A host of one instance: in mode agent, an agent serving that one app, sampled as its sidecar.
      const host = await startCellHost([
        {
          cell,
          service: WORKLOAD_SERVICE,
          instanceId: `resources-${cell.lang}-${cell.mode}-${repetition}`,
          runDir: context.runDir,
          controlPlane,
        },
      ]);
      const started = host.instances[0]!;
      try {
        for (const process of hostProcesses(host)) sampler.track(process);
        sampler.start();
        const path = await prepareWorkload(started);
        const idleBefore = await sampler.sampleNow();
        await delay(context.tier.idleSeconds * 1000);
        const idleAfter = await sampler.sampleNow();
        const reused = latencyStep(context.earlier, cell, rate, repetition);
        const measured =
          reused ?? (await sampledOpenLoop(context, sampler, started.instance.publicUrl, path, rate, context.tier.windowSeconds, cell));
        const procAgreement = await readProcAgreement(started.instance).catch(() => null);
        data.runs.push({
          lang: cell.lang,
          mode: cell.mode,
          repetition,
          loadedBy: reused === undefined ? 'resources' : 'latency',
          startupSeconds: started.startupSeconds,
          idleSeconds: context.tier.idleSeconds,
          idle: roleWindows(idleBefore, idleAfter, 0),
          ratePerSecond: rate,
          load: measured.load,
          validity: measured.validity,
          loaded: measured.windows,
          series: await sampler.stop(),
          procAgreement,
        });
      } catch (error) {
        await sampler.stop().catch(() => undefined);
        throw error;
      } finally {
        await host.stop();
      }
    }
  },
};
