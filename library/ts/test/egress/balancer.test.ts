import { describe, expect, it } from 'vitest';
import { RoundRobin } from '../../src/egress/balancer.js';
import { CircuitBreaker } from '../../src/egress/circuit.js';
import type { ServiceInstance } from '../../src/registry/resolver.js';

const instances: ServiceInstance[] = ['a', 'b', 'c'].map((id, i) => ({
  id,
  service: 's',
  address: '127.0.0.1',
  port: 9000 + i,
  status: 'passing',
}));

function circuits() {
  const byId = new Map(instances.map((i) => [i.id, new CircuitBreaker({ failureThreshold: 1, openSeconds: 60 }, () => 0)]));
  return { byId, circuitOf: (instance: ServiceInstance) => byId.get(instance.id)! };
}

describe('round robin', () => {
  it('takes the instances in turn', () => {
    const rr = new RoundRobin();
    const { circuitOf } = circuits();
    expect([1, 2, 3, 4].map(() => rr.pick(instances, circuitOf)?.id)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('skips instances whose circuit is open', () => {
    const rr = new RoundRobin();
    const { byId, circuitOf } = circuits();
    byId.get('b')!.recordFailure();
    expect([1, 2, 3, 4].map(() => rr.pick(instances, circuitOf)?.id)).toEqual(['a', 'c', 'c', 'a']);
  });

  it('finds nothing when every circuit is open', () => {
    const rr = new RoundRobin();
    const { byId, circuitOf } = circuits();
    for (const circuit of byId.values()) circuit.recordFailure();
    expect(rr.pick(instances, circuitOf)).toBeUndefined();
  });

  it('a retry prefers an instance this call has not tried', () => {
    const rr = new RoundRobin();
    const { circuitOf } = circuits();
    rr.pick(instances, circuitOf);
    // next in turn is b, already tried: c is preferred
    expect(rr.pick(instances, circuitOf, ['b'])?.id).toBe('c');
  });

  it('a retry goes back to a tried instance when no other is usable', () => {
    const rr = new RoundRobin();
    const { byId, circuitOf } = circuits();
    byId.get('b')!.recordFailure();
    byId.get('c')!.recordFailure();
    expect(rr.pick(instances, circuitOf, ['a'])?.id).toBe('a');
  });

  it('finds nothing in an empty list', () => {
    expect(new RoundRobin().pick([], circuits().circuitOf)).toBeUndefined();
  });
});
