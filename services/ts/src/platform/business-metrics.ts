// The input rules of a business counter (spec/features.md metrics), checked the same in every mode.
export const MAX_LABELS = 5;
const COUNTER_NAME = /^[a-z][a-z0-9_]*_total$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Bad input from the caller; `field` names what is wrong (`name`, `value`, `labels`). */
export class MetricInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function checkCounterInput(name: unknown, value: unknown, labels: unknown): void {
  if (typeof name !== 'string' || !COUNTER_NAME.test(name)) {
    throw new MetricInputError('name', 'name must match ^[a-z][a-z0-9_]*_total$');
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new MetricInputError('value', 'value must be a finite number >= 0');
  }
  if (labels === undefined) return;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    throw new MetricInputError('labels', 'labels must be an object of strings');
  }
  const entries = Object.entries(labels);
  if (entries.length > MAX_LABELS) throw new MetricInputError('labels', `at most ${MAX_LABELS} labels`);
  for (const [label, labelValue] of entries) {
    // `__` is Prometheus's own prefix (spec/features.md): refused here in every mode, so sidecar mode answers as library mode does.
    if (!LABEL_NAME.test(label) || label.startsWith('__') || typeof labelValue !== 'string') {
      throw new MetricInputError('labels', `label "${label}" must be a Prometheus label name with a string value`);
    }
  }
}
