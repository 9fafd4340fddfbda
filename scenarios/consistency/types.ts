// Raw figures of the consistency scenario, as results.json keeps them: the conformance matrix of this run.
import type { FeatureName } from '../../library/ts/src/feature.js';
import type { Lang, Mode } from '../../scripts/results/types.js';
import type { FamilyResult } from '../../conformance/differential/runner.js';

/** conformance/src/expected.ts: pass, unexpected failure, listed (expected) failure, stale listing, not applicable. */
export type ConformanceVerdict = 'pass' | 'fail' | 'xfail' | 'stale' | 'n/a';

export interface ConsistencyRow {
  id: string;
  feature: FeatureName;
  verdict: ConformanceVerdict;
  /** The failure, the listed reason of an expected failure, or what to do with a stale listing. */
  detail?: string;
  durationMs?: number;
  /** It failed once beside other vectors and passed when run again alone; `detail` keeps the first failure. */
  passedOnRetry?: boolean;
}

export interface ConsistencyCell {
  lang: Lang;
  mode: Mode;
  /** The conformance runner's verdict: no unexpected failure and no stale listing. */
  ok: boolean;
  /** Sum of its vectors' durations (vectors of several cells run side by side). */
  vectorSeconds: number;
  rows: ConsistencyRow[];
}

export interface ConsistencyData {
  /** `all`: every vector; `quick` and `smoke`: a named subset (scenarios/consistency.ts says why each). */
  vectorSet: 'smoke' | 'quick' | 'all';
  vectorIds: string[];
  /** How many vectors the suite has, whether or not this run ran them all. */
  totalVectors: number;
  /** Vectors run side by side, each with its own control plane and instance. */
  concurrency: number;
  cells: ConsistencyCell[];
  /** The differential test (conformance/differential/): generated inputs fed to every library and the sidecar. */
  differential?: DifferentialData;
}

export interface DifferentialData {
  /** Drawn fresh for each run, kept so the run can be replayed: the same seed generates the same cases. */
  seed: number;
  /** Generated cases per family, before shrinking. */
  numRuns: Record<string, number>;
  /** Languages that have a launch file but no toolchain here. */
  skippedLanguages: string[];
  families: FamilyResult[];
}
