// Input family `metrics`: a business counter increment (spec/features.md metrics) through the app's /_scl/metric hook
// with odd names, values and label values; observed: status, error code and field, and the samples /metrics exports.
import { join } from 'node:path';
import * as fc from 'fast-check';
import { startInstance, type RunningInstance } from '../../scripts/orchestration/instance.js';
import { parsePrometheusText, type Sample } from '../src/prometheus.js';
import type { Family, FamilyEnvironment, Implementation, Observation, Session } from './family.js';

const REQUEST_TIMEOUT_MS = 10_000;
/** Where a case's name holds this, the session puts a number of its own: each case gets a fresh counter. */
const FRESH = '{n}';

export interface MetricCase {
  kind: string;
  name: string;
  /** The JSON text of `value`, as sent. */
  value: string;
  labels?: Record<string, string>;
}

const fresh = `c${FRESH}_total`;
const count = fc.integer({ min: 0, max: 1000 });
const cases: Record<string, fc.Arbitrary<Omit<MetricCase, 'kind'>>> = {
  'value-decimal': count.map((n) => ({ name: fresh, value: String(n) })),
  'value-fraction': count.map((n) => ({ name: fresh, value: `${n}.25` })),
  'value-exponent': fc.integer({ min: 1, max: 9 }).map((m) => ({ name: fresh, value: `${m}e2` })),
  'value-negative': fc.integer({ min: -1000, max: -1 }).map((n) => ({ name: fresh, value: String(n) })),
  'value-negative-zero': fc.constant({ name: fresh, value: '-0' }),
  'value-huge': fc.constantFrom('9007199254740993', '1e300', '1e400').map((value) => ({ name: fresh, value })),
  'value-not-a-number': fc.constantFrom('"5"', 'null', 'true', '"NaN"', '"Infinity"', '[]').map((value) => ({ name: fresh, value })),
  'name-odd': fc
    .constantFrom(
      'Bad_total',
      '_total',
      'x_total ',
      ' x_total',
      'é_total',
      'x',
      'x_total\\n',
      '',
      '1x_total',
      'x-y_total',
      'x.y_total',
      'scl_x_total',
      'ｘ_total',
    )
    .map((name) => ({ name, value: '1' })),
  'label-value-odd': fc
    .constantFrom('', ' ', 'a"b', 'a\\\\b', 'line\\nbreak', 'é', '日本', '\\u0000', 'x'.repeat(300), '🙂')
    .map((value) => ({ name: fresh, value: '1', labels: { tag: value } })),
  'label-value-generated': fc
    .string({ unit: 'binary', maxLength: 12 })
    .map((value) => ({ name: fresh, value: '1', labels: { tag: value } })),
  'label-name-odd': fc
    .constantFrom('__x', '1a', 'a-b', 'é', '', 'le', 'A_b', 'a b')
    .map((label) => ({ name: fresh, value: '1', labels: { [label]: 'v' } })),
  'label-count': fc
    .integer({ min: 4, max: 7 })
    .map((n) => ({ name: fresh, value: '1', labels: Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, 'v'])) })),
};

export const metricCase: fc.Arbitrary<MetricCase> = fc.oneof(
  ...Object.entries(cases).map(([kind, arbitrary]) => arbitrary.map((one) => ({ kind, ...one }))),
);

/** The JSON text of the hook's body: the name and label values are JSON strings written by us, the value as given. */
function bodyText(input: MetricCase, name: string): string {
  // Escapes in the odd names and label values (`\\n`, `\\u0000`) are JSON escapes, kept as written.
  const quote = (text: string) => (/\\/.test(text) ? `"${text.replace(/"/g, '\\"')}"` : JSON.stringify(text));
  const labels =
    input.labels === undefined
      ? ''
      : `,"labels":{${Object.entries(input.labels)
          .map(([key, value]) => `${quote(key)}:${quote(value)}`)
          .join(',')}}`;
  return `{"name":${quote(name)},"value":${input.value}${labels}}`;
}

async function increment(instance: RunningInstance, input: MetricCase, name: string): Promise<Observation> {
  let response: Response;
  try {
    response = await fetch(`${instance.publicUrl}/_scl/metric`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyText(input, name),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { facts: { outcome: 'no answer' }, detail: (error as Error).message };
  }
  const text = await response.text();
  let error: { code?: unknown; field?: unknown; message?: unknown } | undefined;
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error;
  } catch {
    error = undefined;
  }
  const facts: Record<string, unknown> = {
    status: response.status,
    ...(error !== undefined ? { code: error.code ?? null, field: error.field ?? null } : {}),
  };
  if (response.status < 300 && instance.metricsUrl !== undefined)
    facts.exported = await exported(instance.metricsUrl, `scl_business_${name}`);
  return { facts, ...(typeof error?.message === 'string' ? { detail: error.message } : {}) };
}

/** The samples of one counter as a scraper reads them (labels and value), polled briefly: the sidecar gets them over HTTP. */
async function exported(metricsUrl: string, sampleName: string): Promise<unknown> {
  let samples: unknown = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).text();
    let found: Sample[];
    try {
      found = parsePrometheusText(text).samples.filter((sample) => sample.name === sampleName);
    } catch (error) {
      return { unparsable: (error as Error).message.replace(/line \d+/, 'a line') }; // what a scraper would reject
    }
    samples = found.map((sample) => ({ labels: sample.labels, value: sample.value }));
    if (found.length > 0) return samples;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return samples;
}

async function startSession(implementation: Implementation, environment: FamilyEnvironment): Promise<Session<MetricCase>> {
  const instance = await startInstance({
    lang: implementation.lang,
    service: 'web',
    mode: implementation.mode,
    instanceId: `web-${implementation.name}`,
    testHooks: true,
    controlplaneUrl: environment.controlplaneUrl,
    runDir: join(environment.runDir, `metrics-${implementation.name}`),
  });
  let counter = 0;
  return {
    observe: (input) => increment(instance, input, input.name.replace(FRESH, String(++counter))),
    stop: () => instance.stop('SIGKILL'),
  };
}

export const metricsFamily: Family<MetricCase> = {
  id: 'metrics',
  entryPoint: 'a business counter increment through POST /_scl/metric on web (library: a call; sidecar: its local API), then GET /metrics',
  arbitrary: metricCase,
  kindOf: (input) => input.kind,
  show: (input) => `POST /_scl/metric ${bodyText(input, input.name.replace(FRESH, '1'))}`,
  start: startSession,
};
