// Claims whose evidence comes from the resources, scale and propagation scenarios (filled in as those land).
import type { RunResults } from '../results/types.js';
import type { ClaimRow } from './claims.js';

export function CLAIM_RULES_EXTRA(_results: RunResults): Partial<Record<'C2' | 'C3' | 'C5' | 'K2' | 'K3', ClaimRow>> {
  return {};
}
