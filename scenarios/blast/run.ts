// blast: the blast radius of a fault in one app's cross-cutting work: N instances on one host, a sidecar each (mode
// sidecar) or one agent for all (mode agent), a fault aimed at the first, and how many instances it touched.
import type { TierSettings } from '../../scripts/bench/tiers.js';
import { skippedMessages, type Cell, type ScenarioRunner } from '../../scripts/engine/scenario.js';
import type { Message } from '../../scripts/results/types.js';
import { startRunControlPlane } from '../../scripts/topology.js';
import { WORKLOAD_DESCRIPTION } from '../common/workload.js';
import type { EpisodePlan } from '../isolation/episode.js';
import { faultById, type IsolationFaultId } from '../isolation/faults.js';
import { runBlastEpisode, type BlastEpisode } from './episode.js';

export interface BlastData {
  request: string;
  /** Instances on the host, each under its own load of `plan.ratePerSecond`. */
  instances: number;
  episodePlan: EpisodePlan;
  faults: { id: IsolationFaultId; how: string }[];
  episodes: BlastEpisode[];
}

/**
 * The isolation scenario's faults aimed at one app's cross-cutting work: its log flood, the crash in the feature code
 * on the main thread (the agent runs every app's feature code on one main thread; the switch is a process signal, so a
 * worker-thread crash could not be aimed at one app of an agent), and kill -9 of what carries the first instance's
 * features (its own sidecar, or the host's agent).
 */
export const BLAST_FAULTS: readonly IsolationFaultId[] = ['log-flood', 'feature-crash-main-thread', 'sidecar-kill'];
export const BLAST_MODES = ['sidecar', 'agent'] as const;

export interface BlastSettings {
  instances: number;
}

/** Measured: starting the host's instances, creating the workload's customer, warming up (about 5 s for 3 instances). */
const START_SECONDS = 5;
const SETTLE_SECONDS = 1;
/** Heartbeats every 0.5 s and a 1.5 s TTL: a dead instance leaves the registry within the episode. */
const SHORT_TTL = { 'registry.ttlSeconds': 1.5, 'registry.heartbeatIntervalSeconds': 0.5 };

/** Light load (a few dozen requests a second per instance) and windows just long enough for a TTL to run out. */
export function blastPlan(tier: TierSettings): EpisodePlan {
  const short = tier.tier !== 'full';
  return {
    beforeSeconds: short ? 0.75 : 2,
    duringSeconds: short ? 1.25 : 4,
    afterSeconds: short ? 1 : 3,
    ratePerSecond: short ? 30 : 50,
    bucketSeconds: 0.25,
    sampleIntervalSeconds: 0.25,
    settings: SHORT_TTL,
  };
}

/** Per language, fault by fault, the two modes side by side so each fault's pair is measured close in time. */
function episodesOf(cells: readonly Cell[]): { cell: Cell; fault: IsolationFaultId }[] {
  const chosen = cells.filter((cell) => (BLAST_MODES as readonly string[]).includes(cell.mode));
  const langs = [...new Set(chosen.map((cell) => cell.lang))];
  return langs.flatMap((lang) =>
    BLAST_FAULTS.flatMap((fault) => chosen.filter((cell) => cell.lang === lang).map((cell) => ({ cell, fault }))),
  );
}

export const blastRunner: ScenarioRunner<BlastData, BlastSettings> = {
  estimateSeconds(tier, _settings, cells) {
    const plan = blastPlan(tier);
    const each = START_SECONDS + SETTLE_SECONDS + plan.beforeSeconds + plan.duringSeconds + plan.afterSeconds;
    return episodesOf(cells).length * each;
  },

  async run(context) {
    const messages: Message[] = skippedMessages(context);
    const planned = episodesOf(context.cells);
    const modes = new Set(planned.map(({ cell }) => cell.mode));
    if (!BLAST_MODES.every((mode) => modes.has(mode)))
      return {
        status: 'skipped',
        data: null,
        messages: [...messages, { level: 'skipped', scope: 'blast', text: 'needs a language measured in both sidecar and agent mode' }],
      };
    const plan = blastPlan(context.tier);
    const data: BlastData = {
      request: WORKLOAD_DESCRIPTION,
      instances: context.settings.instances,
      episodePlan: plan,
      faults: [...new Set(planned.map(({ fault }) => fault))].map((id) => ({ id, how: faultById(id).how })),
      episodes: [],
    };
    const controlPlane = await startRunControlPlane(context.runDir);
    try {
      for (const { cell, fault } of planned) {
        context.step(`blast: ${fault} on ${data.instances} ${cell.lang}/${cell.mode} instances`);
        try {
          const episode = await runBlastEpisode(context, controlPlane, cell, data.instances, faultById(fault), plan);
          data.episodes.push(episode);
          if (!episode.verification.injected)
            messages.push({
              level: 'warning',
              scope: `${cell.lang}/${cell.mode} ${fault}`,
              text: `the fault was not seen to happen: ${episode.verification.evidence}`,
            });
        } catch (error) {
          messages.push({
            level: 'error',
            scope: `${cell.lang}/${cell.mode} ${fault}`,
            text: (error as Error).message.split('\n')[0] ?? 'failed',
          });
        }
      }
    } finally {
      await controlPlane.stop();
    }
    const failed = messages.some((message) => message.level === 'error');
    return { status: failed ? 'partial' : 'ok', data, messages };
  },
};
