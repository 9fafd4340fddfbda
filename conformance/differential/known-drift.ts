// The known-drift list (known-drift.json): each difference the generated inputs find that is kept, not fixed, with why,
// and the input that showed it, replayed by every run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/orchestration/paths.js';

export interface KnownDrift {
  family: string;
  /** The family's kind of input (`hex`, `duplicate-key`, ...). */
  kind: string;
  /** Two implementations (`ts`, `python`, `go`, `sidecar`), in any order. */
  pair: [string, string];
  /** What each side does, in words. */
  sides: Record<string, string>;
  /** Why it is kept rather than fixed. */
  reason: string;
}

/** The input that showed a kept drift, in its family's own input type: fed before the generated ones in every run. */
export interface Replay {
  family: string;
  kind: string;
  input: unknown;
}

export interface KnownDriftList {
  drifts: KnownDrift[];
  replays: Replay[];
}

export const KNOWN_DRIFT_FILE = 'conformance/differential/known-drift.json';

export function readKnownDrift(file = join(repoRoot(), KNOWN_DRIFT_FILE)): KnownDriftList {
  const { drifts, replays } = JSON.parse(readFileSync(file, 'utf8')) as KnownDriftList;
  return { drifts, replays };
}

/** `a/b` with the two names in a stable order, so a pair is one key whichever side is named first. */
export function pairKey(a: string, b: string): string {
  return [a, b].sort().join('/');
}

export function findKnownDrift(list: readonly KnownDrift[], family: string, kind: string, pair: string): KnownDrift | undefined {
  return list.find((one) => one.family === family && one.kind === kind && pairKey(...one.pair) === pair);
}
