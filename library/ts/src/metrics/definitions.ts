// Every metric of spec/features.json, created from its definition in a given prom-client Registry.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import spec from '../../../../spec/features.json' with { type: 'json' };

type Definitions = typeof spec.metrics.names;
/** A metric name of the spec (the business pattern is created by business.ts). */
export type SpecMetricName = Exclude<keyof Definitions, 'scl_business_*_total'>;
type Collect<T> = (this: T) => void | Promise<void>;

export const HISTOGRAM_BUCKETS_SECONDS: readonly number[] = spec.metrics.histogramBucketsSeconds;

export function metricDefinition(name: keyof Definitions): Definitions[keyof Definitions] {
  return spec.metrics.names[name];
}

function definitionOf(name: SpecMetricName, type: 'counter' | 'gauge' | 'histogram') {
  const definition = spec.metrics.names[name];
  if (definition.type !== type) {
    throw new Error(`${name} is a ${definition.type} in spec/features.json, not a ${type}`);
  }
  return { name, help: definition.help, labelNames: definition.labels };
}

export function specCounter(registry: Registry, name: SpecMetricName, collect?: Collect<Counter<string>>): Counter<string> {
  return new Counter({ ...definitionOf(name, 'counter'), registers: [registry], collect });
}

export function specGauge(registry: Registry, name: SpecMetricName, collect?: Collect<Gauge<string>>): Gauge<string> {
  return new Gauge({ ...definitionOf(name, 'gauge'), registers: [registry], collect });
}

export function specHistogram(registry: Registry, name: SpecMetricName): Histogram<string> {
  return new Histogram({
    ...definitionOf(name, 'histogram'),
    buckets: [...HISTOGRAM_BUCKETS_SECONDS],
    registers: [registry],
  });
}

/** Sets a counter to an absolute reading (a CPU total read from the process). */
export function setCounterTotal(counter: Counter<string>, total: number): void {
  counter.reset();
  counter.inc(total);
}
