// Records the machine and toolchains a run was made on, so every figure can be read against them.
import { arch, availableParallelism, cpus, freemem, loadavg, release, totalmem, type as osType } from 'node:os';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { REPO_ROOT } from '../paths.js';
import type { PinningPlan } from './pinning.js';

export interface Environment {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  freeMemoryBytes: number;
  os: string;
  kernel: string;
  arch: string;
  /** Name to version (first line of its --version), null when not installed. */
  toolchains: Record<string, string | null>;
  git: { commit: string | null; dirty: boolean | null; branch: string | null };
  pinning: PinningPlan;
  /** 1-, 5- and 15-minute load averages at the start: a busy machine makes noisy figures. */
  loadAverage: number[];
}

const TOOLCHAIN_PROBES: Record<string, [string, string[]]> = {
  node: [process.execPath, ['--version']],
  go: ['go', ['version']],
  python: ['python3', ['--version']],
  rust: ['rustc', ['--version']],
  java: ['java', ['-version']],
};

/** First non-empty line of stdout or stderr (java prints its version on stderr). */
export async function probeVersion(command: string, args: readonly string[]): Promise<string | null> {
  const result = await execa(command, args, { reject: false, timeout: 15_000, stdin: 'ignore' });
  if (result.failed) return null;
  const text = `${String(result.stdout)}\n${String(result.stderr)}`;
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? null
  );
}

async function osName(): Promise<string> {
  try {
    const text = await readFile('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]+)"?/m.exec(text)?.[1] ?? osType();
  } catch {
    return osType();
  }
}

async function gitState(): Promise<Environment['git']> {
  const git = (args: string[]) => execa('git', args, { cwd: REPO_ROOT, reject: false, stdin: 'ignore' });
  const [commit, status, branch] = await Promise.all([
    git(['rev-parse', 'HEAD']),
    git(['status', '--porcelain']),
    git(['rev-parse', '--abbrev-ref', 'HEAD']),
  ]);
  return {
    commit: commit.exitCode === 0 ? String(commit.stdout).trim() : null,
    dirty: status.exitCode === 0 ? String(status.stdout).trim() !== '' : null,
    branch: branch.exitCode === 0 ? String(branch.stdout).trim() : null,
  };
}

export async function captureEnvironment(pinning: PinningPlan): Promise<Environment> {
  const names = Object.keys(TOOLCHAIN_PROBES);
  const versions = await Promise.all(names.map((name) => probeVersion(...TOOLCHAIN_PROBES[name]!)));
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    os: await osName(),
    kernel: release(),
    arch: arch(),
    toolchains: Object.fromEntries(names.map((name, index) => [name, versions[index] ?? null])),
    git: await gitState(),
    pinning,
    loadAverage: loadavg(),
  };
}
