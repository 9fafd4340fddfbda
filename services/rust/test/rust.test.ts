// Runs the Rust workspace's own tests (`cargo test --release`: library/rust and services/rust), so
// that `npm test` covers Rust too. Skipped, with the reason, when no Rust toolchain is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function cargoVersion(): string | undefined {
  try {
    return execFileSync('cargo', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const version = cargoVersion();
if (version === undefined) console.warn('SCL_ERR_TOOLCHAIN_MISSING: cargo is not installed; the Rust tests are skipped');

describe.skipIf(version === undefined)(`Rust workspace (${version ?? 'no cargo'})`, () => {
  it('library/rust and services/rust pass cargo test', { timeout: 900_000 }, () => {
    // The release profile and target dir of launch.json's build, so the dependencies compile once.
    const run = spawnSync('cargo', ['test', '--release', '--locked', '--target-dir', '.cache/rust'], { cwd: root, encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
  });
});
