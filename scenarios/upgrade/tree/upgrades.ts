// The upgrades in scenarios/upgrade/upgrades/<name>/: their patches per codebase, the vectors they add, how a record shows the new behaviour.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../../../scripts/orchestration/paths.js';
import { CODEBASES, patchFileName, type Codebase } from './codebases.js';

/** How the rollout tells a record of the new build from one of the old (scenarios/upgrade/probes.ts). */
export type ProbeKind = 'redaction' | 'traceparent';

/** scenarios/upgrade/upgrades/<name>/upgrade.json */
interface UpgradeFile {
  title: string;
  /** security fix, feature... */
  kind: string;
  probe: ProbeKind;
}

export interface Upgrade extends UpgradeFile {
  name: string;
  folder: string;
  /** Patch file per codebase that has one; a codebase without a patch has no change of its own. */
  patches: Partial<Record<Codebase, string>>;
  /** Ids of the conformance vectors the contract patch adds. */
  vectorIds: string[];
}

const NEW_VECTOR = /^\+\+\+ b\/conformance\/vectors\/[a-z]+\/([a-z0-9-]+)\.json$/gm;

export function upgradesDir(): string {
  return fromRoot('scenarios', 'upgrade', 'upgrades');
}

export function loadUpgrades(dir = upgradesDir()): Upgrade[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'upgrade.json')))
    .map((entry) => loadUpgrade(join(dir, entry.name), entry.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function loadUpgrade(folder: string, name: string): Upgrade {
  const file = JSON.parse(readFileSync(join(folder, 'upgrade.json'), 'utf8')) as UpgradeFile;
  const patches: Partial<Record<Codebase, string>> = {};
  for (const codebase of CODEBASES) {
    const path = join(folder, patchFileName(codebase));
    if (existsSync(path)) patches[codebase] = path;
  }
  const contract = patches.contract === undefined ? '' : readFileSync(patches.contract, 'utf8');
  const vectorIds = [...contract.matchAll(NEW_VECTOR)].map((match) => match[1] as string);
  return { ...file, name, folder, patches, vectorIds };
}

/** The patches of the codebases given, in the order of CODEBASES (the contract first). */
export function patchesOf(upgrade: Upgrade, codebases: readonly Codebase[] = CODEBASES): string[] {
  return CODEBASES.filter((codebase) => codebases.includes(codebase)).flatMap((codebase) => upgrade.patches[codebase] ?? []);
}
