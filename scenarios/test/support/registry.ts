// The registered scenarios as the tests use them: a run analysed, its claims and headlines, exactly as the report computes them.
import type { RunResults } from '../../../scripts/results/types.js';
import { analyseRun } from '../../../scripts/report/analysed-run.js';
import { evaluateClaims } from '../../../scripts/report/claims-table.js';
import type { ClaimRow } from '../../../scripts/report/claims.js';
import type { Headline } from '../../../scripts/report/headlines.js';
import { SCENARIOS } from '../../index.js';

export { SCENARIOS };

export function claimsOf(results: RunResults): ClaimRow[] {
  return evaluateClaims(analyseRun(results, SCENARIOS), SCENARIOS);
}

export function headlinesOf(results: RunResults): Headline[] {
  return analyseRun(results, SCENARIOS).headlines;
}

/** A run analysed as the report does, for a test of one scenario's rule. */
export function analysed(results: RunResults): ReturnType<typeof analyseRun> {
  return analyseRun(results, SCENARIOS);
}

/** The row of one claim, as the claims table computes it. */
export function claim(id: string, results: RunResults): ClaimRow {
  const row = claimsOf(results).find((one) => one.id === id);
  if (row === undefined) throw new Error(`no claim ${id} in the catalogue`);
  return row;
}
