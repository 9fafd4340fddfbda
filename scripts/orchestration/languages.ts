// Languages as the start contract sees them: services/<lang>/launch.json, its toolchain check and build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { fromRoot, repoRoot } from './paths.js';

export interface LaunchCommand {
  command: string;
  args?: string[];
  /**
   * A build step whose tool does not skip its own work when nothing changed (Maven repackages its jar each time):
   * the step is skipped while `output` is newer than every file under `inputs` (paths from the repository root).
   */
  unlessNewer?: { output: string; inputs: string[] };
}

/** services/<lang>/launch.json (spec/start-contract.md). */
export interface LaunchFile {
  lang: string;
  toolchain: LaunchCommand;
  build: LaunchCommand[];
  start: LaunchCommand;
}

export type ToolchainCheck =
  | { available: true; version: string }
  | { available: false; code: 'SCL_ERR_TOOLCHAIN_MISSING'; message: string };

/** Languages that have a launch file, in alphabetical order. */
export function knownLanguages(): string[] {
  const servicesDir = fromRoot('services');
  if (!existsSync(servicesDir)) return [];
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(fromRoot('services', entry.name, 'launch.json')))
    .map((entry) => entry.name)
    .sort();
}

const launchFiles = new Map<string, Promise<LaunchFile>>();

export function readLaunch(lang: string): Promise<LaunchFile> {
  let pending = launchFiles.get(lang);
  if (pending === undefined) {
    const path = fromRoot('services', lang, 'launch.json');
    pending = readFile(path, 'utf8').then(
      (text) => JSON.parse(text) as LaunchFile,
      () => {
        throw new Error(`no launch file ${path}; languages with one: ${knownLanguages().join(', ') || 'none'}`);
      },
    );
    launchFiles.set(lang, pending);
  }
  return pending;
}

/** Runs the language's toolchain command; a missing toolchain is a skip, explained, not a crash. */
export async function toolchainAvailable(lang: string): Promise<ToolchainCheck> {
  return checkToolchain(await readLaunch(lang));
}

export async function checkToolchain(launch: LaunchFile): Promise<ToolchainCheck> {
  const { lang } = launch;
  const { command, args = [] } = launch.toolchain;
  const result = await execa(command, args, { cwd: repoRoot(), reject: false, timeout: 30_000, stdin: 'ignore' });
  if (result.exitCode === 0) return { available: true, version: String(result.stdout).trim() };
  return {
    available: false,
    code: 'SCL_ERR_TOOLCHAIN_MISSING',
    message: `SCL_ERR_TOOLCHAIN_MISSING: "${[command, ...args].join(' ')}" failed (${result.exitCode === undefined ? 'command not found' : `exit code ${result.exitCode}`}); install the ${lang} toolchain to run its cells, skipping them`,
  };
}

const builds = new Map<string, Promise<void>>();

/** Runs the language's build steps from the repository root, once per process however often it is asked. */
export function build(lang: string): Promise<void> {
  let pending = builds.get(lang);
  if (pending === undefined) {
    pending = runBuild(lang);
    builds.set(lang, pending);
  }
  return pending;
}

async function runBuild(lang: string): Promise<void> {
  const launch = await readLaunch(lang);
  for (const step of launch.build) {
    if (step.unlessNewer !== undefined && upToDate(step.unlessNewer)) continue;
    const result = await execa(step.command, step.args ?? [], { cwd: repoRoot(), reject: false, all: true, stdin: 'ignore' });
    if (result.exitCode !== 0) {
      throw new Error(
        `build of ${lang} failed: ${[step.command, ...(step.args ?? [])].join(' ')} (exit ${result.exitCode})\n${String(result.all).slice(-4000)}`,
      );
    }
  }
}

/** `output` exists and was written after every file under `inputs` last changed. */
export function upToDate({ output, inputs }: { output: string; inputs: readonly string[] }, root = repoRoot()): boolean {
  const target = join(root, output);
  if (!existsSync(target)) return false;
  const builtAt = statSync(target).mtimeMs;
  return inputs.every((input) => newestUnder(join(root, input)) < builtAt);
}

/** The newest modification time of a file or of any file below a folder; 0 for a path that does not exist. */
function newestUnder(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestUnder(join(path, name))));
}
