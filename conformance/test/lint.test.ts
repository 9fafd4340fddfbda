import { describe, expect, it } from 'vitest';
import { lintDescription, lintExpectedLists, lintVectors, isSpecMetric } from '../src/lint.js';
import { loadVectors, type LoadedVector } from '../src/vector.js';

const vectors = loadVectors();

describe('the vector linter', () => {
  it('finds no problem in the vectors of the suite', () => {
    expect(lintVectors(vectors)).toEqual([]);
  });

  it('finds no problem in the expected lists', () => {
    expect(lintExpectedLists(new Set(vectors.map(({ vector }) => vector.id)))).toEqual([]);
  });

  it('the suite has at least 30 vectors covering all five features', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(30);
    expect(new Set(vectors.map(({ vector }) => vector.feature))).toEqual(new Set(['metrics', 'logs', 'registry', 'config', 'egress']));
  });

  it('reports a duplicate id, an id that differs from its file and a feature outside its folder', () => {
    const base = vectors[0] as LoadedVector;
    const copy: LoadedVector = { vector: { ...base.vector }, file: base.file };
    const renamed: LoadedVector = { vector: { ...base.vector, feature: 'logs' }, file: base.file.replace(base.vector.id, 'other-name') };
    const messages = lintVectors([base, copy, renamed])
      .map((problem) => problem.message)
      .join('\n');
    expect(messages).toMatch(/is also used by/);
    expect(messages).toMatch(/differs from the file name/);
    expect(messages).toMatch(/differs from the folder/);
  });

  it('reports a schema violation, an unknown setting and a metric the spec does not name', () => {
    const file = 'conformance/vectors/metrics/bad-vector.json';
    const problems = lintVectors([
      {
        file,
        vector: {
          id: 'bad-vector',
          description: 'a bad vector is reported',
          feature: 'metrics',
          settings: { 'egress.noSuchThing': 1 },
          steps: [{ expectMetric: { name: 'scl_made_up_total', equals: 1 } }],
        },
      },
      {
        file: 'conformance/vectors/metrics/no-steps.json',
        vector: { id: 'no-steps', description: 'a vector without steps is reported', feature: 'metrics', steps: [] },
      },
    ]).map((problem) => problem.message);
    expect(problems).toContain('settings: egress.noSuchThing is not a setting of spec/features.json');
    expect(problems).toContain('step 1: metric scl_made_up_total is not named in spec/features.json');
    expect(problems.some((message) => message.startsWith('schema: /steps'))).toBe(true);
  });

  it('reports a config document that does not match the config schema', () => {
    const problems = lintVectors([
      {
        file: 'conformance/vectors/config/bad-config.json',
        vector: {
          id: 'bad-config',
          description: 'a bad config is reported',
          feature: 'config',
          config: { logLevel: 'loud' },
          steps: [{ sleep: 0.1 }],
        },
      },
    ]);
    expect(problems.map((problem) => problem.message).join()).toMatch(/does not match spec\/config.schema.json/);
  });

  it('accepts a short statement and refuses a long, dotted, questioning or imperative description', () => {
    expect(lintDescription('a GET answered 503 is retried')).toEqual([]);
    expect(lintDescription('a GET answered 503 is retried.')).toEqual(['description ends with a period']);
    expect(lintDescription('x'.repeat(81))[0]).toMatch(/at most 80/);
    expect(lintDescription('is a GET answered 503 retried?')[0]).toMatch(/not phrased as a fact/);
    expect(lintDescription('check that a GET is retried')[0]).toMatch(/not phrased as a fact/);
    expect(lintDescription('a GET should be retried')[0]).toMatch(/not phrased as a fact/);
  });

  it('knows spec metric names, histogram samples and business counters', () => {
    expect(isSpecMetric('scl_http_server_requests_total')).toBe(true);
    expect(isSpecMetric('scl_http_server_request_duration_seconds_bucket')).toBe(true);
    expect(isSpecMetric('scl_http_server_requests_total_bucket')).toBe(false);
    expect(isSpecMetric('scl_business_orders_total')).toBe(true);
    expect(isSpecMetric('scl_business_orders')).toBe(false);
  });
});
