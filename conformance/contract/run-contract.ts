// Runs the services contract cases against running services of any language, by URL.
import { CONTRACT_CASES, type ContractAnswer, type ContractCase, type ContractState, type ServiceName } from './cases.js';
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

async function runCase(contract: ServicesContract, baseUrl: string, contractCase: ContractCase, state: ContractState): Promise<string | undefined> {
  const request = contractCase.request(state);
  const hasBody = request.json !== undefined || request.raw !== undefined;
  const response = await fetch(baseUrl + request.path, {
    method: contractCase.operation.method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...request.headers },
    body: request.raw ?? (request.json !== undefined ? JSON.stringify(request.json) : undefined),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const answer: ContractAnswer = { status: response.status, headers: Object.fromEntries(response.headers), body: parsed, text };
  if (answer.status !== contractCase.status) return `answered ${answer.status}, expected ${contractCase.status}: ${text.slice(0, 300)}`;

  const { method, path } = contractCase.operation;
  const documented = contract.response(method, path, answer.status);
  if (!documented.documented && contractCase.undocumentedStatus !== true) return `status ${answer.status} is not documented for ${method} ${path}`;
  if (documented.documented) {
    const contentType = answer.headers['content-type'] ?? '';
    if (documented.contentType !== undefined && !contentType.startsWith(documented.contentType)) {
      return `content-type is ${contentType || 'missing'}, expected ${documented.contentType}`;
    }
    if (documented.contentType === 'application/json') {
      const invalid = documented.validate(answer.body);
      if (invalid !== undefined) return `the answer does not match the ${answer.status} schema of ${method} ${path}: ${invalid}; body ${text.slice(0, 300)}`;
    }
  }
  if (contractCase.error !== undefined) {
    const error = (answer.body as { error?: { code?: unknown; field?: unknown } } | undefined)?.error;
    if (error?.code !== contractCase.error.code) return `error code ${String(error?.code)}, expected ${contractCase.error.code}`;
    if (contractCase.error.field === null && error?.field !== undefined) return `error field ${String(error.field)}, expected none`;
    if (typeof contractCase.error.field === 'string' && error?.field !== contractCase.error.field) return `error field ${String(error?.field)}, expected ${contractCase.error.field}`;
  }
  return contractCase.check?.(answer, state);
}
