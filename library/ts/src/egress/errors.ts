// Responses egress synthesizes when no try could answer (spec/features.json egress.errorKinds).
import errors from '../../../../spec/errors.json' with { type: 'json' };
import spec from '../../../../spec/features.json' with { type: 'json' };
import type { EgressResponse } from '../types.js';

export type EgressErrorKind = keyof typeof spec.egress.errorKinds;
export const EGRESS_ERROR_HEADER = 'x-scl-egress-error';

const BODIES = Object.fromEntries(
  Object.entries(spec.egress.errorKinds).map(([kind, { code }]) => {
    const message = errors.platform[code as keyof typeof errors.platform].message;
    return [kind, JSON.stringify({ error: { code, message } })];
  }),
) as Record<EgressErrorKind, string>;

export function egressErrorResponse(kind: EgressErrorKind, attempts: number): EgressResponse {
  return {
    status: spec.egress.errorKinds[kind].status,
    headers: { 'content-type': 'application/json', [EGRESS_ERROR_HEADER]: kind },
    body: Buffer.from(BODIES[kind]),
    errorKind: kind,
    attempts,
  };
}
