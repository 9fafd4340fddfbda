import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knownLanguages, toolchainAvailable } from '../../scripts/orchestration/languages.js';
import type { Mode } from '../../scripts/orchestration/recipe.js';
import { stopAll } from '../../scripts/orchestration/processes.js';
import { formatCell } from '../src/report.js';
import { runCell } from '../src/suite.js';
import { loadVectors } from '../src/vector.js';

// Every language with a launch file, in every mode: the consistency matrix as a test. npm test builds
// every language first (npm run build, npm run build:langs). Each vector gets fresh processes.
const vectors = loadVectors();
const knownIds = new Set(vectors.map(({ vector }) => vector.id));
const runRoot = mkdtempSync(join(tmpdir(), 'scl-cells-'));
const CELL_TIMEOUT_MS = 300_000;
const MODES = ['none', 'library', 'sidecar'] as const;
/**
 * Mode agent (one sidecar per host, the vector's app sharing it with a companion) in TypeScript only: the agent is
 * the TypeScript sidecar whatever the app's language, and each language's app glue is sidecar mode's, which its
 * sidecar cell holds; `npm run conformance -- --lang go,python --mode agent` runs the others (62 pass each).
 */
const modesOf = (lang: string): readonly Mode[] => (lang === 'ts' ? [...MODES, 'agent'] : MODES);

afterAll(() => stopAll({ signal: 'SIGKILL' }));

const toolchains = await Promise.all(knownLanguages().map(async (lang) => ({ lang, check: await toolchainAvailable(lang) })));

describe.each(toolchains)('conformance of $lang', ({ lang, check }) => {
  if (!check.available) {
    it.skip(`${lang} is skipped: ${check.message}`, () => {});
    return;
  }

  it.each(modesOf(lang).map((mode) => ({ mode })))(
    `every applicable vector in mode $mode passes or fails exactly as its file conformance/expected/${lang}-<mode>.txt says`,
    async ({ mode }) => {
      const report = await runCell({ lang, mode, vectors, knownIds, filtered: false, runRoot });
      console.log(formatCell(report));
      expect(
        report.rows.filter((row) => row.verdict === 'fail' || row.verdict === 'stale').map((row) => `${row.id}: ${row.detail}`),
      ).toEqual([]);
    },
    CELL_TIMEOUT_MS,
  );
});
