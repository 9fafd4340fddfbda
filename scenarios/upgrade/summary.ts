// Figures the upgrade section and the claims table share: per-language lines and times of each path, rollout summaries.
import type { DeployPath, EffortPath, PathEffort, RolloutFigures, UpgradeData, UpgradeFigures } from './types.js';

export const EFFORT_LANGS = ['ts', 'python', 'go'] as const;

/** Lines a path changes in one language's code (the contract, shared data, apart). */
export function linesInLang(effort: PathEffort, lang: string): number {
  return effort.codebases.filter((one) => one.lang === lang).reduce((sum, one) => sum + one.linesAdded + one.linesDeleted, 0);
}

export function contractLines(effort: PathEffort): number {
  return linesInLang(effort, 'shared');
}

export function secondsInLang(figures: PathEffort['builds'], lang: string): number {
  return figures.filter((one) => one.lang === lang).reduce((sum, one) => sum + one.seconds, 0);
}

/** Codebases with code of their own (the contract is the same document for both paths). */
export function codeCodebases(effort: PathEffort): number {
  return effort.codebases.filter((one) => one.lang !== 'shared').length;
}

export function effortOf(upgrade: UpgradeFigures, path: EffortPath): PathEffort | undefined {
  return upgrade.effort.find((one) => one.path === path);
}

export function rolloutOf(upgrade: UpgradeFigures, path: DeployPath): RolloutFigures | undefined {
  return upgrade.rollouts.find((one) => one.path === path);
}

/** Processes the rollout restarted: one per instance, except on the agent path, where a host's apps share one agent. */
export function restartsOf(rollout: RolloutFigures): number {
  return new Set(rollout.replacements.map((one) => one.host ?? one.instanceId)).size;
}

/**
 * From the first instance's first new-behaviour record to the last instance's: how long the fleet took to move. Unlike
 * the mixed-version window it counts time when no instance answered with the old build any more (an agent path's last
 * host down while its new agent starts); null when an instance never showed the new behaviour.
 */
export function switchSpreadSeconds(rollout: RolloutFigures): number | null {
  const firsts = rollout.records.perInstance.map((one) => one.firstNewSeconds);
  if (firsts.length === 0 || firsts.some((one) => one === null)) return null;
  const seconds = firsts as number[];
  return Math.round((Math.max(...seconds) - Math.min(...seconds)) * 1000) / 1000;
}

/** The agent path: how many apps each host's agent served, fewest and most. */
export function appsPerHost(rollout: RolloutFigures): { hosts: number; fewest: number; most: number } {
  const perHost = new Map<string, number>();
  for (const member of rollout.members) if (member.host !== undefined) perHost.set(member.host, (perHost.get(member.host) ?? 0) + 1);
  const counts = [...perHost.values()];
  return { hosts: counts.length, fewest: counts.length === 0 ? 0 : Math.min(...counts), most: Math.max(0, ...counts) };
}

export interface PathSummary {
  path: DeployPath;
  upgrades: number;
  maxCodebases: number;
  maxLanguages: number;
  failed: number;
  sent: number;
  maxMixedWindowSeconds: number;
  allTookEffect: boolean;
  rollouts: number;
}

/** Over every upgrade: the most codebases and languages a path touched, and its rollouts' failures and windows. */
export function summarizePath(data: UpgradeData, path: DeployPath): PathSummary {
  // The agent runs the sidecar's build: its code, builds and tests are the sidecar path's.
  const efforts = data.upgrades.flatMap((upgrade) => effortOf(upgrade, path === 'agent' ? 'sidecar' : path) ?? []);
  const rollouts = data.upgrades.flatMap((upgrade) => rolloutOf(upgrade, path) ?? []);
  return {
    path,
    upgrades: efforts.length,
    maxCodebases: Math.max(0, ...efforts.map(codeCodebases)),
    maxLanguages: Math.max(0, ...efforts.map((one) => one.languages.length)),
    failed: rollouts.reduce((sum, one) => sum + one.rollout.failed, 0),
    sent: rollouts.reduce((sum, one) => sum + one.rollout.sent, 0),
    maxMixedWindowSeconds: Math.max(0, ...rollouts.map((one) => one.records.mixedWindowSeconds)),
    allTookEffect: rollouts.length > 0 && rollouts.every((one) => one.tookEffectEverywhere),
    rollouts: rollouts.length,
  };
}

/** Everything the upgrade section, C2 and C7 read: computed once per report. */
export interface UpgradeAnalysis {
  data: UpgradeData;
  library: PathSummary;
  sidecar: PathSummary;
  agent: PathSummary;
}

export function analyzeUpgrade(data: UpgradeData): UpgradeAnalysis {
  return {
    data,
    library: summarizePath(data, 'library'),
    sidecar: summarizePath(data, 'sidecar'),
    agent: summarizePath(data, 'agent'),
  };
}
