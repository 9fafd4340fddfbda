// How a record at the collector shows which build wrote (or shipped) it: old behaviour, new behaviour, or neither.
import type { ProbeKind } from './tree/upgrades.js';
import { loadTraceId } from './load-types.js';

/** The part of a collector record (spec/controlplane.openapi.yaml StoredRecord) a probe reads. */
export interface CollectedRecord {
  instance: string;
  body: string;
  attributes: Record<string, unknown>;
  receivedAt: string;
}

/** `wrong`: the new behaviour, but not as the spec says (an address left in the body beside a redacted id). */
export type Behaviour = 'old' | 'new' | 'wrong';

export interface Classification {
  behaviour: Behaviour;
  /** The load request the record was written for (`chk/<i>/...`). */
  requestIndex: number;
  /** traceparent: the record carries the trace id the load sent with its request (false: a trace started on the way). */
  continued?: boolean;
}

const LOAD_REQUEST = /^chk\/([0-9]+)\//;
const EMAIL_SIGN = '@';
const REDACTED = '[redacted:email]';

/**
 * Only records of the load's requests count (their request_id is `chk/<i>/<address>`): they carry
 * the address (redaction) and came with a traceparent (trace context). Others are undefined.
 */
export function classify(kind: ProbeKind, record: CollectedRecord): Classification | undefined {
  const requestId = record.attributes.request_id;
  const index = typeof requestId === 'string' ? LOAD_REQUEST.exec(requestId)?.[1] : undefined;
  if (index === undefined) return undefined;
  const requestIndex = Number(index);
  switch (kind) {
    case 'redaction': {
      if ((requestId as string).includes(REDACTED)) return { behaviour: record.body.includes(EMAIL_SIGN) ? 'wrong' : 'new', requestIndex };
      return (requestId as string).includes(EMAIL_SIGN) ? { behaviour: 'old', requestIndex } : undefined;
    }
    case 'traceparent': {
      const traceId = record.attributes.trace_id;
      if (traceId === undefined) return { behaviour: 'old', requestIndex };
      // A hop still on the old build sends no traceparent: the next one, upgraded, starts a trace of its own.
      return {
        behaviour: typeof traceId === 'string' && TRACE_ID.test(traceId) ? 'new' : 'wrong',
        requestIndex,
        continued: traceId === loadTraceId(requestIndex),
      };
    }
  }
}

const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
