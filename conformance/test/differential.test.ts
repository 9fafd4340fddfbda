// The differential test in npm test: generated inputs of every family fed to every language's library and the sidecar,
// with a fixed seed and bounded runs; every difference found must be on conformance/differential/known-drift.json, and
// every kept drift there must still show on its replayed input.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAll } from '../../scripts/orchestration/processes.js';
import { readKnownDrift } from '../differential/known-drift.js';
import { availableImplementations, FAMILIES, runDifferential } from '../differential/suite.js';

/** Fixed, so npm test is reproducible; the consistency scenario draws a fresh one each run and records it. */
const NPM_TEST_SEED = 20261204;
/** Per family: settings start a process per case and implementation, the others send requests to running ones. */
const NPM_TEST_RUNS: Record<string, number> = { settings: 5, requests: 40, metrics: 40, config: 25, logs: 60 };
const FAMILY_TIMEOUT_MS = 120_000;

afterAll(() => stopAll({ signal: 'SIGKILL' }));

const { implementations, skipped } = await availableImplementations();
const runDir = mkdtempSync(join(tmpdir(), 'scl-differential-'));

describe('differential: generated inputs, every implementation', () => {
  it.each(FAMILIES.map((family) => ({ family })))(
    'family $family.id: every difference between implementations is a listed known drift',
    async ({ family }) => {
      const [result] = await runDifferential({
        seed: NPM_TEST_SEED,
        numRuns: NPM_TEST_RUNS,
        runDir,
        implementations,
        families: [family],
        timeLimitMs: 60_000,
      });
      if (result === undefined) throw new Error(`family ${family.id} did not run`);
      console.log(
        `${family.id}: ${result.casesTried} cases on ${result.implementations.join(', ')} (skipped: ${skipped.join(', ') || 'none'}), ${result.casesDiffering} differing, ${result.seconds.toFixed(1)} s`,
      );
      for (const drift of result.drifts)
        console.log(
          `  ${drift.kind} ${drift.pairs.map((one) => `${one.pair}${one.known ? ' (known)' : ''}`).join(', ')}: ${drift.input}\n    ${JSON.stringify(drift.sides)}`,
        );
      // Generated cases repeat (small domains): fewer distinct ones than runs, but never none, and on two implementations at least.
      expect(result.casesTried).toBeGreaterThan(0);
      expect(result.implementations.length).toBeGreaterThanOrEqual(2);
      const unknown = result.drifts.flatMap((drift) =>
        drift.pairs.filter((one) => !one.known).map((one) => `${drift.kind} ${one.pair}: ${drift.input} -> ${JSON.stringify(drift.sides)}`),
      );
      expect(unknown).toEqual([]);
      expect(result.stale).toEqual([]);
    },
    FAMILY_TIMEOUT_MS,
  );
});

describe('the known-drift list', () => {
  const { drifts, replays } = readKnownDrift();
  it('has a replay for every kind of input it keeps a drift of, of that kind, so every run measures each one again', () => {
    const kept = [...new Set(drifts.map((one) => `${one.family}/${one.kind}`))].sort();
    expect([...new Set(replays.map((one) => `${one.family}/${one.kind}`))].sort()).toEqual(kept);
    for (const replay of replays) {
      const family = FAMILIES.find((one) => one.id === replay.family);
      expect(family?.kindOf(replay.input)).toBe(replay.kind);
    }
  });
});
