// What egress keeps per target service: its round robin, one circuit per instance, its retry budget.
import type { ServiceInstance } from '../registry/resolver.js';
import { RoundRobin } from './balancer.js';
import { RetryBudget, type RetryBudgetSettings } from './budget.js';
import { CircuitBreaker, type CircuitSettings, type CircuitState } from './circuit.js';

export class TargetState {
  readonly balancer = new RoundRobin();
  readonly budget: RetryBudget;
  private readonly circuits = new Map<string, CircuitBreaker>();
  private knownInstances: readonly ServiceInstance[] = [];

  constructor(
    private readonly circuitSettings: CircuitSettings,
    budgetSettings: RetryBudgetSettings,
    private readonly now: () => number,
  ) {
    this.budget = new RetryBudget(budgetSettings, now);
  }

  /** Bound once: the balancer calls it per instance without a closure per call. */
  readonly circuitOf = (instance: ServiceInstance): CircuitBreaker => {
    let circuit = this.circuits.get(instance.id);
    if (circuit === undefined) {
      circuit = new CircuitBreaker(this.circuitSettings, this.now);
      this.circuits.set(instance.id, circuit);
    }
    return circuit;
  };

  /** Forgets the circuits of instances no longer listed (checked only when the list changed). */
  sync(instances: readonly ServiceInstance[]): void {
    if (instances === this.knownInstances) return;
    this.knownInstances = instances;
    for (const id of this.circuits.keys()) {
      if (!instances.some((instance) => instance.id === id)) this.circuits.delete(id);
    }
  }

  *circuitStates(): Generator<{ instance: string; state: CircuitState }> {
    for (const [instance, circuit] of this.circuits) yield { instance, state: circuit.state() };
  }
}
