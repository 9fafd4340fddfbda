// Where the Rust and Java builds of a scratch tree keep what outlives the tree: a target dir and a Maven repository under the repository's .cache/.
import { copyFile, mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LaunchCommand } from '../../../scripts/orchestration/languages.js';
import { fromRoot } from '../../../scripts/orchestration/paths.js';

/**
 * Cargo's target dir shared by every scratch build: dependencies compile once, only the two
 * workspace crates of each new tree compile again. A folder of its own, so a patched binary never
 * replaces the one the working tree's `.cache/rust` holds.
 */
export const SCRATCH_RUST_TARGET = fromRoot('.cache', 'rust-scratch');
/** The working tree's Maven repository: a scratch build resolves nothing over the network twice. */
export const SHARED_MAVEN_REPOSITORY = fromRoot('.cache', 'm2');

/** A launch build step with its `--target-dir` pointed at the shared scratch target dir; the tree's own target dir is returned. */
export function withSharedTargetDir(step: LaunchCommand): { step: LaunchCommand; treeTargetDir?: string } {
  const args = [...(step.args ?? [])];
  const at = args.indexOf('--target-dir');
  if (at < 0 || at + 1 >= args.length) return { step };
  const treeTargetDir = args[at + 1];
  args[at + 1] = SCRATCH_RUST_TARGET;
  return { step: { command: step.command, args }, treeTargetDir };
}

/** Copies the start binary (`<target dir>/release/...` in launch.json) from the shared target dir into the tree. */
export async function copyStartBinary(root: string, start: LaunchCommand, treeTargetDir: string): Promise<void> {
  const prefix = `${treeTargetDir.replace(/\/$/, '')}/`;
  if (!start.command.startsWith(prefix)) return;
  const inTree = join(root, start.command);
  await mkdir(dirname(inTree), { recursive: true });
  await copyFile(join(SCRATCH_RUST_TARGET, start.command.slice(prefix.length)), inTree);
}

/** Links the tree's `.cache/m2` (the launch file's `-Dmaven.repo.local`) to the shared Maven repository. */
export async function linkMavenRepository(root: string): Promise<void> {
  await mkdir(SHARED_MAVEN_REPOSITORY, { recursive: true });
  await mkdir(join(root, '.cache'), { recursive: true });
  await symlink(SHARED_MAVEN_REPOSITORY, join(root, '.cache', 'm2')).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}
