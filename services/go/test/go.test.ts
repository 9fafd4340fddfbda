// Runs the Go library's and the Go services' own tests (`go test ./...` in each module), so that
// `npm test` covers Go too. Skipped, with the reason, when no Go toolchain is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const modules = ['library/go', 'services/go'];

function goVersion(): string | undefined {
  try {
    return execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const version = goVersion();
if (version === undefined) console.warn('SCL_ERR_TOOLCHAIN_MISSING: go is not installed; the Go tests are skipped');

describe.skipIf(version === undefined)(`Go modules (${version ?? 'no go'})`, () => {
  for (const module of modules) {
    it(`${module} passes go test ./...`, { timeout: 600_000 }, () => {
      // The module cache and build cache make a rerun fast; a clean machine downloads and compiles once.
      const run = spawnSync('go', ['test', '-count=1', './...'], { cwd: path.join(root, module), encoding: 'utf8' });
      const output = `${run.stdout}${run.stderr}`;
      expect(run.status, output).toBe(0);
    });
  }
});
