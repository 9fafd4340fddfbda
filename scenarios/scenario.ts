// What every scenario is: an id, an estimate of its duration, and a run that returns raw figures.
import type { PinningPlan } from '../scripts/env/pinning.js';
import type { TierSettings } from '../scripts/bench/tiers.js';
import type { BenchOptions, Lang, Message, Mode, ScenarioId, ScenarioStatus } from '../scripts/results/types.js';

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
  cells: Cell[];
  /** Cells requested but not runnable, with why; scenarios add them to their messages. */
  skippedCells: { cell: Cell; reason: string }[];
  /** Names the current step for the progress display. */
  step(label: string): void;
}

export interface ScenarioOutcome<Data> {
  status: ScenarioStatus;
  data: Data | null;
  messages: Message[];
}

export interface Scenario<Data = unknown> {
  id: ScenarioId;
  title: string;
  /** Seconds this scenario should take with these cells, for the progress estimate. */
  estimateSeconds(tier: TierSettings, cells: readonly Cell[], options?: BenchOptions): number;
  run(context: ScenarioContext): Promise<ScenarioOutcome<Data>>;
}
