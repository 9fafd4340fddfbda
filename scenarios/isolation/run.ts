// isolation: faults in the cross-cutting work (collector, log flood, feature crash, kill -9, config garbage), per language and mode.
import { startRunControlPlane } from '../../scripts/topology.js';
import type { Message } from '../../scripts/results/types.js';
import type { TierSettings } from '../../scripts/bench/tiers.js';
import { faultPlanKind, shortCells, type FaultPlanKind } from '../common/fault-plan.js';
import { ISOLATION_FAULTS, type IsolationFault, type IsolationFaultId } from './faults.js';
import { runIsolationEpisode, type EpisodePlan, type IsolationEpisode } from './episode.js';
import { skippedMessages, type Cell, type ScenarioRunner } from '../../scripts/engine/scenario.js';
import { WORKLOAD_DESCRIPTION } from '../common/workload.js';

export interface IsolationData {
  plan: FaultPlanKind;
  request: string;
  /** The windows and settings of each episode; a fault that kills a process has longer windows (`processEpisodePlan`). */
  episodePlan: EpisodePlan;
  processEpisodePlan: EpisodePlan;
  faults: { id: IsolationFaultId; how: string }[];
  episodes: IsolationEpisode[];
}

/**
 * The faults of the short version: a crash in the feature code, the same bug in both modes (in ts library mode it takes
 * the app down, so it also shows what an app's death loses), the same bug on the sidecar's main thread (where the
 * library throws it), and the sidecar's own death, which C3 counts too (the sidecar sits on the data path). The collector faults and the rest run when the scenario is named.
 */
export const SHORT_FAULTS: readonly IsolationFaultId[] = ['feature-crash', 'feature-crash-main-thread', 'sidecar-kill'];
/** Faults that kill a process: they last long enough for a dead instance's TTL to run out (default 5 s). */
const PROCESS_FAULTS = new Set<IsolationFaultId>(['feature-crash', 'feature-crash-main-thread', 'app-kill', 'sidecar-kill']);
const START_SECONDS = 2;
/** Heartbeats every 0.5 s and a 1.5 s TTL: short enough for a short version to see a dead instance leave the registry. */
const SHORT_TTL = { 'registry.ttlSeconds': 1.5, 'registry.heartbeatIntervalSeconds': 0.5 };
const SETTLE_SECONDS = 2;

export interface IsolationPlan {
  episode: EpisodePlan;
  /** For a fault that kills a process: long enough for a dead instance's TTL to run out, and for a restart to be ready. */
  processEpisode: EpisodePlan;
}

export function isolationPlan(kind: FaultPlanKind, tier: TierSettings): IsolationPlan {
  const plan = (episode: EpisodePlan, processDuringSeconds: number, processAfterSeconds: number): IsolationPlan => ({
    episode,
    processEpisode: { ...episode, duringSeconds: processDuringSeconds, afterSeconds: processAfterSeconds },
  });
  if (tier.tier === 'smoke')
    return plan(
      {
        beforeSeconds: 0.6,
        duringSeconds: 1.2,
        afterSeconds: 1.2,
        ratePerSecond: 50,
        bucketSeconds: 0.2,
        sampleIntervalSeconds: 0.25,
        settings: SHORT_TTL,
      },
      2,
      2.5,
    );
  // A 1.5 s TTL (stated in the report) lets the short version see a dead library instance leave the registry.
  if (kind === 'short')
    return plan(
      {
        beforeSeconds: 1,
        duringSeconds: 1.5,
        afterSeconds: 1.5,
        ratePerSecond: 100,
        bucketSeconds: 0.25,
        sampleIntervalSeconds: 0.25,
        settings: SHORT_TTL,
      },
      2,
      3,
    );
  if (tier.tier === 'quick')
    return plan(
      {
        beforeSeconds: 2,
        duringSeconds: 4,
        afterSeconds: 4,
        ratePerSecond: 100,
        bucketSeconds: 0.25,
        sampleIntervalSeconds: 0.25,
        settings: {},
      },
      6.5,
      6,
    );
  return plan(
    {
      beforeSeconds: 5,
      duringSeconds: 10,
      afterSeconds: 10,
      ratePerSecond: 200,
      bucketSeconds: 0.5,
      sampleIntervalSeconds: 0.5,
      settings: {},
    },
    10,
    10,
  );
}

function episodesOf(kind: FaultPlanKind, cells: readonly Cell[]): { cell: Cell; fault: IsolationFault }[] {
  const chosenCells = kind === 'short' ? shortCells(cells, ['library', 'sidecar']) : cells;
  const faults = kind === 'short' ? ISOLATION_FAULTS.filter((fault) => SHORT_FAULTS.includes(fault.id)) : ISOLATION_FAULTS;
  // Fault by fault, modes side by side, so each fault's cells are measured close together in time.
  return faults.flatMap((fault) => chosenCells.filter((cell) => fault.modes.includes(cell.mode)).map((cell) => ({ cell, fault })));
}

/** This scenario has no knobs of its own: the tier's shared ones are enough. */
export type IsolationSettings = Record<string, never>;

export const isolationRunner: ScenarioRunner<IsolationData, IsolationSettings> = {
  estimateSeconds(tier, _settings, cells, options) {
    const kind = options === undefined ? (tier.tier === 'full' ? 'complete' : 'short') : faultPlanKind({ options });
    const { episode, processEpisode } = isolationPlan(kind, tier);
    return episodesOf(kind, cells).reduce((sum, { fault }) => {
      const plan = PROCESS_FAULTS.has(fault.id) ? processEpisode : episode;
      return sum + START_SECONDS + SETTLE_SECONDS + plan.beforeSeconds + plan.duringSeconds + plan.afterSeconds;
    }, 0);
  },

  async run(context) {
    const messages: Message[] = skippedMessages(context);
    const kind = faultPlanKind(context);
    const { episode, processEpisode } = isolationPlan(kind, context.tier);
    const planned = episodesOf(kind, context.cells);
    if (planned.length === 0)
      return {
        status: 'skipped',
        data: null,
        messages: [...messages, { level: 'skipped', scope: 'isolation', text: 'no library or sidecar cell to put faults into' }],
      };
    if (kind === 'short')
      messages.push({
        level: 'info',
        scope: 'isolation',
        text: `short version: ${SHORT_FAULTS.join(', ')} on ${[...new Set(planned.map(({ cell }) => `${cell.lang}/${cell.mode}`))].join(', ')}; name the scenario (--scenario isolation) or use --full for every fault on every cell`,
      });
    const data: IsolationData = {
      plan: kind,
      request: WORKLOAD_DESCRIPTION,
      episodePlan: episode,
      processEpisodePlan: processEpisode,
      faults: ISOLATION_FAULTS.map((fault) => ({ id: fault.id, how: fault.how })),
      episodes: [],
    };
    const controlPlane = await startRunControlPlane(context.runDir);
    try {
      for (const { cell, fault } of planned) {
        context.step(`isolation: ${fault.id} on ${cell.lang}/${cell.mode}`);
        const plan = PROCESS_FAULTS.has(fault.id) ? processEpisode : episode;
        try {
          const result = await runIsolationEpisode(context, controlPlane, cell, fault, plan);
          data.episodes.push(result);
          if (!result.validity.valid)
            messages.push({ level: 'warning', scope: `${cell.lang}/${cell.mode} ${fault.id}`, text: result.validity.reasons.join('; ') });
        } catch (error) {
          messages.push({
            level: 'error',
            scope: `${cell.lang}/${cell.mode} ${fault.id}`,
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
