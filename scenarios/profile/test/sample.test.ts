// The stored sample is a real run of the scenario (npm run bench -- --scenario profile --langs ts): its profiles span
// their cell's window, and module loading, which dominated the profile of a process's whole life, is not among them.
import { describe, expect, it } from 'vitest';
import { storedSampleData } from '../../test/support/sample-run.js';
import type { ProfileData } from '../run.js';

const sample = storedSampleData('profile') as ProfileData;
const MODULE_LOADING = /^(wrapSafe|compileForInternalLoader|Module\._compile|Module\._load) /;

describe('the stored sample of the profile scenario', () => {
  it('profiles the sidecar and the app of the sidecar cell, and the library-mode app', () => {
    expect(sample.cells.map((cell) => `${cell.mode}:${cell.files.map((file) => file.role).join(',')}`)).toEqual([
      'sidecar:sidecar,app',
      'library:app',
    ]);
  });

  it('each profile spans its window, within the slack of a signal on a busy machine', () => {
    for (const cell of sample.cells)
      for (const file of cell.files)
        expect(Math.abs(file.profiledMillis - cell.windowMillis), `${cell.mode} ${file.role}`).toBeLessThan(250);
  });

  it('no top self-time function is module loading', () => {
    const top = sample.cells.flatMap((cell) => cell.files.flatMap((file) => file.topFunctions.map((fn) => fn.function)));
    expect(top.length).toBeGreaterThan(0);
    expect(top.filter((name) => MODULE_LOADING.test(name))).toEqual([]);
  });
});
