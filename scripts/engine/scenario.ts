// What every scenario is: an id, an estimate of its duration, and a run that returns raw figures.
import type { PinningPlan } from '../env/pinning.js';
import type { TierSettings } from '../bench/tiers.js';
import type { BenchOptions, Lang, Message, Mode, ScenarioId, ScenarioResult, ScenarioStatus, Topology } from '../results/types.js';

/** A language and mode that can be started in this run (toolchain present; sidecar built for sidecar mode). */
export interface Cell {
  lang: Lang;
  mode: Mode;
}

export interface ScenarioContext {
  options: BenchOptions;
  tier: TierSettings;
  pinning: PinningPlan;
  /** The run's folder; artifacts (profiles) go beside results.json. */
  runDir: string;
  /** The cells of --langs x --modes that can run and passed conformance (when it ran): what single-service scenarios measure. */
  cells: Cell[];
  /** Every cell that can run and passed conformance, the polyglot topology's languages included. */
  available: Cell[];
  /** Cells requested but not runnable or not conforming, with why; scenarios add them to their messages. */
  skippedCells: { cell: Cell; reason: string }[];
  /** What the scenarios before this one in the run returned, for one that reuses another's measurement. */
  earlier: readonly ScenarioResult[];
  /** Names the current step for the progress display. */
  step(label: string): void;
}

export interface ScenarioOutcome<Data> {
  status: ScenarioStatus;
  data: Data | null;
  messages: Message[];
  /** Cells this scenario found unfit to measure (consistency: failed conformance); later scenarios skip them. */
  failedCells?: { cell: Cell; reason: string }[];
}

export interface Scenario<Data = unknown> {
  id: ScenarioId;
  title: string;
  /** The topology it measures (--topology picks); `any` for what every run needs (conformance). */
  topology: Topology | 'any';
  /** Seconds this scenario should take with these cells, for the progress estimate. */
  estimateSeconds(tier: TierSettings, cells: readonly Cell[], options?: BenchOptions): number;
  run(context: ScenarioContext): Promise<ScenarioOutcome<Data>>;
}
