// The differential runner: one family's generated inputs fed to every implementation through the same entry point,
// their observations compared pair by pair; each kind of difference is shrunk (fast-check) to a small counterexample.
import { isDeepStrictEqual } from 'node:util';
import * as fc from 'fast-check';
import type { Family, FamilyEnvironment, Implementation, Observation, Session } from './family.js';
import { findKnownDrift, pairKey, type KnownDrift } from './known-drift.js';

export interface RunFamilyOptions extends FamilyEnvironment {
  implementations: readonly Implementation[];
  seed: number;
  numRuns: number;
  knownDrift: readonly KnownDrift[];
  /** The inputs that showed this family's kept drifts: fed before the generated ones, so each is measured again. */
  replays?: readonly unknown[];
  /** Bounds one fast-check run (generation and shrinking); a shrink cut short keeps the smallest case so far. */
  timeLimitMs?: number;
}

/** One kind of input on which two implementations or more did different things. */
export interface Drift {
  family: string;
  kind: string;
  /** The pairs that differed on some case of this kind (`python/ts`), each either listed as known or not. */
  pairs: { pair: string; known: boolean; reason?: string }[];
  /** The shrunk counterexample: the input, and what each implementation did with it. */
  input: string;
  sides: Record<string, Observation>;
  /** The generated cases of this kind that differed. */
  cases: number;
}

export interface FamilyResult {
  family: string;
  entryPoint: string;
  implementations: string[];
  seed: number;
  numRuns: number;
  /** Distinct inputs fed to every implementation, shrinking included. */
  casesTried: number;
  /** Of those, the inputs on which some pair differed. */
  casesDiffering: number;
  drifts: Drift[];
  /** Kept drifts' inputs fed again this run (the known-drift list's replays of this family). */
  replayed: number;
  /** Kept drifts whose replayed input no longer differs between the pair (both ran): the list's entry is stale. */
  stale: { kind: string; pair: string; input: string }[];
  seconds: number;
}

/** The pairs of implementations whose compared facts differ on one input. */
export function differingPairs(observed: ReadonlyMap<string, Observation>): string[] {
  const names = [...observed.keys()];
  return names.flatMap((a, i) =>
    names
      .slice(i + 1)
      .filter((b) => !isDeepStrictEqual(observed.get(a)?.facts, observed.get(b)?.facts))
      .map((b) => pairKey(a, b)),
  );
}

export async function runFamily<I>(family: Family<I>, options: RunFamilyOptions): Promise<FamilyResult> {
  const startedAt = Date.now();
  const implementations = options.implementations.filter((one) => family.appliesTo?.(one) ?? true);
  const sessions = new Map<string, Session<I>>();
  try {
    // Started side by side (a JVM's start is seconds of waiting), fed one input at a time; what started is stopped below.
    const started = await Promise.allSettled(implementations.map((implementation) => startOnce(family, implementation, options)));
    for (const [index, outcome] of started.entries())
      if (outcome.status === 'fulfilled') sessions.set(implementations[index]!.name, outcome.value);
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const cache = new Map<string, { input: I; observed: Map<string, Observation>; pairs: string[] }>();
    const evaluate = async (input: I) => {
      const key = JSON.stringify(input);
      const seen = cache.get(key);
      if (seen !== undefined) return seen;
      const observed = new Map<string, Observation>();
      // One implementation after the other: the machine is shared, and the comparison needs no concurrency.
      for (const [name, session] of sessions) observed.set(name, await session.observe(input));
      const entry = { input, observed, pairs: differingPairs(observed) };
      cache.set(key, entry);
      return entry;
    };
    const replays = (options.replays ?? []) as readonly I[];
    const counterexamples = await shrinkEachKind(family, options, replays, evaluate);
    const differing = [...cache.values()].filter((entry) => entry.pairs.length > 0);
    const drifts = counterexamples.map(({ kind, input, observed }) => {
      const ofKind = differing.filter((entry) => family.kindOf(entry.input) === kind);
      const pairs = [...new Set(ofKind.flatMap((entry) => entry.pairs))].sort().map((pair) => {
        const known = findKnownDrift(options.knownDrift, family.id, kind, pair);
        return { pair, known: known !== undefined, ...(known !== undefined ? { reason: known.reason } : {}) };
      });
      return { family: family.id, kind, pairs, input: family.show(input), sides: Object.fromEntries(observed), cases: ofKind.length };
    });
    return {
      family: family.id,
      entryPoint: family.entryPoint,
      implementations: [...sessions.keys()],
      seed: options.seed,
      numRuns: options.numRuns,
      casesTried: cache.size,
      casesDiffering: differing.length,
      drifts,
      replayed: replays.length,
      stale: await staleDrifts(family, options.knownDrift, replays, new Set(sessions.keys()), evaluate),
      seconds: (Date.now() - startedAt) / 1000,
    };
  } finally {
    for (const session of sessions.values()) await session.stop().catch(() => undefined);
  }
}

/** Starts a session, once more if the first start failed: a free port picked may be taken by another process meanwhile. */
async function startOnce<I>(family: Family<I>, implementation: Implementation, options: RunFamilyOptions): Promise<Session<I>> {
  try {
    return await family.start(implementation, options);
  } catch {
    return family.start(implementation, options);
  }
}

/** The kept drifts of this family whose replayed input no longer differs between their pair, where both ran. */
async function staleDrifts<I>(
  family: Family<I>,
  knownDrift: readonly KnownDrift[],
  replays: readonly I[],
  ran: ReadonlySet<string>,
  evaluate: (input: I) => Promise<{ pairs: string[] }>,
): Promise<FamilyResult['stale']> {
  const stale: FamilyResult['stale'] = [];
  for (const input of replays) {
    const kind = family.kindOf(input);
    const { pairs } = await evaluate(input); // cached: fed already as the property's first example
    for (const known of knownDrift.filter((one) => one.family === family.id && one.kind === kind)) {
      const pair = pairKey(...known.pair);
      if (known.pair.every((name) => ran.has(name)) && !pairs.includes(pair)) stale.push({ kind, pair, input: family.show(input) });
    }
  }
  return stale;
}

/**
 * Runs the property "every implementation does the same" with one seed; at a failure, records the shrunk
 * counterexample, sets its kind aside and runs again (the same inputs come back from the cache), until no kind of
 * input is left that differs. Each round is one fast-check run, so each kind gets its own shrunk case. The replays
 * go first in every round (fast-check's examples), so a kept drift is found whatever the seed draws.
 */
async function shrinkEachKind<I>(
  family: Family<I>,
  options: RunFamilyOptions,
  replays: readonly I[],
  evaluate: (input: I) => Promise<{ observed: Map<string, Observation>; pairs: string[] }>,
): Promise<{ kind: string; input: I; observed: Map<string, Observation> }[]> {
  const setAside = new Set<string>();
  const found: { kind: string; input: I; observed: Map<string, Observation> }[] = [];
  for (;;) {
    const property = fc.asyncProperty(family.arbitrary, async (input) => {
      const { pairs } = await evaluate(input);
      return pairs.length === 0 || setAside.has(family.kindOf(input));
    });
    const result = await fc.check(property, {
      seed: options.seed,
      numRuns: options.numRuns,
      examples: replays.map((input): [I] => [input]),
      ...(options.timeLimitMs !== undefined ? { interruptAfterTimeLimit: options.timeLimitMs } : {}),
    });
    const counterexample = result.counterexample?.[0];
    if (!result.failed || counterexample === undefined) return found;
    const kind = family.kindOf(counterexample);
    if (setAside.has(kind)) return found; // cannot happen with a deterministic property; guards the loop
    setAside.add(kind);
    found.push({ kind, input: counterexample, observed: (await evaluate(counterexample)).observed });
  }
}
