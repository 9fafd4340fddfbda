// Runs the services contract cases, and requests generated from the document, against running services of any language, by URL.
import fc from 'fast-check';
import { CONTRACT_CASES, type ContractAnswer, type ContractCase, type ContractState, type ServiceName } from './cases.js';
import { CreatedModel, judge } from './generated-oracle.js';
import { generatedRequests, type GeneratedRequest } from './generated-requests.js';
import { ServicesContract } from './openapi.js';

export interface ContractTargets {
  webUrl: string;
  customersUrl: string;
  paymentUrl: string;
}

export interface ContractCaseResult {
  name: string;
  ok: boolean;
  problem?: string;
}

export interface ContractReport {
  ok: boolean;
  passed: number;
  failed: number;
  results: ContractCaseResult[];
}

const REQUEST_TIMEOUT_MS = 10_000;

export async function runContract(targets: ContractTargets, cases: readonly ContractCase[] = CONTRACT_CASES): Promise<ContractReport> {
  const contract = new ServicesContract();
  const baseUrls: Record<ServiceName, string> = { web: targets.webUrl, customers: targets.customersUrl, payment: targets.paymentUrl };
  const state: ContractState = {};
  const results: ContractCaseResult[] = [];
  for (const contractCase of cases) {
    let problem: string | undefined;
    try {
      problem = await runCase(contract, baseUrls[contractCase.service], contractCase, state);
    } catch (error) {
      problem = `request failed: ${(error as Error).message}`;
    }
    results.push(problem === undefined ? { name: contractCase.name, ok: true } : { name: contractCase.name, ok: false, problem });
  }
  const failed = results.filter((result) => !result.ok).length;
  return { ok: failed === 0, passed: results.length - failed, failed, results };
}

async function runCase(
  contract: ServicesContract,
  baseUrl: string,
  contractCase: ContractCase,
  state: ContractState,
): Promise<string | undefined> {
  const request = contractCase.request(state);
  const hasBody = request.json !== undefined || request.raw !== undefined;
  const answer = await send(baseUrl + request.path, contractCase.operation.method, {
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...request.headers },
    body: request.raw ?? (request.json !== undefined ? JSON.stringify(request.json) : undefined),
  });
  if (answer.status !== contractCase.status)
    return `answered ${answer.status}, expected ${contractCase.status}: ${answer.text.slice(0, 300)}`;
  const mismatch = matchesDocument(contract, contractCase.operation, answer, contractCase.undocumentedStatus === true);
  if (mismatch !== undefined) return mismatch;
  if (contractCase.error !== undefined) {
    const error = (answer.body as { error?: { code?: unknown; field?: unknown } } | undefined)?.error;
    if (error?.code !== contractCase.error.code) return `error code ${String(error?.code)}, expected ${contractCase.error.code}`;
    if (contractCase.error.field === null && error?.field !== undefined) return `error field ${String(error.field)}, expected none`;
    if (typeof contractCase.error.field === 'string' && error?.field !== contractCase.error.field)
      return `error field ${String(error?.field)}, expected ${contractCase.error.field}`;
  }
  return contractCase.check?.(answer, state);
}

async function send(
  url: string,
  method: string,
  init: { headers: Record<string, string>; body?: string | Uint8Array | undefined },
): Promise<ContractAnswer> {
  const response = await fetch(url, { method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: Object.fromEntries(response.headers), body: parsed, text };
}

/** The status is documented for the operation (or a convention of the document), and the content type and body match its schema. */
function matchesDocument(
  contract: ServicesContract,
  operation: { method: string; path: string },
  answer: ContractAnswer,
  conventionStatus: boolean,
): string | undefined {
  const { method, path } = operation;
  const documented = contract.response(method, path, answer.status);
  if (!documented.documented && !conventionStatus) return `status ${answer.status} is not documented for ${method} ${path}`;
  if (!documented.documented) return undefined;
  const contentType = answer.headers['content-type'] ?? '';
  if (documented.contentType !== undefined && !contentType.startsWith(documented.contentType)) {
    return `content-type is ${contentType || 'missing'}, expected ${documented.contentType}`;
  }
  if (documented.contentType !== 'application/json') return undefined;
  const invalid = documented.validate(answer.body);
  return invalid === undefined
    ? undefined
    : `the answer does not match the ${answer.status} schema of ${method} ${path}: ${invalid}; body ${answer.text.slice(0, 300)}`;
}

export interface GeneratedOptions {
  /** fast-check's seed: the same requests, in the same order, in every cell. */
  seed: number;
  /** How many requests (before shrinking a failure). */
  numRuns: number;
}

export interface GeneratedReport {
  ok: boolean;
  /** Requests sent, shrinking included. */
  sent: number;
  /** The smallest failing request fast-check found, and what was wrong with its answer. */
  failure?: { request: GeneratedRequest; problem: string; seed: number; path: string };
}

/**
 * Requests generated from the document (valid ones, ones breaking one rule, methods a path does not list), each
 * answer checked against the operation's documented statuses and schemas; a failure is shrunk to its smallest request.
 */
export async function runGenerated(targets: ContractTargets, options: GeneratedOptions): Promise<GeneratedReport> {
  const contract = new ServicesContract();
  const baseUrls: Record<ServiceName, string> = { web: targets.webUrl, customers: targets.customersUrl, payment: targets.paymentUrl };
  const model = new CreatedModel();
  let sent = 0;
  const property = fc.asyncProperty(generatedRequests(contract), async (request) => {
    sent++;
    const body =
      request.body === undefined
        ? undefined
        : request.headers['content-type'] === undefined
          ? new TextEncoder().encode(request.body)
          : request.body;
    const answer = await send(baseUrls[request.service] + request.path, request.method, { headers: request.headers, body });
    // 405, a 404 for no route and HEAD are conventions of the document's description, not listed per operation.
    const convention =
      request.expect.kind === 'method-not-allowed' ||
      request.expect.kind === 'no-route' ||
      (request.expect.kind === 'invalid' && answer.status === 413);
    const problem =
      judge(request, answer, model) ??
      (request.method === 'HEAD' ? undefined : matchesDocument(contract, request.operation, answer, convention));
    if (problem !== undefined) throw new Error(problem);
    model.learn(request, answer);
  });
  const details = await fc.check(property, { seed: options.seed, numRuns: options.numRuns, endOnFailure: false });
  if (!details.failed || details.counterexample === null) return { ok: !details.failed, sent };
  const [request] = details.counterexample;
  const problem = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return { ok: false, sent, failure: { request, problem, seed: details.seed, path: details.counterexamplePath ?? '' } };
}
