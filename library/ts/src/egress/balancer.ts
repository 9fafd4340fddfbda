// Round robin over passing instances whose circuit lets a try through; a retry prefers another instance.
import type { ServiceInstance } from '../registry/resolver.js';
import type { CircuitBreaker } from './circuit.js';

export type CircuitOf = (instance: ServiceInstance) => CircuitBreaker;

export class RoundRobin {
  private next = 0;

  /**
   * The next instance in turn whose circuit allows a try, skipping those in `avoidIds` (already
   * tried by this call) unless no other is left; undefined when every circuit is open.
   */
  pick(instances: readonly ServiceInstance[], circuitOf: CircuitOf, avoidIds: readonly string[] = NONE): ServiceInstance | undefined {
    const count = instances.length;
    if (count === 0) return undefined;
    const start = this.next++ % count;
    if (this.next >= Number.MAX_SAFE_INTEGER) this.next = 0;
    let fallback: ServiceInstance | undefined;
    for (let i = 0; i < count; i++) {
      const instance = instances[(start + i) % count]!;
      if (!circuitOf(instance).allowsTry()) continue;
      if (avoidIds.length === 0 || !avoidIds.includes(instance.id)) return instance;
      fallback ??= instance;
    }
    return fallback;
  }
}

const NONE: readonly string[] = [];
