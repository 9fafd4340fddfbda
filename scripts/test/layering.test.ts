// The layering rule and the absence of import cycles, checked by dependency-cruiser (.dependency-cruiser.cjs names the layers).
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.js';

describe('layering', () => {
  it('no import runs up a layer and no module imports itself through others', async () => {
    const run = await execa('npm', ['run', '--silent', 'layering'], { cwd: REPO_ROOT, reject: false });
    expect(`${run.stdout}\n${run.stderr}`).toMatch(/no dependency violations found/);
    expect(run.exitCode).toBe(0);
  }, 120_000);
});
