import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BusinessCounters, BusinessMetricError } from '../../src/metrics/business.js';

function counters() {
  const registry = new Registry();
  return { registry, business: new BusinessCounters(registry) };
}

function errorOf(call: () => void): BusinessMetricError {
  try {
    call();
  } catch (error) {
    if (error instanceof BusinessMetricError) return error;
    throw error;
  }
  throw new Error('expected a BusinessMetricError');
}

describe('business counters', () => {
  it('are exported as scl_business_<name> with their labels', async () => {
    const { registry, business } = counters();
    business.count('payments_total', 1, { currency: 'EUR' });
    business.count('payments_total', 2.5, { currency: 'EUR' });
    business.count('signups_total', 0);
    const text = await registry.metrics();
    expect(text).toContain('scl_business_payments_total{currency="EUR"} 3.5');
    expect(text).toContain('scl_business_signups_total 0');
    expect(text).toContain('# TYPE scl_business_payments_total counter');
  });

  it('a name outside ^[a-z][a-z0-9_]*_total$ is refused', () => {
    const { business } = counters();
    for (const name of ['payments', 'Payments_total', '1_total', 'pay-ments_total', '']) {
      expect(errorOf(() => business.count(name, 1)).field).toBe('name');
    }
  });

  it('a negative or non-finite increment is refused', () => {
    const { business } = counters();
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(errorOf(() => business.count('x_total', value)).field).toBe('value');
    }
  });

  it('more than five labels, or a bad label name, is refused', () => {
    const { business } = counters();
    const six = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => [k, 'v']));
    expect(errorOf(() => business.count('x_total', 1, six)).field).toBe('labels');
    expect(errorOf(() => business.count('y_total', 1, { 'bad-name': 'v' })).field).toBe('labels');
    expect(errorOf(() => business.count('z_total', 1, { __reserved: 'v' })).field).toBe('labels');
  });

  it('a counter keeps the label names of its first use', () => {
    const { business } = counters();
    business.count('orders_total', 1, { kind: 'a' });
    expect(errorOf(() => business.count('orders_total', 1, { other: 'a' })).field).toBe('labels');
    expect(errorOf(() => business.count('orders_total', 1)).field).toBe('labels');
    expect(() => business.count('orders_total', 1, { kind: 'b' })).not.toThrow();
  });

  it('a refused first use creates nothing', async () => {
    const { registry, business } = counters();
    expect(() => business.count('bad_total', 1, { 'bad-name': 'v' })).toThrow(BusinessMetricError);
    expect(await registry.metrics()).not.toContain('scl_business_bad_total');
  });
});
