// What every scenario is: one folder under scenarios/, one entry in scenarios/index.ts. The engine names none of them:
// it runs, validates, analyses and reports through this interface alone.
import type { PinningPlan } from '../env/pinning.js';
import { FEATURE_MODES } from '../orchestration/recipe.js';
import type { TierSettings } from '../bench/tiers.js';
import type { BenchOptions, Lang, Message, Mode, RunResults, ScenarioResult, ScenarioStatus, Tier, Topology } from '../results/types.js';
import type { ChartRegistry } from '../report/html.js';
import type { Headline } from '../report/headlines.js';
import type { ClaimFinding, ClaimId } from '../report/claims.js';
import type { CalibrationJudgement } from '../load/calibration.js';
import type { ScenarioEvent } from './events.js';

/** A language and mode that can be started in this run (toolchain present; sidecar built for sidecar mode). */
export interface Cell {
  lang: Lang;
  mode: Mode;
}

export interface ScenarioContext<Settings = unknown> {
  options: BenchOptions;
  tier: TierSettings;
  /** This scenario's own share of the tier (its `tiers[tier].settings`). */
  settings: Settings;
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
  /** Names the current step for the progress display and the live view (a step-started event). */
  step(label: string): void;
  /** Says what happened as it happens (a step's figures, a fault injected or cleared) on the run's event channel. */
  emit(event: ScenarioEvent): void;
}

export interface ScenarioOutcome<Data> {
  status: ScenarioStatus;
  data: Data | null;
  messages: Message[];
  /** Cells this scenario found unfit to measure (consistency: failed conformance); later scenarios skip them. */
  failedCells?: { cell: Cell; reason: string }[];
}

/** A scenario's part in one tier: whether a run without --scenario includes it, and its own knobs. */
export interface TierShare<Settings> {
  inDefaultRun: boolean;
  settings: Settings;
  /** Modes this tier measures only when --modes names them (a run of the default modes leaves them out), and why. */
  modesLeftOut?: ModesLeftOut;
}

/** Modes of a scenario a tier's default modes leave out, and why: the report's plan says it (ScenarioResult.modesLeftOut). */
export interface ModesLeftOut {
  modes: readonly Mode[];
  why: string;
}

/** What a section is drawn with besides its own analysis. */
export interface SectionContext {
  charts: ChartRegistry;
  results: RunResults;
}

/** Every scenario's analysis of one run, computed once; claims read other scenarios' figures through it. */
export interface AnalysedRun {
  results: RunResults;
  /** The generator's calibration against targets of known latency; null when the run had none. */
  calibration: CalibrationJudgement | null;
  /**
   * A scenario's analysis in this run, asked for by its analyze function (typed, no id string), or null when it did
   * not run or measured nothing.
   */
  analysisOf<Analysis>(analyze: Analyzer<Analysis>): Analysis | null;
}

/** A scenario's analyze function, as another scenario's claim names it. */
export type Analyzer<Analysis> = (data: never, results: RunResults) => Analysis;

/** A claim of the seed (or a cost its critics name) that this scenario's figures decide. */
export interface ClaimRule {
  id: ClaimId;
  evaluate(run: AnalysedRun): ClaimFinding;
}

export interface ScenarioPlugin<Data = unknown, Analysis = unknown, Settings = unknown> {
  id: string;
  title: string;
  /** The topology it measures (--topology picks); `any` for what every run needs (conformance). */
  topology: Topology | 'any';
  /** JSON Schema (2020-12) of its `data` in results.json: a results file is refused when its data does not match. */
  dataSchema: object;
  tiers: Record<Tier, TierShare<Settings>>;
  /** Drives services with the open-loop generator: the run calibrates the generator before the first such scenario. */
  needsCalibration?: boolean;
  /** Names itself which languages took part, so a skipped cell does not make it partial. */
  choosesOwnLanguages?: boolean;
  /**
   * The modes it measures; default FEATURE_MODES. Mode native (HAProxy, the floor of a hop) has no feature, so only
   * a scenario that measures the hop's cost names it.
   */
  modes?: readonly Mode[];
  /** Languages it starts beyond --langs (a polyglot topology's); a function when --langs decides them (the upgrade's fleet). */
  extraLangs?: readonly Lang[] | ((options: Pick<BenchOptions, 'langsGiven'>) => readonly Lang[]);
  /** Seconds this scenario should take with these cells, for the progress estimate. */
  estimateSeconds(tier: TierSettings, settings: Settings, cells: readonly Cell[], options: BenchOptions): number;
  run(context: ScenarioContext<Settings>): Promise<ScenarioOutcome<Data>>;
  /** From raw data to the figures its section, headlines and claims share: computed once per report. */
  analyze(data: Data, results: RunResults): Analysis;
  /** The section's HTML body. Prose in it is computed from the analysis like the figures. */
  section(analysis: Analysis, page: SectionContext): string;
  /** What this tier's settings mean, as rows of the report's "What this run measured". */
  describeSettings?(settings: Settings, options: BenchOptions): [what: string, howMuch: string][];
  headlines?(analysis: Analysis): Headline[];
  claims?: readonly ClaimRule[];
}

/** The modes a scenario measures. */
export function modesOf(scenario: Pick<ScenarioPlugin, 'modes'>): readonly Mode[] {
  return scenario.modes ?? FEATURE_MODES;
}

/** The registry's element type: a plugin of any data, analysis and settings (its methods' parameters are checked bivariantly). */
export type AnyScenario = ScenarioPlugin<unknown, unknown, unknown>;

/** The part of a plugin its run.ts holds: how it measures and how long that takes. */
export type ScenarioRunner<Data, Settings = unknown> = Pick<ScenarioPlugin<Data, unknown, Settings>, 'estimateSeconds' | 'run'>;

/** The cells this scenario was asked for but cannot measure, as messages its section shows. */
export function skippedMessages(context: Pick<ScenarioContext, 'skippedCells'>): Message[] {
  return context.skippedCells.map(({ cell, reason }) => ({ level: 'skipped', scope: `${cell.lang}/${cell.mode}`, text: reason }));
}

/**
 * A scenario's share of each tier: its settings per tier (none when it has no knobs of its own), the tiers whose
 * default run leaves it out (it still runs there when --scenario names it), and the modes a tier measures only when
 * --modes names them.
 */
export function tierShares<Settings = Record<string, never>>(
  share: { settings?: Record<Tier, Settings>; leftOutOf?: readonly Tier[]; modesLeftOutOf?: Partial<Record<Tier, ModesLeftOut>> } = {},
): Record<Tier, TierShare<Settings>> {
  const of = (tier: Tier): TierShare<Settings> => {
    const modesLeftOut = share.modesLeftOutOf?.[tier];
    return {
      inDefaultRun: !(share.leftOutOf ?? []).includes(tier),
      settings: share.settings?.[tier] ?? ({} as Settings),
      ...(modesLeftOut !== undefined ? { modesLeftOut } : {}),
    };
  };
  return { smoke: of('smoke'), quick: of('quick'), full: of('full') };
}

/**
 * The modes the run's tier leaves out of this scenario: its share's modesLeftOut, unless --modes named the modes (then
 * what it named is measured; without it the run asked for every mode). Undefined when none is left out.
 */
export function modesLeftOut(
  scenario: Pick<AnyScenario, 'tiers' | 'modes'>,
  options: Pick<BenchOptions, 'tier' | 'modesGiven'>,
): ModesLeftOut | undefined {
  const share = scenario.tiers[options.tier].modesLeftOut;
  if (share === undefined || options.modesGiven === true) return undefined;
  const modes = share.modes.filter((mode) => modesOf(scenario).includes(mode));
  return modes.length === 0 ? undefined : { modes, why: share.why };
}
