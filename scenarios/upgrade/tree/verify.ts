// Builds a patched scratch tree per language and runs its tests and conformance vectors, timing each step.
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../../../scripts/orchestration/errors.js';
import { readLaunch } from '../../../scripts/orchestration/languages.js';

export type StepLang = 'ts' | 'python' | 'go';

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

async function timed(root: string, lang: StepLang, what: string, command: string, args: readonly string[], timeoutSeconds = 600): Promise<TimedStep> {
  const startedAt = performance.now();
  const result = await execa(command, args, { cwd: root, env: scratchEnv(root), reject: false, all: true, stdin: 'ignore', timeout: timeoutSeconds * 1000 });
  if (result.exitCode !== 0) {
    throw new HarnessError('SCL_ERR_PATCH_FAILED', `${what} failed in ${root} (${[command, ...args].join(' ')}, exit ${result.exitCode ?? result.signal})\n${String(result.all).slice(-6000)}`);
  }
  return { lang, what, seconds: (performance.now() - startedAt) / 1000 };
}

/**
 * The build a change in this language needs. TypeScript: tsc over the project (services, libraries,
 * sidecar, harness). Go: the launch file's generate and build steps. Python: byte-compiling the
 * sources, as the virtual environment's dependencies do not change and its install is editable.
 */
export async function buildLanguage(root: string, lang: StepLang): Promise<TimedStep> {
  switch (lang) {
    case 'ts':
      return timed(root, 'ts', 'tsc -p .', join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.']);
    case 'python':
      return timed(root, 'python', 'python -m compileall', join(root, '.venv', 'python', 'bin', 'python'), ['-m', 'compileall', '-q', 'library/python/src', 'services/python/src']);
    case 'go': {
      const launch = await readLaunch('go');
      const startedAt = performance.now();
      for (const step of launch.build) await timed(root, 'go', 'go build', step.command, step.args ?? []);
      return { lang: 'go', what: 'go generate && go build', seconds: (performance.now() - startedAt) / 1000 };
    }
  }
}

/** Unit tests: TypeScript files or folders by vitest, Python files by pytest, Go packages by go test (from library/go). */
export function runTests(root: string, lang: StepLang, targets: readonly string[], label = 'tests'): Promise<TimedStep> {
  switch (lang) {
    case 'ts':
      return timed(root, 'ts', `vitest ${label}`, join(root, 'node_modules', '.bin', 'vitest'), ['run', '--reporter=dot', ...targets]);
    case 'python':
      return timed(root, 'python', `pytest ${label}`, join(root, '.venv', 'python', 'bin', 'python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...targets]);
    case 'go':
      return timed(root, 'go', `go test ${label}`, 'go', ['test', '-C', 'library/go', ...targets]);
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
export async function runVectors(root: string, vectorIds: readonly string[], langs: readonly string[], modes: readonly string[]): Promise<VectorRun[]> {
  const jsonFile = join(root, '.conformance-results.json');
  const args = [join(root, 'dist', 'conformance', 'src', 'main.js'), '--no-build', '--json', jsonFile];
  for (const lang of langs) args.push('--lang', lang);
  for (const mode of modes) args.push('--mode', mode);
  for (const id of vectorIds) args.push('--vector', id);
  const result = await execa(process.execPath, args, { cwd: root, env: scratchEnv(root), reject: false, all: true, stdin: 'ignore', timeout: 900_000 });
  let parsed: { cells: { lang: string; mode: string; ok: boolean; durationMs: number; rows: { id: string; verdict: string }[] }[] };
  try {
    parsed = JSON.parse(await readFile(jsonFile, 'utf8'));
  } catch {
    throw new HarnessError('SCL_ERR_PATCH_FAILED', `the conformance run in ${root} wrote no results (exit ${result.exitCode})\n${String(result.all).slice(-6000)}`);
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
