// Which tests prove an upgrade in each language: the test files its patches touch (the guard), or every suite a path ships (the bench).
import { dirname } from 'node:path';
import { CODEBASE_INFO, CODEBASES, isTestFile, type Codebase } from './codebases.js';
import { patchNumstat } from './scratch.js';
import type { Upgrade } from './upgrades.js';
import type { StepLang } from './verify.js';

export interface ChangedFile {
  codebase: Codebase;
  file: string;
  added: number;
  deleted: number;
}

export async function changedFiles(upgrade: Upgrade): Promise<ChangedFile[]> {
  const changed: ChangedFile[] = [];
  for (const codebase of CODEBASES) {
    const patch = upgrade.patches[codebase];
    if (patch === undefined) continue;
    for (const stat of await patchNumstat(patch)) changed.push({ codebase, ...stat });
  }
  return changed;
}

/** Test targets per language for the guard: the test files the patches add or change (Go: their packages; Rust and Java: the files, runTests narrows to them). */
export function changedTestTargets(changed: readonly ChangedFile[]): Partial<Record<StepLang, string[]>> {
  const targets: Partial<Record<StepLang, Set<string>>> = {};
  const add = (lang: StepLang, target: string) => {
    const langTargets = targets[lang] ?? new Set<string>();
    langTargets.add(target);
    targets[lang] = langTargets;
  };
  for (const { codebase, file } of changed) {
    const lang = CODEBASE_INFO[codebase].lang;
    if (lang === 'shared' || !isTestFile(file)) continue;
    if (lang === 'go') add('go', `./${dirname(file.slice('library/go/'.length))}`);
    else add(lang, file);
  }
  return Object.fromEntries(Object.entries(targets).map(([lang, set]) => [lang, [...set].sort()]));
}

/** The whole unit suite of a codebase, as its CI would run it before shipping (the bench's test time). */
export const SUITE_OF: Readonly<Partial<Record<Codebase, { lang: StepLang; targets: string[] }>>> = {
  'library-ts': { lang: 'ts', targets: ['library/ts'] },
  'library-python': { lang: 'python', targets: ['library/python/tests'] },
  'library-go': { lang: 'go', targets: ['./...'] },
  'library-rust': { lang: 'rust', targets: ['./...'] },
  'library-java': { lang: 'java', targets: ['./...'] },
  // The sidecar ships library/ts compiled in: its release runs both suites.
  sidecar: { lang: 'ts', targets: ['library/ts', 'sidecar'] },
};
