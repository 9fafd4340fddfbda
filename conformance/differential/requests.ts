// Input family `requests`: a POST /payments (spec/services.openapi.yaml) with odd JSON text in the body and odd
// Idempotency-Key and x-request-id values, sent to one payment instance per implementation; observed: status, error
// code and field, the values the payment was captured with, and what came back as the request id.
import { join } from 'node:path';
import * as fc from 'fast-check';
import { startInstance, type RunningInstance } from '../../scripts/orchestration/instance.js';
import type { Family, FamilyEnvironment, Implementation, Observation, Session } from './family.js';

const REQUEST_TIMEOUT_MS = 10_000;

export interface RequestCase {
  kind: string;
  /** The body exactly as sent: not always valid JSON, keys may repeat. */
  body: string;
  idempotencyKey?: string;
  requestId?: string;
}

const amount = fc.integer({ min: 1, max: 1_000_000 });
/** JSON text for amountCents that a number parser may read in more than one way. */
const AMOUNT_KINDS: Record<string, fc.Arbitrary<string>> = {
  'amount-decimal': amount.map(String),
  'amount-exponent': fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 6 })).map(([m, e]) => `${m}e${e}`),
  'amount-zero-fraction': amount.map((n) => `${n}.0`),
  'amount-fraction': amount.map((n) => `${n}.5`),
  'amount-string': amount.map((n) => `"${n}"`),
  'amount-leading-zeros': amount.map((n) => `00${n}`),
  'amount-plus-sign': amount.map((n) => `+${n}`),
  'amount-hex': fc.integer({ min: 1, max: 4095 }).map((n) => `0x${n.toString(16)}`),
  'amount-not-positive': fc.integer({ min: -1_000_000, max: 0 }).map(String),
  'amount-huge': fc.constantFrom(
    '9007199254740991',
    '9007199254740992',
    '9007199254740993',
    '1e20',
    '1e400',
    '123456789012345678901234567890',
  ),
  'amount-not-finite': fc.constantFrom('NaN', 'Infinity', '-Infinity', '"NaN"', '"Infinity"'),
};
const CURRENCY_KINDS: Record<string, fc.Arbitrary<string>> = {
  'currency-case': fc.constantFrom('"eur"', '"Usd"', '"gbP"'),
  'currency-padded': fc.constantFrom('" EUR"', '"EUR "', '"\\tUSD"', '"\\u00a0GBP"'),
  'currency-unicode': fc.constantFrom('"ＥＵＲ"', '"EUR\\u0000"', '"E\\u0301UR"', '"€"', '""'),
};

const body = (amountText: string, currencyText = '"EUR"') => `{"customerId":1,"amountCents":${amountText},"currency":${currencyText}}`;

const byAmount = Object.entries(AMOUNT_KINDS).map(([kind, text]) =>
  fc.record({ kind: fc.constant(kind), body: text.map((one) => body(one)) }),
);
const byCurrency = Object.entries(CURRENCY_KINDS).map(([kind, text]) =>
  fc.record({ kind: fc.constant(kind), body: text.map((one) => body('100', one)) }),
);
const duplicateKeys = fc.record({
  kind: fc.constant('duplicate-key'),
  body: fc
    .tuple(amount, fc.constantFrom('"x"', '-1', 'null', '1.5', '{}'))
    .chain(([good, bad]) =>
      fc.constantFrom(
        `{"customerId":1,"amountCents":${bad},"amountCents":${good},"currency":"EUR"}`,
        `{"customerId":1,"amountCents":${good},"amountCents":${bad},"currency":"EUR"}`,
        `{"customerId":1,"amountCents":${good},"currency":"XXX","currency":"EUR"}`,
      ),
    ),
});
const notAnObject = fc.record({
  kind: fc.constant('not-an-object'),
  body: fc.constantFrom('[]', '"x"', 'null', '1', 'true', '', ' ', '{"customerId":1,', '{}'),
});
const idempotencyKeys = fc.record({
  kind: fc.constant('idempotency-key'),
  body: amount.map((n) => body(String(n))),
  idempotencyKey: fc.oneof(
    fc.constantFrom('', ' ', ' key', 'key ', 'a b', 'é', 'x'.repeat(255), 'x'.repeat(256), '"quoted"', 'ключ'),
    fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
  ),
});
const requestIds = fc.record({
  kind: fc.constant('request-id'),
  body: amount.map((n) => body(String(n))),
  requestId: fc.oneof(
    fc.constantFrom('', ' ', 'a b', ' padded ', 'é', 'r'.repeat(300), 'r'.repeat(5000), 'id,with,commas'),
    fc.stringMatching(/^[\x21-\x7e]{1,64}$/),
  ),
});

export const requestCase: fc.Arbitrary<RequestCase> = fc.oneof(
  ...byAmount,
  ...byCurrency,
  duplicateKeys,
  notAnObject,
  idempotencyKeys,
  requestIds,
);

/** A header value fetch cannot send (outside Latin-1) goes as its UTF-8 bytes, as a raw client would send it. */
function headerValue(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((byte) => String.fromCharCode(byte)).join('');
}

async function post(instance: RunningInstance, input: RequestCase, keySuffix: string): Promise<Observation> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // A well-formed key gets a suffix unique to the case, so one case's stored answer is never another's replay.
  if (input.idempotencyKey !== undefined)
    headers['idempotency-key'] = headerValue(
      /^[\x21-\x7e]{1,200}$/.test(input.idempotencyKey) ? `${input.idempotencyKey}-${keySuffix}` : input.idempotencyKey,
    );
  if (input.requestId !== undefined) headers['x-request-id'] = headerValue(input.requestId);
  let response: Response;
  try {
    response = await fetch(`${instance.publicUrl}/payments`, {
      method: 'POST',
      headers,
      body: input.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { facts: { outcome: 'no answer' }, detail: (error as Error).message };
  }
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  const error = json?.error as { code?: unknown; field?: unknown; message?: unknown } | undefined;
  const echoed = response.headers.get('x-request-id');
  const sentId = headers['x-request-id'];
  return {
    facts: {
      status: response.status,
      ...(error !== undefined ? { code: error.code ?? null, field: error.field ?? null } : {}),
      ...(response.status === 201 && json !== undefined
        ? {
            customerId: json.customerId,
            amountCents: json.amountCents,
            amountText: /"amountCents":\s*([^,}]+)/.exec(text)?.[1] ?? null,
            currency: json.currency,
          }
        : {}),
      requestId: echoed === null ? 'absent' : sentId === undefined ? 'generated' : echoed === sentId ? 'echoed' : 'replaced',
    },
    ...(typeof error?.message === 'string' ? { detail: error.message } : json === undefined ? { detail: text.slice(0, 120) } : {}),
  };
}

async function startSession(implementation: Implementation, environment: FamilyEnvironment): Promise<Session<RequestCase>> {
  const instance = await startInstance({
    lang: implementation.lang,
    service: 'payment',
    mode: implementation.mode,
    instanceId: `payment-${implementation.name}`,
    controlplaneUrl: environment.controlplaneUrl,
    runDir: join(environment.runDir, `requests-${implementation.name}`),
  });
  let count = 0;
  return {
    observe: (input) => post(instance, input, String(++count)),
    stop: () => instance.stop('SIGKILL'),
  };
}

export const requestsFamily: Family<RequestCase> = {
  id: 'requests',
  entryPoint:
    'POST /payments on the payment service (body as raw JSON text, Idempotency-Key, x-request-id); the sidecar beside the TypeScript app',
  arbitrary: requestCase,
  kindOf: (input) => input.kind,
  show: (input) =>
    `POST /payments ${input.body}${input.idempotencyKey !== undefined ? ` Idempotency-Key: ${JSON.stringify(input.idempotencyKey)}` : ''}${input.requestId !== undefined ? ` x-request-id: ${JSON.stringify(input.requestId.length > 40 ? `${input.requestId.slice(0, 12)}… (${input.requestId.length} chars)` : input.requestId)}` : ''}`,
  start: startSession,
};
