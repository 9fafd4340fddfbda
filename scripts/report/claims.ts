// The claims of the seed and the costs its critics name, and what a verdict is. The catalogue names claims, never
// scenarios: a scenario's folder brings the rule that decides a claim (scripts/report/claims-table.ts puts them together).

export type Verdict = 'supported' | 'not supported' | 'depends' | 'not measured';

/** What a rule computed from a run: the figures in words, the verdict, and the rule itself with its thresholds. */
export interface ClaimFinding {
  evidence: string;
  verdict: Verdict;
  rule: string;
}

export interface ClaimStatement {
  id: string;
  side: 'claim' | 'cost';
  statement: string;
}

export type ClaimRow = ClaimStatement & ClaimFinding;

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
