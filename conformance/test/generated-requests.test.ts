// The request generators agree with spec/services.openapi.yaml: what they call valid its schemas accept, what breaks a rule they refuse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatedRequests, type GeneratedRequest } from '../contract/generated-requests.js';
import { ServicesContract } from '../contract/openapi.js';

const contract = new ServicesContract();
const sample = fc.sample(generatedRequests(contract), { seed: 42, numRuns: 2000 });
const jsonBody = (request: GeneratedRequest): unknown => JSON.parse(request.body as string);
const hasSchema = (request: GeneratedRequest) =>
  request.body !== undefined && contract.requestSchema(request.operation.method, request.operation.path) !== undefined;

describe('requests generated from the document', () => {
  it('cover valid requests, each kind of broken one, and methods a path does not list', () => {
    const kinds = new Set(
      sample.map(({ expect: expected }) => (expected.kind === 'invalid' ? `${expected.kind} ${expected.code}` : expected.kind)),
    );
    expect([...kinds].sort()).toEqual(['invalid invalid_json', 'invalid validation_failed', 'method-not-allowed', 'no-route', 'valid']);
    const operations = new Set(
      sample.filter(({ expect: expected }) => expected.kind === 'valid').map(({ operation }) => `${operation.method} ${operation.path}`),
    );
    expect(operations.size).toBe(contract.operations().filter(({ path }) => !path.startsWith('/_scl/')).length);
  });

  it('send valid bodies the request schema accepts', () => {
    for (const request of sample.filter((candidate) => candidate.expect.kind === 'valid' && hasSchema(candidate))) {
      expect(
        contract.requestBodyProblem(request.operation.method, request.operation.path, jsonBody(request)),
        request.body,
      ).toBeUndefined();
    }
  });

  it('send broken bodies the request schema refuses, or text that is not JSON', () => {
    const broken = sample.filter(
      (candidate) => candidate.expect.kind === 'invalid' && candidate.body !== undefined && hasSchema(candidate),
    );
    expect(broken.length).toBeGreaterThan(100);
    for (const request of broken) {
      if (request.expect.kind === 'invalid' && request.expect.code === 'invalid_json') {
        expect(() => JSON.parse(request.body as string), request.body).toThrow();
        continue;
      }
      // A config limit (maxAmountCents) is tighter than the schema; every other broken rule is the schema's own.
      if (request.expect.kind === 'invalid' && request.expect.rule === 'above the config maximum') continue;
      // A broken parameter (Idempotency-Key) comes with a valid body.
      const parameters = contract.parameters(request.operation.method, request.operation.path).map(({ name }) => name);
      if (request.expect.kind === 'invalid' && parameters.includes(request.expect.field ?? '')) continue;
      expect(contract.requestBodyProblem(request.operation.method, request.operation.path, jsonBody(request)), request.body).toBeDefined();
    }
  });
});
