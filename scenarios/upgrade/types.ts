// The upgrade scenario's raw figures in results.json: effort per path, and the rollouts with their timelines.
import type { ProbeKind } from './tree/upgrades.js';
import type { FleetMode, MemberSpec } from './fleet.js';

/** The paths whose code and builds differ; the agent is the sidecar's build, so its effort is the sidecar path's. */
export type EffortPath = 'library' | 'sidecar';
/** How the new build reaches the fleet: restart every app, every instance's sidecar, or each host's one agent. */
export type DeployPath = EffortPath | 'agent';

export interface CodebaseEffort {
  /** contract, library-ts, library-python, library-go, sidecar, or `library-ts (in the sidecar)`. */
  codebase: string;
  lang: string;
  codeFiles: number;
  testFiles: number;
  /** Spec text and conformance vectors. */
  contractFiles: number;
  linesAdded: number;
  linesDeleted: number;
}

export interface TimedFigure {
  lang: string;
  what: string;
  seconds: number;
}

export interface PathEffort {
  path: EffortPath;
  codebases: CodebaseEffort[];
  /** Languages whose code changes (the contract is shared data). */
  languages: string[];
  files: number;
  linesChanged: number;
  builds: TimedFigure[];
  tests: TimedFigure[];
}

export interface VectorCell {
  lang: string;
  mode: string;
  passed: string[];
  failed: string[];
  seconds: number;
}

export interface LatencyFigures {
  sent: number;
  failed: number;
  p50Micros: number | null;
  p99Micros: number | null;
  maxMicros: number | null;
}

export interface TimelineBucket {
  /** Seconds after the load started. */
  startSeconds: number;
  ok: number;
  failed: number;
  p99Micros: number | null;
  oldRecords: number;
  newRecords: number;
}

/** One replacement, in seconds after the load started. */
export interface ReplacementFigures {
  instanceId: string;
  service: string;
  lang: string;
  replaced: 'app' | 'sidecar' | 'agent';
  /** The agent path: the host whose one agent was replaced; its apps share one restart. */
  host?: string;
  signalledSeconds: number;
  deregisteredSeconds: number | null;
  exitedSeconds: number;
  readySeconds: number;
  passingSeconds: number;
}

export interface InstanceRecords {
  instanceId: string;
  old: number;
  new: number;
  /** When this instance moved to the new build (its new process ready). */
  movedSeconds: number;
  lastOldSeconds: number | null;
  firstNewSeconds: number | null;
}

export interface RecordFigures {
  classified: number;
  old: number;
  new: number;
  /** Not as the spec says; for the trace context also a record of a request sent after the rollout ended without the load's trace id. */
  wrong: number;
  /** Trace context: new-behaviour records whose trace began at an upgraded hop because the hop before it still ran the old build. */
  tracesStartedOnTheWay: number;
  /** Old-behaviour records the collector received after the rollout began. */
  oldAfterRolloutStart: number;
  /** ... and after the last instance moved: 0 when the upgrade took effect everywhere. */
  oldAfterRolloutEnd: number;
  firstNewSeconds: number | null;
  lastOldSeconds: number | null;
  /** From the first new-behaviour record to the last old one the collector received; 0 when they do not overlap. */
  mixedWindowSeconds: number;
  perInstance: InstanceRecords[];
}

export interface RolloutFigures {
  path: DeployPath;
  mode: FleetMode;
  members: MemberSpec[];
  ratePerSecond: number;
  rolloutStartSeconds: number;
  rolloutEndSeconds: number;
  durationSeconds: number;
  /** Before the rollout began (after the warm-up): the baseline the rollout is compared with. */
  steady: LatencyFigures;
  rollout: LatencyFigures;
  failedByKind: Record<string, number>;
  replacements: ReplacementFigures[];
  bucketSeconds: number;
  timeline: TimelineBucket[];
  records: RecordFigures;
  /** No old-behaviour record after the last instance moved, every instance showed the new one, none wrong. */
  tookEffectEverywhere: boolean;
}

export interface UpgradeFigures {
  name: string;
  title: string;
  kind: string;
  probe: ProbeKind;
  vectorIds: string[];
  /** The new vectors on the unpatched tree (contract patch only), ts library: which already passed. */
  vectorsBefore: VectorCell | null;
  /** The new vectors on the patched tree, every cell that could run. */
  vectors: VectorCell[];
  effort: PathEffort[];
  rollouts: RolloutFigures[];
}

export interface UpgradeData {
  langs: string[];
  /** What the rollout measured against: the tier's rate, instances per service, and scope of the tests timed. */
  ratePerSecond: number;
  instancesPerService: number;
  testScope: 'suites' | 'changed';
  upgrades: UpgradeFigures[];
}
