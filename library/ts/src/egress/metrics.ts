// The scl_egress_* metrics, with label objects cached per target so a call allocates few.
import type { Counter, Histogram, Registry } from 'prom-client';
import { specCounter, specGauge, specHistogram } from '../metrics/definitions.js';
import { CIRCUIT_STATE_VALUES, type CircuitState } from './circuit.js';

export interface CircuitReading {
  target: string;
  instance: string;
  state: CircuitState;
}

type TargetLabels = { target: string };
type CallLabels = { target: string; method: string };
type OutcomeLabels = CallLabels & { status: string };

export class EgressMetrics {
  private readonly requests: Counter<string>;
  private readonly duration: Histogram<string>;
  private readonly retries: Counter<string>;
  private readonly budgetExhausted: Counter<string>;
  private readonly circuitOpened: Counter<string>;
  private readonly targets = new Map<string, TargetLabels>();
  private readonly calls = new Map<string, Map<string, { call: CallLabels; byStatus: Map<string, OutcomeLabels> }>>();

  constructor(registry: Registry, circuits: () => Iterable<CircuitReading>) {
    this.requests = specCounter(registry, 'scl_egress_requests_total');
    this.duration = specHistogram(registry, 'scl_egress_request_duration_seconds');
    this.retries = specCounter(registry, 'scl_egress_retries_total');
    this.budgetExhausted = specCounter(registry, 'scl_egress_retry_budget_exhausted_total');
    this.circuitOpened = specCounter(registry, 'scl_egress_circuit_opened_total');
    specGauge(registry, 'scl_egress_circuit_state', function () {
      this.reset();
      for (const { target, instance, state } of circuits()) this.set({ target, instance }, CIRCUIT_STATE_VALUES[state]);
    });
  }

  /** `status`: the final HTTP code, or the egress error kind. */
  call(target: string, method: string, status: string, durationSeconds: number): void {
    const labels = this.callLabels(target, method);
    let outcome = labels.byStatus.get(status);
    if (outcome === undefined) {
      outcome = { ...labels.call, status };
      labels.byStatus.set(status, outcome);
    }
    this.requests.inc(outcome);
    this.duration.observe(labels.call, durationSeconds);
  }

  retry(target: string): void {
    this.retries.inc(this.target(target));
  }

  retryBudgetExhausted(target: string): void {
    this.budgetExhausted.inc(this.target(target));
  }

  circuitOpenedOn(target: string): void {
    this.circuitOpened.inc(this.target(target));
  }

  private target(target: string): TargetLabels {
    let labels = this.targets.get(target);
    if (labels === undefined) {
      labels = { target };
      this.targets.set(target, labels);
    }
    return labels;
  }

  private callLabels(target: string, method: string) {
    let byMethod = this.calls.get(target);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.calls.set(target, byMethod);
    }
    let labels = byMethod.get(method);
    if (labels === undefined) {
      labels = { call: { target, method }, byStatus: new Map() };
      byMethod.set(method, labels);
    }
    return labels;
  }
}
