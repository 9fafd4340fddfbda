// Which vectors an agent cell runs, and the companion app that shares the vector's agent.
import { describe, expect, it } from 'vitest';
import { companionServiceOf } from '../src/runner.js';
import { appliesTo, type Vector } from '../src/vector.js';

function vector(fields: Partial<Vector>): Vector {
  return { id: 'v', description: '', feature: 'egress', steps: [], ...fields };
}

describe('mode agent in the conformance suite', () => {
  it('runs a vector wherever it runs in sidecar mode, and only there', () => {
    expect(appliesTo(vector({}), 'agent')).toBe(true);
    expect(appliesTo(vector({ modes: ['sidecar'] }), 'agent')).toBe(true);
    expect(appliesTo(vector({ modes: ['none'] }), 'agent')).toBe(false);
    expect(appliesTo(vector({ modes: ['library'] }), 'agent')).toBe(false);
    expect(appliesTo(vector({ modes: ['none'] }), 'none')).toBe(true);
  });

  it('gives the vector a companion of a service it neither tests nor fakes, else a second instance of its own', () => {
    expect(companionServiceOf(vector({}))).toBe('payment');
    expect(companionServiceOf(vector({ upstreams: { payment: {} } }))).toBe('customers');
    expect(companionServiceOf(vector({ service: 'payment' }))).toBe('customers');
    expect(companionServiceOf(vector({ service: 'customers', upstreams: {} }))).toBe('payment');
    expect(companionServiceOf(vector({ upstreams: { customers: {}, payment: {} } }))).toBe('web');
  });
});
