// Synthetic blast data for tests: a host of N instances per episode, the first struck, and how many of each kind of
// harm reached it and the others.
import type { IsolationFaultId } from '../../isolation/faults.js';
import type { BlastEpisode, BlastInstance } from '../episode.js';
import type { BlastData } from '../run.js';

export interface SyntheticEpisode {
  fault: IsolationFaultId;
  mode: 'sidecar' | 'agent';
  lang?: string;
  /** Other instances (not the struck one) whose clients saw failures; the struck one always did. */
  othersFailed: number;
  /** Other instances whose log streams lost records. */
  othersLost?: number;
  /** Other instances whose log backlog grew by this many records while the fault lasted. */
  othersBacklogGrowth?: number;
  injected?: boolean;
}

export function blastData(episodes: readonly SyntheticEpisode[], instances = 3): BlastData {
  const episode = (spec: SyntheticEpisode): BlastEpisode => ({
    fault: spec.fault,
    lang: spec.lang ?? 'ts',
    mode: spec.mode,
    how: spec.fault,
    injectedAtSeconds: 1,
    endedAtSeconds: 2,
    untilSeconds: 3,
    verification: { injected: spec.injected ?? true, evidence: 'synthetic' },
    instances: Array.from({ length: instances }, (_, index): BlastInstance => {
      const struck = index === 0;
      const failed = struck || index <= spec.othersFailed;
      const lost = struck || index <= (spec.othersLost ?? 0);
      return {
        instanceId: `i${index + 1}`,
        struck,
        sent: 60,
        failed: failed ? 60 : 0,
        failedBefore: 0,
        logs: {
          source: 'synthetic',
          written: 50,
          delivered: lost ? 40 : 50,
          duplicates: 0,
          lost: lost ? 10 : 0,
          exact: true,
          processes: [],
        },
        logBacklog: { atInjection: 5, atEnd: 5 + (struck ? 0 : (spec.othersBacklogGrowth ?? 0)) },
        unlistedAfterSeconds: failed ? 1.2 : null,
      };
    }),
  });
  return {
    request: 'GET /customers/1',
    instances,
    episodePlan: {
      beforeSeconds: 1,
      duringSeconds: 1,
      afterSeconds: 1,
      ratePerSecond: 30,
      bucketSeconds: 0.25,
      sampleIntervalSeconds: 0.25,
      settings: { 'registry.ttlSeconds': 1.5 },
    },
    faults: [...new Set(episodes.map((one) => one.fault))].map((id) => ({ id, how: id })),
    episodes: episodes.map(episode),
  };
}

/** What the run showed: a sidecar each contains every fault; the agent contains the flood and spreads its crash and death. */
export const AGENT_SPREADS: SyntheticEpisode[] = [
  { fault: 'log-flood', mode: 'sidecar', othersFailed: 0 },
  { fault: 'log-flood', mode: 'agent', othersFailed: 0 },
  { fault: 'feature-crash-main-thread', mode: 'sidecar', othersFailed: 0 },
  { fault: 'feature-crash-main-thread', mode: 'agent', othersFailed: 2, othersLost: 2 },
  { fault: 'sidecar-kill', mode: 'sidecar', othersFailed: 0 },
  { fault: 'sidecar-kill', mode: 'agent', othersFailed: 2, othersLost: 2 },
];

/** An agent whose only wide fault is its own death. */
export const AGENT_CONTAINS: SyntheticEpisode[] = AGENT_SPREADS.map((one) =>
  one.fault === 'feature-crash-main-thread' ? { ...one, othersFailed: 0, othersLost: 0 } : one,
);
