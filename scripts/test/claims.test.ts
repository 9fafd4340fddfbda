import { describe, expect, it } from 'vitest';
import { evaluateClaims, type ClaimRow } from '../report/claims.js';
import { renderReport } from '../report/render.js';
import { validateResults } from '../results/validate.js';
import { syntheticResults } from './synthetic-results.js';

function verdictOf(rows: ClaimRow[], id: string): string {
  return rows.find((row) => row.id === id)!.verdict;
}

describe('claims and verdict rules', () => {
  it('a sidecar that clearly adds latency at every rate supports K1', () => {
    expect(verdictOf(evaluateClaims(syntheticResults({ sidecarAddedMicros: 300 })), 'K1')).toBe('supported');
  });

  it('a sidecar that adds nothing measurable does not support K1 (within noise)', () => {
    const row = evaluateClaims(syntheticResults({ sidecarAddedMicros: 0 })).find((one) => one.id === 'K1')!;
    expect(row.verdict).toBe('not supported');
    expect(row.evidence).toMatch(/within noise/);
  });

  it('without sidecar cells every sidecar verdict is "not measured", never guessed', () => {
    const rows = evaluateClaims(syntheticResults({ modes: ['none', 'library'] }));
    for (const id of ['K1', 'K2', 'K3', 'C5']) expect(verdictOf(rows, id)).toBe('not measured');
  });

  it('a sidecar process of 60 MiB per instance supports K2, one of 1 MiB does not', () => {
    expect(verdictOf(evaluateClaims(syntheticResults({ sidecarRssBytes: 60 * 1024 * 1024 })), 'K2')).toBe('supported');
    expect(verdictOf(evaluateClaims(syntheticResults({ sidecarRssBytes: 1024 * 1024 })), 'K2')).toBe('not supported');
  });

  it('local HTTP under a millisecond per call with no failures supports C4', () => {
    expect(verdictOf(evaluateClaims(syntheticResults()), 'C4')).toBe('supported');
  });

  it('two language libraries of real size support C1', () => {
    expect(verdictOf(evaluateClaims(syntheticResults()), 'C1')).toBe('supported');
  });

  it('agreeing /proc readings and fast file propagation support C5; slower startup supports K3', () => {
    const rows = evaluateClaims(syntheticResults());
    expect(verdictOf(rows, 'C5')).toBe('supported');
    expect(verdictOf(rows, 'K3')).toBe('supported');
  });

  it('claims the bench cannot measure yet are "not measured" with what would measure them', () => {
    const rows = evaluateClaims(syntheticResults());
    for (const id of ['C2', 'C3', 'C6', 'C7', 'K4', 'K5']) {
      const row = rows.find((one) => one.id === id)!;
      expect(row.verdict).toBe('not measured');
      expect(row.evidence.length).toBeGreaterThan(10);
    }
  });

  it('a results file with every scenario matches the schema and renders one canvas per chart', () => {
    const results = syntheticResults();
    expect(validateResults(results)).toEqual([]);
    const html = renderReport(results);
    const canvases = html.match(/<canvas /g)?.length ?? 0;
    expect(canvases).toBeGreaterThan(10);
    expect(html.match(/data-chart="/g)?.length).toBe(canvases);
    expect(html).not.toMatch(/could not be drawn/);
    // Offline: no resource is fetched from anywhere.
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
  });

  it('a results file missing required fields fails the schema with the field named', () => {
    const broken = { ...syntheticResults(), environment: undefined };
    expect(validateResults(broken).join()).toMatch(/environment/);
  });
});
