// The claims of the seed and the costs its critics name, and what a verdict is. The catalogue names claims, never
// scenarios: a scenario's folder brings the rule that decides a claim (scripts/report/claims-table.ts puts them together).

import type { HeadlineUnit } from './headlines.js';

export type Verdict = 'supported' | 'not supported' | 'depends' | 'not measured';

/** The units a deciding figure may carry: a headline's, and the counts and shares some rules decide on. */
export type FigureUnit = HeadlineUnit | 's' | 'share' | 'lines' | 'count';

/** One value a rule read, with its 95% interval when the figure has one (a count or a line total has none). */
export interface FigureValue {
  label: string;
  value: number;
  interval?: { low: number; high: number };
}

/**
 * The one figure that decided a verdict, as the rule read it (never recomputed by the report): what it is, its value,
 * and, when the rule weighed it against another figure or a threshold, that other value.
 */
export interface DecidingFigure extends FigureValue {
  unit: FigureUnit;
  comparedWith?: FigureValue;
}

/** What a rule computed from a run: the figures in words, the verdict, and the rule itself with its thresholds. */
export interface ClaimFinding {
  evidence: string;
  verdict: Verdict;
  rule: string;
  /** Filled by a rule that can name the one figure its verdict turned on; left out when no single figure did. */
  deciding?: DecidingFigure;
}

export interface ClaimStatement {
  id: string;
  side: 'claim' | 'cost';
  statement: string;
}

/** A claim of the catalogue with its finding, and the id of the scenario whose rule decided it (null when none has one). */
export type ClaimRow = ClaimStatement & ClaimFinding & { scenario: string | null };

/** The seed's argument for the sidecar and its critics' costs, in the order the report lists them. */
export const CLAIMS = [
  { id: 'C1', side: 'claim', statement: 'a library must be written again per language' },
  { id: 'C2', side: 'claim', statement: 'the copies drift (data types, bugs in versions)' },
  { id: 'C3', side: 'claim', statement: 'the sidecar isolates the app' },
  { id: 'C4', side: 'claim', statement: 'same host means fast, reliable communication' },
  { id: 'C5', side: 'claim', statement: 'shared file system, CPU and memory serve the sidecar' },
  { id: 'C6', side: 'claim', statement: 'implemented once, reused everywhere' },
  { id: 'C7', side: 'claim', statement: 'one upgrade reaches every instance' },
  { id: 'A1', side: 'claim', statement: 'the ambassador makes outbound calls resilient (retries that never charge twice)' },
  { id: 'K1', side: 'cost', statement: 'an extra hop on every request' },
  { id: 'K2', side: 'cost', statement: 'a process per instance: memory and CPU that grow with instances' },
  { id: 'K3', side: 'cost', statement: 'lifecycle coupling: start and stop ordering' },
  { id: 'K4', side: 'cost', statement: 'shallower integration than a library (per-request context, business metrics)' },
  { id: 'K5', side: 'cost', statement: 'a daemon per host may serve better than one per instance' },
] as const satisfies readonly ClaimStatement[];

export type ClaimId = (typeof CLAIMS)[number]['id'];

export function notMeasured(why: string, rule: string): ClaimFinding {
  return { evidence: why, verdict: 'not measured', rule };
}
