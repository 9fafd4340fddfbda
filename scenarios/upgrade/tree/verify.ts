// Builds a patched scratch tree per language and runs its tests and conformance vectors, timing each step.
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { HarnessError } from '../../../scripts/orchestration/errors.js';
import { readLaunch } from '../../../scripts/orchestration/languages.js';
import { copyStartBinary, linkMavenRepository, SCRATCH_RUST_TARGET, withSharedTargetDir } from './compiled-caches.js';

export type StepLang = 'ts' | 'python' | 'go' | 'rust' | 'java';

export interface TimedStep {
  lang: StepLang;
  what: string;
  seconds: number;
}

/** PYTHONPATH that makes the shared virtual environment import the scratch tree's sources. */
export function pythonPathOf(root: string): string {
  return [join(root, 'library', 'python', 'src'), join(root, 'services', 'python', 'src')].join(':');
}

/** Environment of every process started from a scratch tree. */
export function scratchEnv(root: string): Record<string, string> {
  return { PYTHONPATH: pythonPathOf(root) };
}

async function timed(
  root: string,
  lang: StepLang,
  what: string,
  command: string,
  args: readonly string[],
  timeoutSeconds = 600,
): Promise<TimedStep> {
  const startedAt = performance.now();
  const result = await execa(command, args, {
    cwd: root,
    env: scratchEnv(root),
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: timeoutSeconds * 1000,
  });
  if (result.exitCode !== 0) {
    throw new HarnessError(
      'SCL_ERR_PATCH_FAILED',
      `${what} failed in ${root} (${[command, ...args].join(' ')}, exit ${result.exitCode ?? result.signal})\n${String(result.all).slice(-6000)}`,
    );
  }
  return { lang, what, seconds: (performance.now() - startedAt) / 1000 };
}

/**
 * The build a change in this language needs. TypeScript: tsc over the project (services, libraries,
 * sidecar, harness) and the sidecar's bundle. Go: the launch file's generate and build steps. Python: byte-compiling the
 * sources, as the virtual environment's dependencies do not change and its install is editable.
 * Rust and Java: the launch file's build steps, Rust into the shared scratch target dir and Java
 * on the shared Maven repository (compiled-caches.ts), so a scratch build is incremental.
 */
export async function buildLanguage(root: string, lang: StepLang): Promise<TimedStep> {
  switch (lang) {
    case 'ts': {
      // As npm run build: tsc, then the sidecar's bundle, the build the harness starts (SIDECAR_ENTRY).
      const startedAt = performance.now();
      await timed(root, 'ts', 'tsc -p .', join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.']);
      await timed(root, 'ts', 'sidecar bundle', process.execPath, [join('dist', 'sidecar', 'build', 'bundle.js')]);
      return { lang: 'ts', what: 'tsc -p . && sidecar bundle', seconds: (performance.now() - startedAt) / 1000 };
    }
    case 'python':
      return timed(root, 'python', 'python -m compileall', join(root, '.venv', 'python', 'bin', 'python'), [
        '-m',
        'compileall',
        '-q',
        'library/python/src',
        'services/python/src',
      ]);
    case 'go': {
      const launch = await readLaunch('go');
      const startedAt = performance.now();
      for (const step of launch.build) await timed(root, 'go', 'go build', step.command, step.args ?? []);
      return { lang: 'go', what: 'go generate && go build', seconds: (performance.now() - startedAt) / 1000 };
    }
    case 'rust': {
      const launch = await readLaunch('rust');
      const startedAt = performance.now();
      for (const launchStep of launch.build) {
        const { step, treeTargetDir } = withSharedTargetDir(launchStep);
        await timed(root, 'rust', 'cargo build', step.command, step.args ?? [], 1800);
        if (treeTargetDir !== undefined) await copyStartBinary(root, launch.start, treeTargetDir);
      }
      return { lang: 'rust', what: 'cargo build --release', seconds: (performance.now() - startedAt) / 1000 };
    }
    case 'java': {
      const launch = await readLaunch('java');
      await linkMavenRepository(root);
      const startedAt = performance.now();
      for (const step of launch.build) await timed(root, 'java', 'mvn package', step.command, step.args ?? [], 1200);
      return { lang: 'java', what: 'mvn package', seconds: (performance.now() - startedAt) / 1000 };
    }
  }
}

/**
 * libtest filters for Rust test files: `<dir>/<name>_test.rs` is the `tests` module of `<dir>/<name>.rs`,
 * or of `<dir>/mod.rs` when the name repeats the folder's (`logs/logs_test.rs` tests `logs`).
 */
export function rustTestFilter(file: string): string {
  const relative = file.replace(/^library\/rust\/src\//, '').replace(/_test\.rs$/, '');
  const parts = relative.split('/');
  if (parts.length > 1 && parts[parts.length - 1] === parts[parts.length - 2]) parts.pop();
  return `${parts.join('::')}::`;
}

/** Surefire's -Dtest value for Java test files: their class names. */
export function javaTestClasses(files: readonly string[]): string {
  return files.map((file) => basename(file, '.java')).join(',');
}

/**
 * Unit tests: TypeScript files or folders by vitest, Python files by pytest, Go packages by go test (from library/go),
 * Rust test files by cargo test (`./...` the whole library), Java test classes by Surefire (`./...` every class).
 */
export async function runTests(root: string, lang: StepLang, targets: readonly string[], label = 'tests'): Promise<TimedStep> {
  switch (lang) {
    case 'ts':
      return timed(root, 'ts', `vitest ${label}`, join(root, 'node_modules', '.bin', 'vitest'), ['run', '--reporter=dot', ...targets]);
    case 'python':
      return timed(root, 'python', `pytest ${label}`, join(root, '.venv', 'python', 'bin', 'python'), [
        '-m',
        'pytest',
        '-q',
        '-p',
        'no:cacheprovider',
        ...targets,
      ]);
    case 'go':
      return timed(root, 'go', `go test ${label}`, 'go', ['test', '-C', 'library/go', ...targets]);
    case 'rust': {
      const filters = targets.includes('./...') ? [] : ['--', ...targets.map(rustTestFilter)];
      return timed(
        root,
        'rust',
        `cargo test ${label}`,
        'cargo',
        ['test', '--release', '--locked', '--package', 'scl-library', '--target-dir', SCRATCH_RUST_TARGET, '--lib', ...filters],
        1800,
      );
    }
    case 'java': {
      await linkMavenRepository(root);
      const only = targets.includes('./...') ? [] : [`-Dtest=${javaTestClasses(targets)}`, '-Dsurefire.failIfNoSpecifiedTests=false'];
      return timed(
        root,
        'java',
        `mvn test ${label}`,
        'mvn',
        ['-B', '-q', '-f', 'library/java/pom.xml', '-Dmaven.repo.local=.cache/m2', ...only, 'test'],
        1200,
      );
    }
  }
}

export interface VectorRun {
  lang: string;
  mode: string;
  ok: boolean;
  passed: string[];
  failed: string[];
  seconds: number;
}

/** Runs vectors on cells with the tree's own conformance CLI (dist/ of that tree); never throws on failing vectors. */
export async function runVectors(
  root: string,
  vectorIds: readonly string[],
  langs: readonly string[],
  modes: readonly string[],
): Promise<VectorRun[]> {
  const jsonFile = join(root, '.conformance-results.json');
  const args = [join(root, 'dist', 'conformance', 'src', 'main.js'), '--no-build', '--json', jsonFile];
  for (const lang of langs) args.push('--lang', lang);
  for (const mode of modes) args.push('--mode', mode);
  for (const id of vectorIds) args.push('--vector', id);
  const result = await execa(process.execPath, args, {
    cwd: root,
    env: scratchEnv(root),
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: 900_000,
  });
  let parsed: { cells: { lang: string; mode: string; ok: boolean; durationMs: number; rows: { id: string; verdict: string }[] }[] };
  try {
    parsed = JSON.parse(await readFile(jsonFile, 'utf8'));
  } catch {
    throw new HarnessError(
      'SCL_ERR_PATCH_FAILED',
      `the conformance run in ${root} wrote no results (exit ${result.exitCode})\n${String(result.all).slice(-6000)}`,
    );
  }
  return parsed.cells.map((cell) => ({
    lang: cell.lang,
    mode: cell.mode,
    ok: cell.ok,
    passed: cell.rows.filter((row) => row.verdict === 'pass').map((row) => row.id),
    failed: cell.rows.filter((row) => row.verdict === 'fail').map((row) => row.id),
    seconds: cell.durationMs / 1000,
  }));
}
