import { describe, expect, it } from 'vitest';
import { captureCodebase } from '../../scripts/env/codebase.js';
import { knownLanguages } from '../../scripts/orchestration/languages.js';
import { compareCode } from '../consistency/codebase.js';

describe('code counted for C1', () => {
  it('every language has a library, its adapter and its sidecar glue counted, and the sidecar its reuse of library/ts', async () => {
    const codebase = await captureCodebase();
    for (const lang of knownLanguages()) {
      expect(codebase.implementations.find((one) => one.name === `library/${lang}`)!.lines).toBeGreaterThan(100);
      expect(codebase.glue.find((one) => one.lang === lang && one.mode === 'library')!.files).toBe(1);
      const sidecarGlue = codebase.glue.find((one) => one.lang === lang && one.mode === 'sidecar')!;
      expect(sidecarGlue.files).toBeGreaterThanOrEqual(3);
      expect(sidecarGlue.paths.every((path) => path.startsWith(`services/${lang}/`) && path.includes('/platform/'))).toBe(true);
    }
    // The sidecar imports most of library/ts, and nothing outside library/ts counts as reuse.
    const libraryTs = codebase.implementations.find((one) => one.name === 'library/ts')!;
    expect(codebase.sidecarReuse!.lines).toBeGreaterThan(libraryTs.lines / 2);
    expect(codebase.sidecarReuse!.lines).toBeLessThanOrEqual(libraryTs.lines);
  });

  it("the comparison adds the sidecar once to each language's glue, and finds where it breaks even", () => {
    const comparison = compareCode({
      implementations: [
        { name: 'library/a', path: 'library/a', files: 10, lines: 1000 },
        { name: 'library/b', path: 'library/b', files: 10, lines: 1000 },
        { name: 'sidecar', path: 'sidecar/src', files: 10, lines: 800 },
      ],
      sidecarReuse: { from: 'library/a/src', files: 5, lines: 700 },
      glue: [
        { lang: 'a', mode: 'sidecar', files: 2, lines: 250, paths: [] },
        { lang: 'b', mode: 'sidecar', files: 2, lines: 250, paths: [] },
      ],
    })!;
    expect(comparison).toMatchObject({ sidecarOnceLines: 1500, librariesTotalLines: 2000, sidecarTotalLines: 2000, breakEvenLanguages: 2 });
  });
});
