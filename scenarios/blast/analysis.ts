// The blast radius per episode: how many instances of the host the fault touched, by what each one's clients, log
// stream and registration saw; and per language and fault, the agent's radius against a sidecar each.
import type { Lang, Mode } from '../../scripts/results/types.js';
import type { IsolationFaultId } from '../isolation/faults.js';
import type { BlastInstance } from './episode.js';
import type { BlastData } from './run.js';

/** Touched instances, the struck one included, and (`others`) the ones the fault was not aimed at. */
export interface Touched {
  all: number;
  others: number;
}

export interface BlastFigures {
  fault: IsolationFaultId;
  lang: Lang;
  mode: Mode;
  instances: number;
  /** The fault was seen to happen and no request failed before it: only then do its figures count. */
  counts: boolean;
  why: string | null;
  /** Instances whose clients saw a failed request after the fault began, and how many failed in all. */
  clients: Touched;
  failedRequests: number;
  /** Instances whose log stream lost records (written, never delivered) or stalled (see `stalled`), and how many were lost in all. */
  logs: Touched;
  /** Instances whose log backlog grew while the fault lasted by more than a second of the load's records. */
  stalled: Touched;
  lostRecords: number;
  /** Instances that stopped passing in the registry. */
  registry: Touched;
  /** Instances touched in any of the three ways. */
  any: Touched;
}

/** The agent's radius against a sidecar each for one fault in one language (both episodes counted). */
export interface BlastComparison {
  lang: Lang;
  fault: IsolationFaultId;
  instances: number;
  sidecar: BlastFigures;
  agent: BlastFigures;
  /** Other instances (not the struck one) touched under the agent, beyond those touched with a sidecar each. */
  widerBy: number;
}

export interface BlastAnalysis {
  data: BlastData;
  episodes: BlastFigures[];
  comparisons: BlastComparison[];
}

/** The agent's own death: what it costs is said, but it is not one app's fault reaching the others. */
export const AGENT_DEATH_FAULT: IsolationFaultId = 'sidecar-kill';

const clientsTouched = (one: BlastInstance) => one.failed > 0;
/**
 * A stream stalled when records piled up while the fault lasted: its backlog (written, not yet delivered) grew by more
 * than one second of the records its own load makes (one access record per request); batching leaves a smaller backlog.
 */
const stalledBy = (ratePerSecond: number) => (one: BlastInstance) => one.logBacklog.atEnd - one.logBacklog.atInjection > ratePerSecond;
const lostRecords = (one: BlastInstance) => (one.logs?.lost ?? 0) > 0;
const registryTouched = (one: BlastInstance) => one.unlistedAfterSeconds !== null;

function touched(instances: readonly BlastInstance[], test: (one: BlastInstance) => boolean): Touched {
  return { all: instances.filter(test).length, others: instances.filter((one) => !one.struck && test(one)).length };
}

export function analyzeBlast(data: BlastData): BlastFigures[] {
  const stalled = stalledBy(data.episodePlan.ratePerSecond);
  const logsTouched = (one: BlastInstance) => lostRecords(one) || stalled(one);
  return data.episodes.map((episode) => {
    const failedBefore = episode.instances.reduce((sum, one) => sum + one.failedBefore, 0);
    const why = !episode.verification.injected
      ? `the fault was not seen to happen: ${episode.verification.evidence}`
      : failedBefore > 0
        ? `${failedBefore} requests failed before the fault: the host was not healthy to begin with`
        : null;
    return {
      fault: episode.fault,
      lang: episode.lang,
      mode: episode.mode,
      instances: episode.instances.length,
      counts: why === null,
      why,
      clients: touched(episode.instances, clientsTouched),
      failedRequests: episode.instances.reduce((sum, one) => sum + one.failed, 0),
      logs: touched(episode.instances, logsTouched),
      stalled: touched(episode.instances, stalled),
      lostRecords: episode.instances.reduce((sum, one) => sum + (one.logs?.lost ?? 0), 0),
      registry: touched(episode.instances, registryTouched),
      any: touched(episode.instances, (one) => clientsTouched(one) || logsTouched(one) || registryTouched(one)),
    };
  });
}

/** Pairs each counted agent episode with the counted sidecar episode of the same language and fault. */
export function compareBlast(episodes: readonly BlastFigures[]): BlastComparison[] {
  return episodes
    .filter((agent) => agent.mode === 'agent' && agent.counts)
    .flatMap((agent) => {
      const sidecar = episodes.find((one) => one.mode === 'sidecar' && one.counts && one.lang === agent.lang && one.fault === agent.fault);
      if (sidecar === undefined) return [];
      return [
        {
          lang: agent.lang,
          fault: agent.fault,
          instances: agent.instances,
          sidecar,
          agent,
          widerBy: agent.any.others - sidecar.any.others,
        },
      ];
    });
}

export function analyzeBlastRun(data: BlastData): BlastAnalysis {
  const episodes = analyzeBlast(data);
  return { data, episodes, comparisons: compareBlast(episodes) };
}
