import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../scripts/engine/scenario.js';
import { BLAST_FAULTS, pairsOf, SHORT_BLAST_FAULTS } from '../run.js';
import { sideBySideText } from '../section.js';

const cells: Cell[] = ['go', 'ts'].flatMap((lang) => (['none', 'sidecar', 'agent'] as const).map((mode) => ({ lang, mode })));

describe('which blast episodes a run measures', () => {
  it('the short version: one language, the crash in the feature code, its pair of hosts side by side', () => {
    const pairs = pairsOf('short', cells);
    expect(pairs.map((pair) => pair.fault)).toEqual([...SHORT_BLAST_FAULTS]);
    for (const pair of pairs) {
      expect(pair.cells).toEqual([
        { lang: 'ts', mode: 'sidecar' },
        { lang: 'ts', mode: 'agent' },
      ]);
      expect(pair.sideBySide).toBe(true);
    }
  });

  it('the complete version: every fault on every language, the log flood one host after the other', () => {
    const pairs = pairsOf('complete', cells);
    expect(pairs).toHaveLength(BLAST_FAULTS.length * 2);
    expect(new Set(pairs.flatMap((pair) => pair.cells.map((cell) => cell.lang)))).toEqual(new Set(['go', 'ts']));
    expect(pairs.every((pair) => pair.cells.every((cell) => cell.mode !== 'none'))).toBe(true);
    expect(pairs.filter((pair) => !pair.sideBySide).map((pair) => pair.fault)).toEqual(['log-flood', 'log-flood']);
  });
});

describe('the blast section says which hosts ran side by side', () => {
  const faults = [
    { id: 'log-flood' as const, how: '' },
    { id: 'feature-crash-main-thread' as const, how: '' },
  ];

  it('names the faults measured at once and those measured one after the other', () => {
    const text = sideBySideText({ faults, sideBySide: ['feature-crash-main-thread'] });
    expect(text).toContain('For <code>feature-crash-main-thread</code> the two hosts');
    expect(text).toContain('For <code>log-flood</code> they ran one after the other');
  });

  it('says nothing for results written before any ran side by side', () => {
    expect(sideBySideText({ faults })).toBe('');
  });
});
