// Runs the Python library's and services' pytest suites through .venv/python, so `npm test` covers Python.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
    // npm test builds .venv/python first (npm run build:langs); building here would race other test files.
    expect(existsSync(`${REPO}.venv/python/bin/python`), '.venv/python is missing: run npm run build:langs').toBe(true);

    const pytest = spawnSync(
      '.venv/python/bin/python',
      ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'library/python/tests', 'services/python/tests'],
      { cwd: REPO, encoding: 'utf8', timeout: 300_000 },
    );
    expect(pytest.status, `pytest failed:\n${pytest.stdout}\n${pytest.stderr}`).toBe(0);
  }, 600_000);
});
