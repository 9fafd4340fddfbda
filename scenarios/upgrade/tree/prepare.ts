// An upgrade made real: a scratch copy of the tree with the patches applied and each language built, timed.
import { CODEBASES, type Codebase } from './codebases.js';
import { applyPatches, copyWorkingTree, type ScratchTree } from './scratch.js';
import type { Upgrade } from './upgrades.js';
import { patchesOf } from './upgrades.js';
import { buildLanguage, type StepLang, type TimedStep } from './verify.js';

export interface PreparedTree extends ScratchTree {
  builds: TimedStep[];
}

/** Copies the tree, applies the patches of `codebases` (default: all), builds each language given. */
export async function preparePatchedTree(
  upgrade: Upgrade,
  langs: readonly StepLang[],
  codebases: readonly Codebase[] = CODEBASES,
  label = upgrade.name,
): Promise<PreparedTree> {
  const tree = await copyWorkingTree(label);
  try {
    await applyPatches(tree.root, patchesOf(upgrade, codebases));
    const builds: TimedStep[] = [];
    for (const lang of langs) builds.push(await buildLanguage(tree.root, lang));
    return { ...tree, builds };
  } catch (error) {
    await tree.remove();
    throw error;
  }
}
