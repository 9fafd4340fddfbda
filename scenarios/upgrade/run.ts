// upgrade: one change rolled out through every library (patch, build, test, restart every app) and through the sidecar (only sidecars restart).
import { join } from 'node:path';
import { onEveryCore } from '../../scripts/env/pinning.js';
import { assertBuilt } from '../../scripts/orchestration/built.js';
import { SIDECAR_ENTRY } from '../../scripts/orchestration/instance.js';
import { knownLanguages } from '../../scripts/orchestration/languages.js';
import { repoRoot } from '../../scripts/orchestration/paths.js';
import type { Message } from '../../scripts/results/types.js';
import { LIBRARY_CODEBASES } from './tree/codebases.js';
import { reachableFiles } from './tree/import-graph.js';
import { preparePatchedTree } from './tree/prepare.js';
import { changedFiles, changedTestTargets, SUITE_OF, type ChangedFile } from './tree/tests.js';
import { loadUpgrades, type Upgrade } from './tree/upgrades.js';
import { runTests, runVectors, type StepLang, type TimedStep } from './tree/verify.js';
import type { ScenarioRunner, ScenarioContext } from '../../scripts/engine/scenario.js';
import { pathEffort, SIDECAR_ENTRY_SOURCE } from './effort.js';
import { fleetLangs, fleetLangsNote, PATCHED_LANGS } from './langs.js';
import { fleetMembers, type UpgradeTier } from './plan.js';
import { runRollout } from './rollout.js';
import type { DeployPath, EffortPath, RolloutFigures, TimedFigure, UpgradeData, UpgradeFigures, VectorCell } from './types.js';

export type { UpgradeData } from './types.js';

/** Paths whose code, builds and tests differ. */
const EFFORT_PATHS: readonly EffortPath[] = ['library', 'sidecar'];
/** Paths rolled out live: the agent ships the sidecar's build, one restart per host instead of one per instance. */
const ROLLOUT_PATHS: readonly DeployPath[] = ['library', 'sidecar', 'agent'];

/** Unit tests per path: every suite the path ships (or only the changed test files), timed in the patched tree. */
async function timeTests(
  root: string,
  changed: readonly ChangedFile[],
  tier: UpgradeTier,
  langs: readonly StepLang[],
): Promise<Record<EffortPath, TimedFigure[]>> {
  const tests: Record<EffortPath, TimedFigure[]> = { library: [], sidecar: [] };
  if (tier.testScope === 'changed') {
    const targets = changedTestTargets(changed);
    for (const lang of langs) {
      const files = targets[lang];
      if (files === undefined) continue;
      const step = await runTests(root, lang, files, 'changed tests');
      tests.library.push(step);
      if (lang === 'ts') tests.sidecar.push(step);
    }
    return tests;
  }
  const touched = new Set(changed.map((file) => file.codebase));
  let libraryTs: TimedStep | undefined;
  for (const codebase of LIBRARY_CODEBASES) {
    const suite = SUITE_OF[codebase];
    if (suite === undefined || !touched.has(codebase) || !langs.includes(suite.lang)) continue;
    const step = await runTests(root, suite.lang, suite.targets, `${codebase} suite`);
    if (codebase === 'library-ts') libraryTs = step;
    tests.library.push(step);
  }
  // The sidecar compiles library/ts in: its release runs that suite and its own.
  tests.sidecar.push(libraryTs ?? (await runTests(root, 'ts', ['library/ts'], 'library-ts suite')));
  tests.sidecar.push(await runTests(root, 'ts', ['sidecar'], 'sidecar suite'));
  return tests;
}

function vectorCell(run: { lang: string; mode: string; passed: string[]; failed: string[]; seconds: number }): VectorCell {
  return { lang: run.lang, mode: run.mode, passed: run.passed, failed: run.failed, seconds: run.seconds };
}

async function measureUpgrade(
  upgrade: Upgrade,
  context: ScenarioContext,
  tier: UpgradeTier,
  langs: StepLang[],
  messages: Message[],
): Promise<UpgradeFigures> {
  const scope = `upgrade/${upgrade.name}`;
  context.step(`upgrade ${upgrade.name}: patches`);
  const changed = await changedFiles(upgrade);
  let vectorsBefore: VectorCell | null = null;
  if (tier.vectorsBefore) {
    context.step(`upgrade ${upgrade.name}: the new vectors on the unpatched tree`);
    const before = await preparePatchedTree(upgrade, ['ts'], ['contract'], `${upgrade.name}-before`);
    try {
      const [cell] = await runVectors(before.root, upgrade.vectorIds, ['ts'], ['library']);
      vectorsBefore = cell === undefined ? null : vectorCell(cell);
    } finally {
      await before.remove();
    }
  }
  context.step(`upgrade ${upgrade.name}: applying and building every language`);
  const tree = await preparePatchedTree(upgrade, langs);
  try {
    const sidecarSources = await reachableFiles(tree.root, SIDECAR_ENTRY_SOURCE);
    context.step(`upgrade ${upgrade.name}: tests`);
    const tests = await timeTests(tree.root, changed, tier, langs);
    const vectors: VectorCell[] = [];
    if (tier.vectors) {
      for (const mode of EFFORT_PATHS) {
        context.step(`upgrade ${upgrade.name}: new vectors, ${mode} mode, every language`);
        for (const cell of await runVectors(tree.root, upgrade.vectorIds, langs, [mode])) {
          vectors.push(vectorCell(cell));
          tests[mode].push({
            lang: mode === 'library' ? cell.lang : 'ts',
            what: `new vectors, ${cell.lang} ${mode}`,
            seconds: cell.seconds,
          });
          if (cell.failed.length > 0)
            messages.push({
              level: 'error',
              scope,
              text: `new vectors failed on the patched tree, ${cell.lang}-${cell.mode}: ${cell.failed.join(', ')}`,
            });
        }
      }
    }
    const effort = EFFORT_PATHS.map((path) => pathEffort(path, changed, sidecarSources, tree.builds, tests[path]));
    const rollouts: RolloutFigures[] = [];
    for (const path of ROLLOUT_PATHS) {
      try {
        rollouts.push(
          await runRollout({
            path,
            probe: upgrade.probe,
            members: fleetMembers(langs, tier.instancesPerService, path),
            oldRoot: repoRoot(),
            newRoot: tree.root,
            ratePerSecond: tier.ratePerSecond,
            warmupSeconds: tier.warmupSeconds,
            steadySeconds: tier.steadySeconds,
            settleSeconds: tier.settleSeconds,
            bucketSeconds: tier.bucketSeconds,
            runDir: join(context.runDir, 'upgrade', upgrade.name),
            step: (label) => context.step(`${upgrade.name}: ${label}`),
          }),
        );
      } catch (error) {
        messages.push({ level: 'error', scope: `${scope}/${path}`, text: `the rollout failed: ${(error as Error).message}` });
      }
    }
    for (const rollout of rollouts) {
      if (!rollout.tookEffectEverywhere)
        messages.push({
          level: 'warning',
          scope: `${scope}/${rollout.path}`,
          text: `the upgrade did not take effect everywhere: ${rollout.records.oldAfterRolloutEnd} old-behaviour records after the last instance moved, ${rollout.records.wrong} wrong, instances without a new record: ${
            rollout.records.perInstance
              .filter((one) => one.new === 0)
              .map((one) => one.instanceId)
              .join(', ') || 'none'
          }`,
        });
    }
    return {
      name: upgrade.name,
      title: upgrade.title,
      kind: upgrade.kind,
      probe: upgrade.probe,
      vectorIds: upgrade.vectorIds,
      vectorsBefore,
      vectors,
      effort,
      rollouts,
    };
  } finally {
    await tree.remove();
  }
}

/** The upgrade's share of a tier: its rollout's rate, windows and test scope (UPGRADE_TIERS in plan.ts). */
export type UpgradeSettings = UpgradeTier;

export const upgradeRunner: ScenarioRunner<UpgradeData, UpgradeSettings> = {
  // A fleet of every available language (web, customers, payment each in several), so the polyglot topology.
  // Smoke: 113 s for ts and go with the agent path (2026-12-05, this 2-core machine, reports/20261205-094243-smoke), 75 s
  // before it; quick and full are older estimates that do not count the agent path's rollouts yet.
  estimateSeconds: (tier) => (tier.tier === 'smoke' ? 115 : tier.tier === 'quick' ? 420 : 600),

  async run(context) {
    const tier = context.settings;
    const messages: Message[] = [];
    const fleet = fleetLangs(
      context.available.map((cell) => cell.lang),
      context.options,
    );
    const { langs } = fleet;
    if (!langs.includes('ts'))
      return {
        status: 'skipped',
        data: null,
        messages: [
          {
            level: 'skipped',
            scope: 'upgrade',
            text: `TypeScript (the sidecar and the harness) ${fleet.leftOutByFlag.includes('ts') ? 'is not in --langs' : 'cannot run in this run'}`,
          },
        ],
      };
    const unpatched = knownLanguages().filter((lang) => !PATCHED_LANGS.includes(lang as StepLang));
    messages.push({ level: 'info', scope: 'upgrade', text: fleetLangsNote(fleet) });
    // A library with no patch is a codebase the upgrade does not reach yet: said, not hidden.
    if (unpatched.length > 0)
      messages.push({
        level: 'warning',
        scope: 'upgrade',
        text: `no patch is written yet for the libraries of ${unpatched.join(', ')}: on the library path this upgrade does not reach them, so they are left out of the fleet`,
      });
    // The fleet starts from this tree's own builds, made when the run planned its cells.
    assertBuilt(SIDECAR_ENTRY, 'the sidecar (the upgrade experiment rolls it out)');
    const upgrades = loadUpgrades();
    if (upgrades.length === 0)
      return {
        status: 'skipped',
        data: null,
        messages: [...messages, { level: 'skipped', scope: 'upgrade', text: 'no upgrade in scenarios/upgrade/upgrades/' }],
      };
    const data: UpgradeData = {
      langs,
      ratePerSecond: tier.ratePerSecond,
      instancesPerService: tier.instancesPerService,
      testScope: tier.testScope,
      upgrades: [],
    };
    // Builds, tests and the fleet get every core: the rollout counts failures and millisecond tails, and a fleet of
    // apps and sidecars squeezed onto the system core would measure that core. The load generator is light (a timer, not a spin).
    await onEveryCore(context.pinning, async (widened) => {
      if (widened)
        messages.push({ level: 'info', scope: 'upgrade', text: 'builds, tests, the fleet and its load ran on every core (not pinned)' });
      for (const upgrade of upgrades) {
        try {
          data.upgrades.push(await measureUpgrade(upgrade, context, tier, langs, messages));
        } catch (error) {
          messages.push({ level: 'error', scope: `upgrade/${upgrade.name}`, text: (error as Error).message.slice(0, 4000) });
        }
      }
    });
    const complete = data.upgrades.length === upgrades.length && data.upgrades.every((one) => one.rollouts.length === ROLLOUT_PATHS.length);
    return { status: complete ? 'ok' : data.upgrades.length > 0 ? 'partial' : 'failed', data, messages };
  },
};
