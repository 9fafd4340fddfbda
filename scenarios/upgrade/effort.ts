// What each deployment path of an upgrade changes and ships, counted from the patches, with its build and test times.
import { CODEBASE_INFO, isTestFile, LIBRARY_CODEBASES } from './tree/codebases.js';
import type { ChangedFile } from './tree/tests.js';
import type { CodebaseEffort, EffortPath, PathEffort, TimedFigure } from './types.js';

/** The sidecar's entry point: what it compiles in is what a sidecar upgrade deploys. */
export const SIDECAR_ENTRY_SOURCE = 'sidecar/src/main.ts';
export const LIBRARY_TS_IN_SIDECAR = 'library-ts (in the sidecar)';

function effortOf(codebase: string, lang: string, files: readonly ChangedFile[]): CodebaseEffort {
  const contract = files.filter((file) => CODEBASE_INFO[file.codebase].lang === 'shared');
  const tests = files.filter((file) => !contract.includes(file) && isTestFile(file.file));
  return {
    codebase,
    lang,
    codeFiles: files.length - contract.length - tests.length,
    testFiles: tests.length,
    contractFiles: contract.length,
    linesAdded: files.reduce((sum, file) => sum + file.added, 0),
    linesDeleted: files.reduce((sum, file) => sum + file.deleted, 0),
  };
}

/** `library/ts/src/logs/x.ts` -> `logs`: the feature folder, mirrored by `library/ts/test/logs/`. */
function featureFolder(file: string): string {
  return file.split('/').slice(3, -1).join('/');
}

/**
 * library/ts files the sidecar compiles in, and the tests of those features: a change there ships with
 * the sidecar even when sidecar/ itself is untouched.
 */
export function libraryFilesInSidecar(changed: readonly ChangedFile[], sidecarSources: ReadonlySet<string>): ChangedFile[] {
  const libraryTs = changed.filter((file) => file.codebase === 'library-ts');
  const sources = libraryTs.filter((file) => sidecarSources.has(file.file));
  const folders = new Set(sources.map((file) => featureFolder(file.file)));
  const tests = libraryTs.filter((file) => isTestFile(file.file) && folders.has(featureFolder(file.file)));
  return [...sources, ...tests];
}

export function pathEffort(
  path: EffortPath,
  changed: readonly ChangedFile[],
  sidecarSources: ReadonlySet<string>,
  builds: readonly TimedFigure[],
  tests: readonly TimedFigure[],
): PathEffort {
  const codebases: CodebaseEffort[] = [];
  const contract = changed.filter((file) => file.codebase === 'contract');
  if (contract.length > 0) codebases.push(effortOf('contract', 'shared', contract));
  if (path === 'library') {
    for (const codebase of LIBRARY_CODEBASES) {
      const files = changed.filter((file) => file.codebase === codebase);
      if (files.length > 0) codebases.push(effortOf(codebase, CODEBASE_INFO[codebase].lang, files));
    }
  } else {
    const own = changed.filter((file) => file.codebase === 'sidecar');
    if (own.length > 0) codebases.push(effortOf('sidecar', 'ts', own));
    const shipped = libraryFilesInSidecar(changed, sidecarSources);
    if (shipped.length > 0) codebases.push(effortOf(LIBRARY_TS_IN_SIDECAR, 'ts', shipped));
  }
  const languages = [...new Set(codebases.map((one) => one.lang).filter((lang) => lang !== 'shared'))].sort();
  return {
    path,
    codebases,
    languages,
    files: codebases.reduce((sum, one) => sum + one.codeFiles + one.testFiles + one.contractFiles, 0),
    linesChanged: codebases.reduce((sum, one) => sum + one.linesAdded + one.linesDeleted, 0),
    builds: builds.filter((build) => languages.includes(build.lang)),
    tests: [...tests],
  };
}
