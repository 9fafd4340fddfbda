// What the document lets a service answer to a generated request, given what earlier answers created (customers, payments, idempotency keys).
import catalogue from '../../spec/errors.json' with { type: 'json' };
import type { ContractAnswer } from './cases.js';
import type { GeneratedRequest } from './generated-requests.js';
import { ABOVE_CONFIG_MAXIMUM } from './schema-arbitraries.js';

/** What the services created so far in this cell, learnt from their answers. */
export class CreatedModel {
  readonly customers = new Set<number>();
  readonly payments = new Set<number>();
  /** Idempotency-Key -> the charge it was first executed with ("the same body": customerId, amountCents, currency). */
  readonly keys = new Map<string, string>();

  learn(request: GeneratedRequest, answer: ContractAnswer): void {
    if (request.expect.kind !== 'valid' || answer.status >= 300) return;
    const body = answer.body as Record<string, unknown>;
    const route = `${request.method} ${request.operation.path}`;
    if (route === 'POST /customers' || route === 'GET /customers/{id}') this.customers.add(body.id as number);
    if (route === 'GET /customers') for (const item of body.items as { id: number }[]) this.customers.add(item.id);
    if (route === 'POST /payments' || route === 'GET /payments/{id}') this.payments.add(body.id as number);
    if (route === 'POST /checkout') {
      this.customers.add((body.customer as { id: number }).id);
      this.payments.add((body.payment as { id: number }).id);
    }
    const key = idempotencyKey(request);
    if (key !== undefined && answer.status === 201 && !this.keys.has(key)) this.keys.set(key, charge(request));
  }
}

function sentJson(request: GeneratedRequest): Record<string, unknown> {
  return JSON.parse(request.body ?? '{}') as Record<string, unknown>;
}

function idempotencyKey(request: GeneratedRequest): string | undefined {
  if (request.operation.path === '/payments') return request.headers['idempotency-key'];
  if (request.operation.path === '/checkout' && request.method === 'POST') return sentJson(request).idempotencyKey as string | undefined;
  return undefined;
}

function charge(request: GeneratedRequest): string {
  const { customerId, amountCents, currency } = sentJson(request);
  return JSON.stringify([customerId, amountCents, currency]);
}

const idInPath = (request: GeneratedRequest): number => Number(request.path.split('/').pop());

/** The statuses the document allows for a valid request in this state, with a reason for the state-dependent ones. */
function validStatuses(request: GeneratedRequest, model: CreatedModel): number[] {
  const route = `${request.method} ${request.operation.path}`;
  const key = idempotencyKey(request);
  const reused = key !== undefined && model.keys.has(key) && model.keys.get(key) !== charge(request);
  switch (route) {
    case 'POST /customers':
      return [201];
    case 'GET /customers/{id}':
      return model.customers.has(idInPath(request)) ? [200] : [200, 404];
    case 'GET /payments/{id}':
      return model.payments.has(idInPath(request)) ? [200] : [200, 404];
    case 'POST /payments':
      return reused ? [422] : [201];
    case 'POST /checkout': {
      const known = model.customers.has(sentJson(request).customerId as number);
      if (reused) return known ? [422] : [404, 422];
      return known ? [201] : [201, 404];
    }
    default:
      return [200];
  }
}

/** A problem with the status, error code, field or headers of the answer, or undefined. The response schema is checked by the caller. */
export function judge(request: GeneratedRequest, answer: ContractAnswer, model: CreatedModel): string | undefined {
  const error = (answer.body as { error?: { code?: unknown; field?: unknown } } | undefined)?.error;
  if (answer.status >= 500) return `answered ${answer.status}: the document allows no 5xx for it: ${answer.text.slice(0, 200)}`;
  const requestIdProblem = checkRequestId(request.headers['x-request-id'], answer.headers['x-request-id']);
  if (requestIdProblem !== undefined) return requestIdProblem;
  const { expect } = request;
  if (expect.kind === 'method-not-allowed') {
    if (answer.status !== 405)
      return `answered ${answer.status}, expected 405 for a method the path does not list: ${answer.text.slice(0, 200)}`;
    const allow = (answer.headers.allow ?? '')
      .split(',')
      .map((method) => method.trim().toUpperCase())
      .filter(Boolean)
      .sort();
    if (allow.join(', ') !== [...expect.allow].sort().join(', '))
      return `Allow is "${answer.headers.allow ?? ''}", expected the methods ${expect.allow.join(', ')}`;
    if (request.method !== 'HEAD' && error?.code !== 'method_not_allowed')
      return `error code ${String(error?.code)}, expected method_not_allowed`;
    return undefined;
  }
  if (expect.kind === 'no-route') {
    if (answer.status !== 404 || error?.code !== 'not_found')
      return `answered ${answer.status} ${String(error?.code)}, expected 404 not_found for a path no route serves: ${answer.text.slice(0, 200)}`;
    return undefined;
  }
  if (expect.kind === 'invalid') {
    const status = catalogue.service[expect.code].status;
    // POST /checkout looks the customer up before payment applies its maxAmountCents: an unknown customer is 404 first.
    const lookedUpFirst =
      request.operation.path === '/checkout' &&
      expect.rule === ABOVE_CONFIG_MAXIMUM &&
      !model.customers.has(sentJson(request).customerId as number);
    if (lookedUpFirst && answer.status === 404 && error?.field === 'customerId') return undefined;
    if (answer.status !== status)
      return `answered ${answer.status}, expected ${status} ${expect.code} (${expect.rule}${expect.field !== undefined ? ` in ${expect.field}` : ''}): ${answer.text.slice(0, 200)}`;
    if (error?.code !== expect.code) return `error code ${String(error?.code)}, expected ${expect.code} (${expect.rule})`;
    if (error.field !== expect.field) return `error field ${String(error.field)}, expected ${String(expect.field)} (${expect.rule})`;
    return undefined;
  }
  const allowed = validStatuses(request, model);
  if (!allowed.includes(answer.status))
    return `answered ${answer.status} to a valid request, expected ${allowed.join(' or ')}: ${answer.text.slice(0, 200)}`;
  if (answer.status === 404 && request.operation.path === '/checkout' && error?.field !== 'customerId')
    return `a 404 of POST /checkout names field ${String(error?.field)}, expected customerId`;
  if (answer.status === 422 && error?.code !== 'idempotency_key_reused')
    return `error code ${String(error?.code)}, expected idempotency_key_reused`;
  return undefined;
}

const REUSABLE_REQUEST_ID = /^[\x21-\x7E]{1,128}$/;

/** "taken from the request when it is 1 to 128 printable ASCII characters, otherwise generated; echoed". */
function checkRequestId(sent: string | undefined, answered: string | undefined): string | undefined {
  if (answered === undefined || !REUSABLE_REQUEST_ID.test(answered))
    return `x-request-id answered ${String(answered)}, expected an id of 1 to 128 printable ASCII characters`;
  if (sent === undefined) return undefined;
  if (REUSABLE_REQUEST_ID.test(sent)) return answered === sent ? undefined : `x-request-id ${sent} was not echoed (got ${answered})`;
  return answered === sent ? `x-request-id "${sent}" is not 1 to 128 printable ASCII characters and was echoed, not replaced` : undefined;
}
