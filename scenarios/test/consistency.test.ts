import { describe, expect, it } from 'vitest';
import { analyzeConsistency, consistencyMatrix, divergences } from '../consistency/analysis.js';
import { renderConsistencySection } from '../consistency/section.js';
import { ChartRegistry } from '../../scripts/report/html.js';
import { gateReason, QUICK_VECTOR_IDS, SMOKE_VECTOR_IDS, vectorsOfTier } from '../consistency/run.js';
import { loadVectors, modesOf } from '../../conformance/src/vector.js';
import { syntheticConsistency } from './synthetic-polyglot.js';

describe('consistency analysis', () => {
  it('the matrix counts passes per language, mode and feature, and names failures with their detail', () => {
    const matrix = consistencyMatrix(syntheticConsistency({ libraryDrift: true, sidecarExpectedFailure: true }));
    expect(matrix).toHaveLength(9 * 5);
    expect(matrix.find((cell) => cell.lang === 'python' && cell.mode === 'library' && cell.feature === 'logs')).toMatchObject({
      passed: 0,
      failed: [{ id: 'logs-synthetic-case', detail: expect.stringMatching(/is a string/) }],
    });
    expect(
      matrix.find((cell) => cell.lang === 'python' && cell.mode === 'sidecar' && cell.feature === 'metrics')!.expectedFailures,
    ).toEqual([{ id: 'metrics-synthetic-case', reason: 'the app reports its business counter late' }]);
    expect(matrix.find((cell) => cell.lang === 'go' && cell.mode === 'none' && cell.feature === 'metrics')).toMatchObject({
      passed: 0,
      notApplicable: 1,
    });
  });

  it('a divergence is a vector passing beside one language and failing beside another in the same mode', () => {
    const data = syntheticConsistency({ libraryDrift: true });
    expect(divergences(data, 'library').map((one) => [one.id, one.verdicts])).toEqual([
      ['logs-synthetic-case', { ts: 'pass', python: 'fail', go: 'pass' }],
    ]);
    expect(divergences(data, 'sidecar')).toEqual([]);
    expect(divergences(syntheticConsistency(), 'library')).toEqual([]);
  });

  it('only an unexpected failure keeps a cell out of the benchmark; an expected failure does not', () => {
    const data = syntheticConsistency({ libraryDrift: true, sidecarExpectedFailure: true });
    const reasons = data.cells.map((cell) => [`${cell.lang}/${cell.mode}`, gateReason(cell)]).filter(([, reason]) => reason !== undefined);
    expect(reasons).toEqual([['python/library', expect.stringMatching(/^failed conformance \(logs-synthetic-case\): not benchmarked/)]]);
  });

  it('the quick and smoke subsets name vectors that exist, one per feature at least, and some for mode none', () => {
    const all = loadVectors();
    const quick = vectorsOfTier('quick', all);
    expect(quick.map(({ vector }) => vector.id).sort()).toEqual([...QUICK_VECTOR_IDS].sort());
    expect(new Set(quick.map(({ vector }) => vector.feature))).toEqual(new Set(['metrics', 'logs', 'registry', 'config', 'egress']));
    expect(quick.some(({ vector }) => modesOf(vector).includes('none'))).toBe(true);
    expect(vectorsOfTier('smoke', all).map(({ vector }) => vector.id)).toEqual(SMOKE_VECTOR_IDS);
    expect(modesOf(vectorsOfTier('smoke', all)[0]!.vector)).toEqual(['none', 'library', 'sidecar']);
    expect(vectorsOfTier('all', all)).toHaveLength(all.length);
  });

  it('the differential summary and section say the seed, the cases, and each drift by pair with its counterexample', () => {
    const analysis = analyzeConsistency(syntheticConsistency({ differential: 'libraryDrift' }));
    expect(analysis.differential).toMatchObject({
      seed: 7,
      families: 2,
      casesTried: 28,
      casesDiffering: 2,
      implementations: ['ts', 'python', 'go', 'sidecar'],
    });
    expect(analysis.differential?.drifts).toEqual([
      expect.objectContaining({ family: 'settings', kind: 'hex', pair: 'python/ts', betweenLibraries: true, known: true, cases: 2 }),
    ]);
    const html = renderConsistencySection(analysis, new ChartRegistry());
    expect(html).toMatch(/seed <code>7<\/code>/);
    expect(html).toMatch(/28 cases in 2 families, 2 on which two implementations did different things/);
    expect(html).toMatch(/SCL_EGRESS_MAX_ATTEMPTS=&quot;0x10&quot;/);
    expect(html).toMatch(/known drift: synthetic/);
    expect(renderConsistencySection(analyzeConsistency(syntheticConsistency({ differential: 'absent' })), new ChartRegistry())).toMatch(
      /did not run in this tier/,
    );
  });
});
