// Business counters the app reports (scl_business_<name>): validated, created on first use.
import { Counter, type Registry } from 'prom-client';
import { metricDefinition } from './definitions.js';

const NAME_PATTERN = /^[a-z][a-z0-9_]*_total$/;
const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const MAX_BUSINESS_LABELS = 5;
/** Bound on distinct counters, so a buggy caller cannot grow the registry without limit. */
export const MAX_BUSINESS_COUNTERS = 100;

/** Bad input from the caller; `field` names what is wrong (name, value or labels). */
export class BusinessMetricError extends Error {
  readonly code = 'validation_failed';
  constructor(
    readonly field: 'name' | 'value' | 'labels',
    message: string,
  ) {
    super(message);
    this.name = 'BusinessMetricError';
  }
}

interface BusinessCounter {
  counter: Counter<string>;
  /** Sorted; the label set of a counter is fixed by its first use. */
  labelNames: string[];
}

export class BusinessCounters {
  private readonly counters = new Map<string, BusinessCounter>();
  private readonly help = metricDefinition('scl_business_*_total').help;

  constructor(private readonly registry: Registry) {}

  /** Adds `value` to `scl_business_<name>`; throws BusinessMetricError on bad input. */
  count(name: string, value: number, labels: Readonly<Record<string, string>> = {}): void {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new BusinessMetricError('value', `value must be a finite number >= 0, got ${String(value)}`);
    }
    const entry = this.counters.get(name) ?? this.create(name, labels);
    checkLabels(labels, entry.labelNames, name);
    entry.counter.inc(labels, value);
  }

  private create(name: string, labels: Readonly<Record<string, string>>): BusinessCounter {
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
      throw new BusinessMetricError('name', `name "${String(name)}" must match ${NAME_PATTERN.source}`);
    }
    if (this.counters.size >= MAX_BUSINESS_COUNTERS) {
      throw new BusinessMetricError('name', `at most ${MAX_BUSINESS_COUNTERS} business counters; "${name}" is one too many`);
    }
    const labelNames = Object.keys(labels).sort();
    if (labelNames.length > MAX_BUSINESS_LABELS) {
      throw new BusinessMetricError('labels', `at most ${MAX_BUSINESS_LABELS} labels, got ${labelNames.length}`);
    }
    for (const labelName of labelNames) {
      if (!LABEL_NAME_PATTERN.test(labelName) || labelName.startsWith('__')) {
        throw new BusinessMetricError('labels', `label name "${labelName}" must match ${LABEL_NAME_PATTERN.source} and not start with __`);
      }
    }
    const counter = new Counter({
      name: `scl_business_${name}`,
      help: this.help,
      labelNames,
      registers: [this.registry],
    });
    const entry = { counter, labelNames };
    this.counters.set(name, entry);
    return entry;
  }
}

function checkLabels(labels: Readonly<Record<string, string>>, expected: string[], name: string): void {
  let count = 0;
  let sameNames = true;
  for (const key in labels) {
    count++;
    if (typeof labels[key] !== 'string') {
      throw new BusinessMetricError('labels', `label "${key}" must be a string`);
    }
    if (!expected.includes(key)) sameNames = false;
  }
  if (!sameNames || count !== expected.length) {
    throw new BusinessMetricError(
      'labels',
      `${name} was first counted with labels [${expected.join(', ')}]; use the same label names every time`,
    );
  }
}
