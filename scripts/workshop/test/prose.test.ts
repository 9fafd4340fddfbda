// The workshop's pages ask; the reports answer. No page states a measured figure or a verdict, so a participant's
// prediction is checked against this machine's run, never against a number someone typed in.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../paths.js';
import { workshopPages } from './pages.js';

/** A number followed by a unit of what the bench measures: an answer, not a question. */
const FIGURE = /\d[\d.,]*\s*(µs|us|ms|[KMG]i?B|req\/s|requests\/s|rps|%|×|x\b|times\b)/g;
/** The words of the claims table's verdicts, and their synonyms in prose. */
const VERDICT = /\b(supported|unsupported|confirmed|refuted|disproved|proven|within noise)\b/gi;

describe('the workshop pages give no answers', () => {
  it('finds its pages', () => {
    expect(workshopPages().length).toBeGreaterThan(6);
  });

  for (const path of workshopPages()) {
    it(`${relative(REPO_ROOT, path)}: no figure with a unit, no verdict`, () => {
      const text = readFileSync(path, 'utf8');
      expect(text.match(FIGURE) ?? []).toEqual([]);
      expect(text.match(VERDICT) ?? []).toEqual([]);
    });
  }

  it('the checks catch what they are for', () => {
    expect('the sidecar adds 120 µs at p50; 45 MiB per instance; 3000 req/s; 12%'.match(FIGURE)).toHaveLength(4);
    expect('K1 is supported; C3 not supported'.match(VERDICT)).toHaveLength(2);
  });
});
