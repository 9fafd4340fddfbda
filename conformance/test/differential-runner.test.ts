// The differential runner on in-memory implementations: a difference is found, shrunk per kind, and judged known or not.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Family, Implementation } from '../differential/family.js';
import { runFamily } from '../differential/runner.js';

interface NumberCase {
  kind: string;
  text: string;
}

/** Two "languages" parse a number: `loose` takes hex (as Number does), `strict` only decimals; both take decimals alike. */
const parsers: Record<string, (text: string) => number | null> = {
  strict: (text) => (/^[0-9]+$/.test(text) ? Number(text) : null),
  loose: (text) => (Number.isFinite(Number(text)) && text.trim() !== '' ? Number(text) : null),
};

const family: Family<NumberCase> = {
  id: 'numbers',
  entryPoint: 'a parse function',
  arbitrary: fc.oneof(
    fc.record({ kind: fc.constant('decimal'), text: fc.integer({ min: 0, max: 10_000 }).map(String) }),
    fc.record({ kind: fc.constant('hex'), text: fc.integer({ min: 0, max: 10_000 }).map((n) => `0x${n.toString(16)}`) }),
  ),
  kindOf: (input) => input.kind,
  show: (input) => input.text,
  start: async (implementation) => ({
    observe: async (input) => ({ facts: { value: parsers[implementation.name]!(input.text) } }),
    stop: async () => {},
  }),
};

const implementations: Implementation[] = [
  { name: 'strict', lang: 'strict', mode: 'library' },
  { name: 'loose', lang: 'loose', mode: 'library' },
];
const environment = { controlplaneUrl: 'http://127.0.0.1:1', runDir: '/tmp' };

describe('the differential runner', () => {
  it('finds the kind of input two implementations take differently, shrinks it, and says it is not listed', async () => {
    const result = await runFamily(family, { ...environment, implementations, seed: 5, numRuns: 60, knownDrift: [] });
    expect(result.casesTried).toBeGreaterThan(20);
    expect(result.casesDiffering).toBeGreaterThan(0);
    expect(result.drifts).toHaveLength(1);
    const [drift] = result.drifts;
    expect(drift).toMatchObject({ family: 'numbers', kind: 'hex', pairs: [{ pair: 'loose/strict', known: false }] });
    // Shrunk to the smallest hex number, which the two still take differently.
    expect(drift?.input).toBe('0x0');
    expect(drift?.sides).toEqual({ strict: { facts: { value: null } }, loose: { facts: { value: 0 } } });
  });

  it('a difference listed in the known-drift list is reported as known, with its reason', async () => {
    const knownDrift = [
      {
        family: 'numbers',
        kind: 'hex',
        pair: ['strict', 'loose'] as [string, string],
        sides: { strict: 'refuses', loose: 'reads hex' },
        reason: 'kept for the test',
      },
    ];
    const result = await runFamily(family, { ...environment, implementations, seed: 5, numRuns: 60, knownDrift });
    expect(result.drifts[0]?.pairs).toEqual([{ pair: 'loose/strict', known: true, reason: 'kept for the test' }]);
  });

  it("a kept drift's replay is fed first: found with one generated case, and stale once the pair takes it alike", async () => {
    const knownDrift = [
      { family: 'numbers', kind: 'hex', pair: ['strict', 'loose'] as [string, string], sides: {}, reason: 'kept for the test' },
    ];
    const replays = [{ kind: 'hex', text: '0xff' }];
    const options = { ...environment, implementations, seed: 5, numRuns: 1, knownDrift, replays };
    // A seed that draws one decimal case would find nothing; the replay shows the kept drift anyway.
    const decimalsOnly: Family<NumberCase> = { ...family, arbitrary: fc.record({ kind: fc.constant('decimal'), text: fc.constant('7') }) };
    const found = await runFamily(decimalsOnly, options);
    expect(found.replayed).toBe(1);
    expect(found.drifts.map((one) => [one.kind, one.input])).toEqual([['hex', '0xff']]);
    expect(found.stale).toEqual([]);
    // Once both parse hex alike, the entry is stale.
    const aligned: Family<NumberCase> = {
      ...decimalsOnly,
      start: async () => ({ observe: async (input) => ({ facts: { value: parsers.loose!(input.text) } }), stop: async () => {} }),
    };
    const again = await runFamily(aligned, options);
    expect(again.drifts).toEqual([]);
    expect(again.stale).toEqual([{ kind: 'hex', pair: 'loose/strict', input: '0xff' }]);
  });

  it('implementations that agree on every input give no drift; the same seed gives the same cases', async () => {
    const agreeing: Implementation[] = [
      { name: 'a', lang: 'a', mode: 'library' },
      { name: 'b', lang: 'b', mode: 'library' },
    ];
    const same: Family<NumberCase> = {
      ...family,
      start: async () => ({ observe: async (input) => ({ facts: { value: parsers.strict!(input.text) } }), stop: async () => {} }),
    };
    const first = await runFamily(same, { ...environment, implementations: agreeing, seed: 9, numRuns: 40, knownDrift: [] });
    const again = await runFamily(same, { ...environment, implementations: agreeing, seed: 9, numRuns: 40, knownDrift: [] });
    expect(first.drifts).toEqual([]);
    expect(first.casesDiffering).toBe(0);
    expect(again.casesTried).toBe(first.casesTried);
  });
});
