// The whole differential run: every implementation there is (each language with a launch file and its toolchain, in
// library mode, and the sidecar), one control plane, every family in turn; the seed is the caller's.
import { mkdirSync } from 'node:fs';
import { startControlPlane } from '../../scripts/orchestration/controlplane.js';
import { knownLanguages, toolchainAvailable } from '../../scripts/orchestration/languages.js';
import type { Family, Implementation } from './family.js';
import { readKnownDrift, type KnownDriftList } from './known-drift.js';
import { configFamily } from './config.js';
import { logsFamily } from './logs.js';
import { metricsFamily } from './metrics.js';
import { requestsFamily } from './requests.js';
import { runFamily, type FamilyResult } from './runner.js';
import { settingsFamily } from './settings.js';

// The families are of different input types; the runner only needs each one's own type to agree with itself.
// (Family's methods take their input as method parameters, which TypeScript checks bivariantly, so Family<unknown> holds each.)
export const FAMILIES: readonly Family<unknown>[] = [settingsFamily, requestsFamily, metricsFamily, logsFamily, configFamily];

/** The sidecar is the TypeScript app's companion here: what differs from `ts` is the sidecar's doing. */
export const SIDECAR: Implementation = { name: 'sidecar', lang: 'ts', mode: 'sidecar' };

/** Every language whose toolchain is present, in library mode, then the sidecar. */
export async function availableImplementations(
  langs: readonly string[] = knownLanguages(),
): Promise<{ implementations: Implementation[]; skipped: string[] }> {
  const implementations: Implementation[] = [];
  const skipped: string[] = [];
  for (const lang of langs) {
    if ((await toolchainAvailable(lang)).available) implementations.push({ name: lang, lang, mode: 'library' });
    else skipped.push(lang);
  }
  return { implementations: [...implementations, SIDECAR], skipped };
}

export interface DifferentialOptions {
  seed: number;
  /** Generated cases per family (before shrinking); a family's entry may ask for fewer. */
  numRuns: number | Readonly<Record<string, number>>;
  runDir: string;
  implementations: readonly Implementation[];
  families?: readonly Family<unknown>[];
  knownDrift?: KnownDriftList;
  timeLimitMs?: number;
  onFamily?: (result: FamilyResult) => void;
}

export async function runDifferential(options: DifferentialOptions): Promise<FamilyResult[]> {
  mkdirSync(options.runDir, { recursive: true });
  const controlplane = await startControlPlane({ runDir: options.runDir });
  const knownDrift = options.knownDrift ?? readKnownDrift();
  const results: FamilyResult[] = [];
  try {
    for (const family of options.families ?? FAMILIES) {
      const numRuns = typeof options.numRuns === 'number' ? options.numRuns : (options.numRuns[family.id] ?? 0);
      if (numRuns === 0) continue;
      const result = await runFamily(family, {
        controlplaneUrl: controlplane.url,
        runDir: options.runDir,
        implementations: options.implementations,
        seed: options.seed,
        numRuns,
        knownDrift: knownDrift.drifts,
        replays: knownDrift.replays.filter((one) => one.family === family.id).map((one) => one.input),
        ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}),
      });
      results.push(result);
      options.onFamily?.(result);
    }
  } finally {
    await controlplane.stop('SIGKILL').catch(() => undefined);
  }
  return results;
}
