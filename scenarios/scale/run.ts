// scale: total memory and idle CPU of 1, 2, 4 .. N instances per mode: what a process per instance costs as instances
// grow, and what one agent per host (mode agent) costs instead, counted once and shared by the host's instances.
import { ProcSampler } from '../../scripts/sampling/sampler.js';
import { hostProcesses, needsControlPlane, startCellHost, startRunControlPlane, type StartedHost } from '../../scripts/topology.js';
import type { Lang, Message, Mode } from '../../scripts/results/types.js';
import type { TierSettings } from '../../scripts/bench/tiers.js';
import { skippedMessages, type ScenarioRunner } from '../../scripts/engine/scenario.js';
import { roleWindows, type RoleWindow } from '../common/measure.js';
import { delay } from '../../scripts/orchestration/ready.js';
import { interleaved, WORKLOAD_SERVICE } from '../common/workload.js';

export interface ScalePoint {
  lang: Lang;
  mode: Mode;
  repetition: number;
  instances: number;
  /** Per role, summed over every instance (an agent counted once, as the host's): RSS at the end and CPU over the idle window. */
  roles: RoleWindow[];
  windowSeconds: number;
}

export interface ScaleData {
  maxInstances: number;
  points: ScalePoint[];
}

const START_SECONDS = 1;

/** Memory is steady from one start to the next; a third of the repetitions is enough. */
export function scaleRepetitions(tier: TierSettings): number {
  return Math.max(1, Math.round(tier.repetitions / 3));
}

export interface ScaleSettings {
  maxInstances: number;
}

/** The instance counts measured: doubling from 1 (1, 2, 4, 8), and maxInstances itself when it is not a power of two. */
export function instanceCounts(maxInstances: number): number[] {
  const counts: number[] = [];
  for (let count = 1; count <= maxInstances; count *= 2) counts.push(count);
  if (counts.at(-1) !== maxInstances && maxInstances >= 1) counts.push(maxInstances);
  return counts;
}

export const scaleRunner: ScenarioRunner<ScaleData, ScaleSettings> = {
  estimateSeconds: (tier, settings, cells) => {
    const counts = instanceCounts(settings.maxInstances);
    const starts = counts.reduce((sum, count) => sum + count, 0);
    return scaleRepetitions(tier) * cells.length * (starts * START_SECONDS + counts.length * (tier.idleSeconds + 0.3));
  },

  async run(context) {
    const messages: Message[] = skippedMessages(context);
    if (context.cells.length === 0)
      return { status: 'skipped', data: null, messages: [...messages, { level: 'skipped', scope: 'scale', text: 'no runnable cell' }] };
    const maxInstances = context.settings.maxInstances;
    const data: ScaleData = { maxInstances, points: [] };
    // The control plane is shared by every instance and mode; it is not counted per mode.
    const controlPlane = needsControlPlane(context.cells) ? await startRunControlPlane(context.runDir) : undefined;
    try {
      for (let repetition = 0; repetition < scaleRepetitions(context.tier); repetition++) {
        for (const cell of interleaved(context.cells, repetition)) {
          // Each count is a fresh host of that many instances: an agent is started with every app of its host.
          for (const count of instanceCounts(maxInstances)) {
            context.step(`scale: ${cell.lang}/${cell.mode} with ${count} instance(s)`);
            const sampler = new ProcSampler(context.tier.sampleIntervalSeconds);
            let host: StartedHost | undefined;
            try {
              host = await startCellHost(
                Array.from({ length: count }, (_, index) => ({
                  cell,
                  service: WORKLOAD_SERVICE,
                  instanceId: `scale-${cell.lang}-${cell.mode}-${repetition}-${count}-${index + 1}`,
                  runDir: context.runDir,
                  controlPlane,
                })),
              );
              for (const process of hostProcesses(host)) sampler.track(process);
              const before = await sampler.sampleNow();
              await delay(context.tier.idleSeconds * 1000);
              const after = await sampler.sampleNow();
              data.points.push({
                lang: cell.lang,
                mode: cell.mode,
                repetition,
                instances: count,
                roles: roleWindows(before, after, 0),
                windowSeconds: context.tier.idleSeconds,
              });
            } finally {
              await host?.stop();
            }
          }
        }
      }
    } finally {
      await controlPlane?.stop();
    }
    return { status: 'ok', data, messages };
  },
};
