// The shape of results.json (spec/results.schema.json): everything a report is rebuilt from.
import type { Environment } from '../env/capture.js';
import type { CalibrationReading } from '../load/calibration.js';

/** Bumped on any change a reader of an older file would get wrong (3: each scenario's own tier settings in its result). */
export const RESULTS_SCHEMA_VERSION = 3;

/** A scenario's id: its folder's name under scenarios/ (scenarios/index.ts lists them). */
export type ScenarioId = string;
export const MODES = ['none', 'library', 'sidecar', 'native', 'agent'] as const;
export type Mode = (typeof MODES)[number];
/** A language with a services/<lang>/launch.json (scripts/orchestration/languages.ts knownLanguages). */
export type Lang = string;
export const TIER_NAMES = ['smoke', 'quick', 'full'] as const;
export type Tier = (typeof TIER_NAMES)[number];
/**
 * `single`: one service (customers) of each language alone, the cells of --langs; `polyglot`: services of several
 * languages calling each other (a scenario names its languages), in each mode.
 */
export const TOPOLOGIES = ['single', 'polyglot'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** The knobs every scenario shares (values in scripts/bench/tiers.ts); a scenario's own knobs are its `tiers` share. */
export interface TierSettings {
  tier: Tier;
  /** Repetitions of each measured step, modes interleaved within each. */
  repetitions: number;
  /** Load before each measured window, at the same rate, not recorded. */
  warmupSeconds: number;
  windowSeconds: number;
  /** Rates (req/s) at which modes are compared. */
  fixedRatesPerSecond: number[];
  saturationSeconds: number;
  sampleIntervalSeconds: number;
  idleSeconds: number;
  calibration: { ratePerSecond: number; windowSeconds: number; warmupSeconds: number };
}

export interface BenchOptions {
  scenarios: ScenarioId[];
  langs: Lang[];
  modes: Mode[];
  topologies: Topology[];
  tier: Tier;
  /** Folder the run's folder is created in (default reports/). */
  outDir: string;
  pin: boolean;
  /** Run each language's build steps first; off when the caller already built (npm test does). */
  build: boolean;
  /** True when --scenario named the scenarios: the fault scenarios then run their complete plan even in the quick tier. */
  scenariosGiven?: boolean;
  /** True when --modes named the modes: a mode a tier leaves out of a scenario's default run (TierShare.modesLeftOut) is then measured. */
  modesGiven?: boolean;
  /** True when --langs named the languages: the upgrade's fleet is then only those of them (it takes every language otherwise). */
  langsGiven?: boolean;
  /** --live: the run served its live view on this port of 127.0.0.1 (0: a free one); the generator's figures hold with it on. */
  live?: { port: number };
}

export interface Message {
  level: 'info' | 'warning' | 'skipped' | 'error';
  /** What it is about: a scenario, a language, a cell (`ts/sidecar`). */
  scope: string;
  text: string;
}

export type ScenarioStatus = 'ok' | 'partial' | 'skipped' | 'failed';

export interface ScenarioResult<Data = unknown> {
  id: ScenarioId;
  status: ScenarioStatus;
  startedAt: string;
  durationSeconds: number;
  /** The scenario's own share of the tier it ran in (its knobs), as the report's plan section shows them. */
  settings?: unknown;
  /** Modes of the run this tier left out of this scenario (the default modes were asked for), and why; the plan says it. */
  modesLeftOut?: { modes: Mode[]; why: string };
  messages: Message[];
  /** Scenario-specific raw figures; null when the scenario did not get to measure. */
  data: Data | null;
}

/** Lines and files of each implementation of the features: the evidence of "written again per language". */
export interface CodebaseFacts {
  implementations: { name: string; path: string; files: number; lines: number }[];
  /** The library/ts files the sidecar imports (it is built from them): part of "the sidecar once". */
  sidecarReuse: { from: string; files: number; lines: number } | null;
  /**
   * The code each language's services need to use a mode: its platform adapter for the library, and for the sidecar
   * the log file writer, config file reader and egress URL client (scripts/env/codebase.ts names the files).
   */
  glue: { lang: Lang; mode: 'library' | 'sidecar'; files: number; lines: number; paths: string[] }[];
}

export interface RunResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  runId: string;
  tool: { name: string; version: string };
  status: 'running' | 'complete' | 'interrupted' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  options: BenchOptions;
  /** What the tier measured (repetitions, windows, rates, conformance vectors), so the report says it from the file. */
  tierSettings: TierSettings;
  environment: Environment;
  calibration: CalibrationReading[] | null;
  codebase: CodebaseFacts | null;
  scenarios: ScenarioResult[];
  messages: Message[];
}
