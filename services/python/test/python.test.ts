// Runs the Python library's and services' pytest suites through .venv/python, so `npm test` covers Python.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

function python311Available(): boolean {
  const probe = spawnSync('python3', ['-c', 'import sys; sys.exit(sys.version_info < (3, 11))'], { encoding: 'utf8' });
  return probe.status === 0;
}

const available = python311Available();
if (!available) console.warn('SCL_ERR_TOOLCHAIN_MISSING: python3 >= 3.11 not found; the Python suites are skipped');

describe.skipIf(!available)('python', () => {
  it('the Python library and services pass their pytest suites', () => {
    const build = spawnSync('bash', ['scripts/setup/python.sh'], { cwd: REPO, encoding: 'utf8', timeout: 300_000 });
    expect(build.status, `scripts/setup/python.sh failed:\n${build.stdout}\n${build.stderr}`).toBe(0);

    const pytest = spawnSync(
      '.venv/python/bin/python',
      ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'library/python/tests', 'services/python/tests'],
      { cwd: REPO, encoding: 'utf8', timeout: 300_000 },
    );
    expect(pytest.status, `pytest failed:\n${pytest.stdout}\n${pytest.stderr}`).toBe(0);
  }, 600_000);
});
