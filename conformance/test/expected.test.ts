import { describe, expect, it } from 'vitest';
import { judge, parseExpected } from '../src/expected.js';
import type { VectorResult } from '../src/runner.js';

function result(id: string, passed: boolean): VectorResult {
  return {
    id,
    lang: 'ts',
    mode: 'library',
    passed,
    durationMs: 10,
    runDir: `/tmp/${id}`,
    ...(passed ? {} : { failure: { stepNumber: 2, step: { sleep: 1 }, message: 'it broke' } }),
  };
}

const base = { notApplicable: [], knownIds: new Set(['a', 'b', 'c', 'd']), filtered: false, file: 'conformance/expected/ts-library.txt' };

describe('the expected-failures list', () => {
  it('parses "id  # reason" lines and skips blanks and comments', () => {
    const entries = parseExpected('# known drift\n\nlogs-a  # the collector drops it\nmetrics-b # no reason given here either\n');
    expect([...entries]).toEqual([
      ['logs-a', 'the collector drops it'],
      ['metrics-b', 'no reason given here either'],
    ]);
  });

  it('refuses a line without a reason and an id listed twice', () => {
    expect(() => parseExpected('logs-a\n')).toThrow(/line 1/);
    expect(() => parseExpected('logs-a # x\nlogs-a # y\n')).toThrow(/listed twice/);
  });

  it('an unlisted failure fails the cell and a listed failure does not', () => {
    const listed = judge({ ...base, results: [result('a', true), result('b', false)], expected: new Map([['b', 'known']]) });
    expect(listed.ok).toBe(true);
    expect(listed.rows.map((row) => row.verdict)).toEqual(['pass', 'xfail']);
    const unlisted = judge({ ...base, results: [result('a', true), result('b', false)], expected: new Map() });
    expect(unlisted.ok).toBe(false);
    expect(unlisted.rows[1]).toMatchObject({ verdict: 'fail', detail: 'step 2 (sleep): it broke' });
  });

  it('a listed vector that passes is stale and fails the cell', () => {
    const judged = judge({ ...base, results: [result('a', true)], expected: new Map([['a', 'used to fail']]) });
    expect(judged.ok).toBe(false);
    expect(judged.rows[0]).toMatchObject({
      verdict: 'stale',
      detail: expect.stringMatching(/stale expectation: it passes now; remove it/),
    });
  });

  it('a vector not applicable to the mode is n/a, not passed, and stale when listed', () => {
    const judged = judge({ ...base, results: [], notApplicable: ['c', 'd'], expected: new Map([['d', 'x']]) });
    expect(judged.rows).toMatchObject([
      { id: 'c', verdict: 'n/a' },
      { id: 'd', verdict: 'stale' },
    ]);
    expect(judged.ok).toBe(false);
  });

  it('a listed id that names no vector is stale unless the run was filtered', () => {
    expect(judge({ ...base, results: [], expected: new Map([['gone', 'x']]) }).rows).toMatchObject([{ id: 'gone', verdict: 'stale' }]);
    expect(judge({ ...base, filtered: true, results: [], expected: new Map([['gone', 'x']]) }).rows).toEqual([]);
  });
});
