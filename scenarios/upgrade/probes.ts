// How a record at the collector shows which build wrote (or shipped) it: old behaviour, new behaviour, or neither.
import type { ProbeKind } from '../../scripts/upgrade/upgrades.js';
import { loadTraceId } from './load-types.js';

/** The part of a collector record (spec/controlplane.openapi.yaml StoredRecord) a probe reads. */
export interface CollectedRecord {
  instance: string;
  body: string;
  attributes: Record<string, unknown>;
  receivedAt: string;
}

/** `wrong`: the new behaviour, but not as the spec says (a trace id that is not the caller's). */
export type Behaviour = 'old' | 'new' | 'wrong';

const LOAD_REQUEST = /^chk\/([0-9]+)\//;
const EMAIL_SIGN = '@';
const REDACTED = '[redacted:email]';

/**
 * Only records of the load's requests count (their request_id is `chk/<i>/<address>`): they carry
 * the address (redaction) and came with a traceparent (trace context). Others are undefined.
 */
export function classify(kind: ProbeKind, record: CollectedRecord): Behaviour | undefined {
  const requestId = record.attributes['request_id'];
  if (typeof requestId !== 'string') return undefined;
  switch (kind) {
    case 'redaction': {
      if (!requestId.startsWith('chk/')) return undefined;
      if (requestId.includes(REDACTED)) return record.body.includes(EMAIL_SIGN) ? 'wrong' : 'new';
      return requestId.includes(EMAIL_SIGN) ? 'old' : undefined;
    }
    case 'traceparent': {
      const index = LOAD_REQUEST.exec(requestId)?.[1];
      if (index === undefined) return undefined;
      const traceId = record.attributes['trace_id'];
      if (traceId === undefined) return 'old';
      return traceId === loadTraceId(Number(index)) ? 'new' : 'wrong';
    }
  }
}
