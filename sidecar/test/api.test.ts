import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BusinessCounters } from '../../library/ts/src/metrics/business.js';
import type { Resolution } from '../../library/ts/src/registry/resolver.js';
import type { LogLevel } from '../../library/ts/src/types.js';
import { ApiError, LocalApi, type EventSink } from '../src/api/operations.js';

function api(options: { full?: boolean; level?: LogLevel; resolution?: Resolution } = {}) {
  const registry = new Registry();
  const emitted: unknown[][] = [];
  const events: EventSink = {
    emit: async (...args) => {
      emitted.push(args);
      return options.full !== true;
    },
    level: () => options.level ?? 'info',
  };
  const local = new LocalApi({
    business: new BusinessCounters(registry),
    events,
    config: () => ({ version: 4, config: { logLevel: 'warn' } }),
    resolver: { resolve: () => options.resolution ?? { known: false, instances: [] } },
  });
  return { local, registry, emitted };
}

function refusal(call: () => unknown): ApiError {
  try {
    call();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('accepted');
}

async function asyncRefusal(call: () => Promise<unknown>): Promise<ApiError> {
  return call().then(
    () => {
      throw new Error('accepted');
    },
    (error: ApiError) => error,
  );
}

describe('the local API operations', () => {
  it('the body services/ts posts, {name, value, labels}, counts scl_business_<name>', async () => {
    const { local, registry } = api();
    local.recordMetric({ name: 'payments_total', value: 2, labels: { currency: 'EUR' } });
    local.recordMetric({ name: 'payments_total', value: 1, labels: { currency: 'EUR' } });
    expect(await registry.metrics()).toContain('scl_business_payments_total{currency="EUR"} 3');
  });

  it.each([
    [{ name: 'Payments', value: 1 }, 'name'],
    [{ name: 'payments_total', value: -1 }, 'value'],
    [{ name: 'payments_total', value: '1' }, 'value'],
    [{ name: 'payments_total', value: 1, labels: 'x' }, 'labels'],
    [{ name: 'payments_total', value: 1, labels: { a: 1 } }, 'labels'],
    [[1, 2], 'body'],
  ])('a bad metric %j is a 400 naming %s', (input, field) => {
    const error = refusal(() => api().local.recordMetric(input));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', field });
  });

  it('an event at or above the config level is queued; below it, it is not', async () => {
    const { local, emitted } = api({ level: 'warn' });
    expect(await local.emitEvent({ level: 'error', event: 'payment.failed', msg: 'no', fields: { amount: 5, ok: false } })).toBe(true);
    expect(await local.emitEvent({ level: 'info', event: 'payment.done', msg: 'yes' })).toBe(false);
    expect(emitted).toEqual([['error', 'payment.failed', 'no', { amount: 5, ok: false }]]);
  });

  it.each([
    [{ level: 'loud', event: 'a.b', msg: '' }, 'level'],
    [{ level: 'info', event: 'Not.Dotted', msg: '' }, 'event'],
    [{ level: 'info', event: 'a.b', msg: 3 }, 'msg'],
    [{ level: 'info', event: 'a.b', msg: '', fields: { nested: { a: 1 } } }, 'fields.nested'],
  ])('a bad event %j is a 400 naming %s', async (input, field) => {
    expect(await asyncRefusal(() => api().local.emitEvent(input))).toMatchObject({ status: 400, field });
  });

  it('an event refused by a full log queue is a 503 SCL_ERR_SIDECAR_BUSY', async () => {
    const error = await asyncRefusal(() => api({ full: true }).local.emitEvent({ level: 'error', event: 'a.b', msg: 'x' }));
    expect(error).toMatchObject({ status: 503, code: 'SCL_ERR_SIDECAR_BUSY' });
  });

  it('the config read is the one in use', () => {
    expect(api().local.readConfig()).toEqual({ version: 4, config: { logLevel: 'warn' } });
  });

  it('resolve answers the passing instances, and refuses a name that is not a service name', async () => {
    const resolution: Resolution = {
      known: true,
      instances: [{ id: 'c-1', service: 'customers', address: '127.0.0.1', port: 7101, status: 'passing' }],
    };
    expect(await api({ resolution }).local.resolveService('customers')).toEqual({
      service: 'customers',
      known: true,
      instances: [{ id: 'c-1', address: '127.0.0.1', port: 7101 }],
    });
    expect(await asyncRefusal(() => api().local.resolveService('../etc'))).toMatchObject({ status: 400, field: 'service' });
  });
});
