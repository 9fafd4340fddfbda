import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAll } from '../../scripts/orchestration/processes.js';
import { formatCell } from '../src/report.js';
import { runCell } from '../src/suite.js';
import { loadVectors } from '../src/vector.js';

// The cells run the compiled services from dist/ (npm test builds first); each vector gets fresh processes.
const vectors = loadVectors();
const knownIds = new Set(vectors.map(({ vector }) => vector.id));
const runRoot = mkdtempSync(join(tmpdir(), 'scl-cells-'));
const CELL_TIMEOUT_MS = 240_000;

afterAll(() => stopAll({ signal: 'SIGKILL' }));

describe.each(['none', 'library'] as const)('cell ts-%s', (mode) => {
  it(
    `every applicable vector passes or fails exactly as conformance/expected/ts-${mode}.txt says`,
    async () => {
      const report = await runCell({ lang: 'ts', mode, vectors, knownIds, filtered: false, runRoot });
      console.log(formatCell(report));
      expect(report.rows.filter((row) => row.verdict === 'fail' || row.verdict === 'stale').map((row) => `${row.id}: ${row.detail}`)).toEqual([]);
    },
    CELL_TIMEOUT_MS,
  );
});
