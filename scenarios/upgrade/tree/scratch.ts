// A scratch copy of the working tree in a temporary folder, where an upgrade's patches are applied and built.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { HarnessError } from '../../../scripts/orchestration/errors.js';
import { repoRoot } from '../../../scripts/orchestration/paths.js';

const run = promisify(execFile);
/** Shared, never copied: the installed packages and the Python virtual environment (sources come from PYTHONPATH). */
const LINKED = ['node_modules', '.venv'];

export interface ScratchTree {
  root: string;
  remove(): Promise<void>;
}

/**
 * Copies what `git ls-files` lists (tracked and untracked, not ignored), so the copy is the tree as it
 * is now, uncommitted edits included, and no git metadata of the repository is touched.
 */
export async function copyWorkingTree(label: string, from = repoRoot()): Promise<ScratchTree> {
  const root = await mkdtemp(join(tmpdir(), `scl-${label}-`));
  const remove = () => rm(root, { recursive: true, force: true });
  try {
    const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: from,
      maxBuffer: 64 * 1024 * 1024,
    });
    const files = stdout
      .split('\0')
      .filter((file) => file !== '' && !LINKED.some((linked) => file === linked || file.startsWith(`${linked}/`)));
    const folders = new Set(files.map((file) => dirname(join(root, file))));
    await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
    for (const file of files) {
      // A tracked file deleted in the working tree is simply not there.
      if (existsSync(join(from, file))) await copyFile(join(from, file), join(root, file));
    }
    for (const linked of LINKED) {
      if (existsSync(join(from, linked))) await symlink(await realpath(join(from, linked)), join(root, linked));
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { root, remove };
}

/** Applies patch files in order with `git apply`; a patch that no longer applies is SCL_ERR_PATCH_FAILED with git's reason. */
export async function applyPatches(root: string, patchFiles: readonly string[]): Promise<void> {
  for (const patch of patchFiles) {
    try {
      await run('git', ['apply', '--whitespace=nowarn', patch], { cwd: root });
    } catch (error) {
      const reason = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
      throw new HarnessError(
        'SCL_ERR_PATCH_FAILED',
        `${patch} does not apply to the current tree: ${reason}; regenerate it as scenarios/upgrade/upgrades/README.md says`,
      );
    }
  }
}

/** Added and deleted lines per file of a patch, from `git apply --numstat` (nothing is applied). */
export async function patchNumstat(patch: string): Promise<{ file: string; added: number; deleted: number }[]> {
  const { stdout } = await run('git', ['apply', '--numstat', patch], { cwd: tmpdir() });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [added, deleted, file] = line.split('\t');
      return { file: file ?? '', added: Number(added) || 0, deleted: Number(deleted) || 0 };
    });
}
