// blast: the blast radius of a fault in one app's cross-cutting work: N instances on one host, a sidecar each (mode
// sidecar) or one agent for all (mode agent), a fault aimed at the first, and how many instances it touched.
import type { TierSettings } from '../../scripts/bench/tiers.js';
import { skippedMessages, type Cell, type ScenarioContext, type ScenarioRunner } from '../../scripts/engine/scenario.js';
import type { Message } from '../../scripts/results/types.js';
import type { RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { startRunControlPlane } from '../../scripts/topology.js';
import { WORKLOAD_DESCRIPTION } from '../common/workload.js';
import { faultPlanKind, shortCells, type FaultPlanKind } from '../common/fault-plan.js';
import type { EpisodePlan } from '../isolation/episode.js';
import { faultById, type IsolationFaultId } from '../isolation/faults.js';
import { runBlastEpisode, type BlastEpisode } from './episode.js';

export interface BlastData {
  request: string;
  /** Instances on the host, each under its own load of `plan.ratePerSecond`. */
  instances: number;
  episodePlan: EpisodePlan;
  faults: { id: IsolationFaultId; how: string }[];
  /** Faults whose two hosts ran at the same time; absent in results written before they did. */
  sideBySide?: IsolationFaultId[];
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

/**
 * The short version (the default quick run): one language and the crash in the feature code, the fault K5 weighs. The
 * kill of what carries the features ends the same process as the crash does, and measured the same radius (in three
 * quiet quick runs, 2026-12-05: both touched all 3 instances under the agent and only the struck one with a sidecar
 * each); it and the log flood run with --full or --scenario blast.
 */
export const SHORT_BLAST_FAULTS: readonly IsolationFaultId[] = ['feature-crash-main-thread'];

/**
 * Faults whose two hosts (a sidecar each, one agent) run side by side, at the same time on the same machine: they cost
 * no CPU (a process dies), and the light load leaves both cores mostly idle, so neither host's figures feel the other's.
 * A log flood takes a core: its hosts run one after the other.
 */
const SIDE_BY_SIDE_FAULTS: ReadonlySet<IsolationFaultId> = new Set(['feature-crash-main-thread', 'sidecar-kill']);

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

/** One fault on one language in both modes: measured at once when the fault allows it, else one after the other. */
export interface EpisodePair {
  fault: IsolationFaultId;
  cells: Cell[];
  sideBySide: boolean;
}

/** Per language, fault by fault, the two modes together so each fault's pair is measured close in time. */
export function pairsOf(kind: FaultPlanKind, cells: readonly Cell[]): EpisodePair[] {
  const modes = BLAST_MODES as readonly Cell['mode'][];
  const chosen = kind === 'short' ? shortCells(cells, modes) : cells.filter((cell) => modes.includes(cell.mode));
  const faults = kind === 'short' ? SHORT_BLAST_FAULTS : BLAST_FAULTS;
  const langs = [...new Set(chosen.map((cell) => cell.lang))];
  return langs.flatMap((lang) =>
    faults.map((fault) => ({ fault, cells: chosen.filter((cell) => cell.lang === lang), sideBySide: SIDE_BY_SIDE_FAULTS.has(fault) })),
  );
}

export const blastRunner: ScenarioRunner<BlastData, BlastSettings> = {
  estimateSeconds(tier, _settings, cells, options) {
    const kind = options === undefined ? (tier.tier === 'full' ? 'complete' : 'short') : faultPlanKind({ options });
    const plan = blastPlan(tier);
    const each = START_SECONDS + SETTLE_SECONDS + plan.beforeSeconds + plan.duringSeconds + plan.afterSeconds;
    return pairsOf(kind, cells).reduce((sum, pair) => sum + each * (pair.sideBySide ? 1 : pair.cells.length), 0);
  },

  async run(context) {
    const messages: Message[] = skippedMessages(context);
    const kind = faultPlanKind(context);
    const pairs = pairsOf(kind, context.cells);
    const planned = pairs.flatMap((pair) => pair.cells.map((cell) => ({ cell, fault: pair.fault })));
    const modes = new Set(planned.map(({ cell }) => cell.mode));
    if (!BLAST_MODES.every((mode) => modes.has(mode)))
      return {
        status: 'skipped',
        data: null,
        messages: [...messages, { level: 'skipped', scope: 'blast', text: 'needs a language measured in both sidecar and agent mode' }],
      };
    if (kind === 'short')
      messages.push({
        level: 'info',
        scope: 'blast',
        text: `short version: ${SHORT_BLAST_FAULTS.join(', ')} on ${[...new Set(planned.map(({ cell }) => cell.lang))].join(', ')}; name the scenario (--scenario blast) or use --full for every fault (${BLAST_FAULTS.join(', ')}) on every language`,
      });
    const plan = blastPlan(context.tier);
    const data: BlastData = {
      request: WORKLOAD_DESCRIPTION,
      instances: context.settings.instances,
      episodePlan: plan,
      faults: [...new Set(planned.map(({ fault }) => fault))].map((id) => ({ id, how: faultById(id).how })),
      sideBySide: pairs.filter((pair) => pair.sideBySide).map((pair) => pair.fault),
      episodes: [],
    };
    const controlPlane = await startRunControlPlane(context.runDir);
    try {
      const outcomes: Awaited<ReturnType<typeof measureEpisode>>[] = [];
      const measure = (cell: Cell, fault: IsolationFaultId) => measureEpisode(context, controlPlane, cell, fault, data.instances, plan);
      for (const pair of pairs) {
        const lang = pair.cells[0]?.lang;
        if (pair.sideBySide) {
          context.step(
            `blast: ${pair.fault} on ${data.instances} ${lang} instances, ${pair.cells.map((cell) => cell.mode).join(' and ')} side by side`,
          );
          // Kept in the pair's order, not the order they finished: the results and the section read the same every run.
          outcomes.push(...(await Promise.all(pair.cells.map((cell) => measure(cell, pair.fault)))));
        } else
          for (const cell of pair.cells) {
            context.step(`blast: ${pair.fault} on ${data.instances} ${cell.lang}/${cell.mode} instances`);
            outcomes.push(await measure(cell, pair.fault));
          }
      }
      for (const { episode, message } of outcomes) {
        if (episode !== undefined) data.episodes.push(episode);
        if (message !== undefined) messages.push(message);
      }
    } finally {
      await controlPlane.stop();
    }
    const failed = messages.some((message) => message.level === 'error');
    return { status: failed ? 'partial' : 'ok', data, messages };
  },
};

/** One episode, and what the report should hear of it: a fault not seen to happen, or the error that ended it. */
async function measureEpisode(
  context: ScenarioContext,
  controlPlane: RunningControlPlane,
  cell: Cell,
  fault: IsolationFaultId,
  instances: number,
  plan: EpisodePlan,
): Promise<{ episode?: BlastEpisode; message?: Message }> {
  const scope = `${cell.lang}/${cell.mode} ${fault}`;
  try {
    const episode = await runBlastEpisode(context, controlPlane, cell, instances, faultById(fault), plan);
    if (episode.verification.injected) return { episode };
    return { episode, message: { level: 'warning', scope, text: `the fault was not seen to happen: ${episode.verification.evidence}` } };
  } catch (error) {
    return { message: { level: 'error', scope, text: (error as Error).message.split('\n')[0] ?? 'failed' } };
  }
}
