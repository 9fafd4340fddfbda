// Builds the project once for all test files: tsc under a lock, skipped when dist is newer than the sources.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const MAIN_JS = path.join(REPO_ROOT, 'dist/services/ts/src/main.js');
const STAMP = path.join(REPO_ROOT, 'dist/.services-ts-built');
const SOURCES = ['services/ts/src', 'library/ts/src', 'spec'];
const LOCK = path.join(os.tmpdir(), `scl-build-${Buffer.from(REPO_ROOT).toString('hex').slice(-24)}.lock`);
const LOCK_WAIT_MILLIS = 120_000;

function newestSourceMillis(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMillis(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  try {
    const builtAt = statSync(STAMP).mtimeMs;
    return SOURCES.every((folder) => newestSourceMillis(path.join(REPO_ROOT, folder)) < builtAt);
  } catch {
    return false;
  }
}

/** Two test files in parallel must not rewrite dist/ while the other starts processes from it. */
export async function ensureBuilt(): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MILLIS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    if (!isFresh()) {
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], {
        cwd: REPO_ROOT,
        stdio: 'inherit',
      });
      writeFileSync(STAMP, '');
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
