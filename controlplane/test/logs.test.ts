import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ControlPlaneError } from '../src/errors.js';
import { LogCollector } from '../src/logs/collector.js';
import { flattenExport } from '../src/logs/otlp.js';
import { RecordRing } from '../src/logs/record-ring.js';
import { SeqBitmap } from '../src/logs/seq-bitmap.js';
import { createControlPlane } from '../src/server.js';
import type { LogStats, StoredRecord } from '../src/types.js';
import { otlpExport } from './helpers.js';

const RECEIVED_AT = '2026-01-01T00:00:00.000Z';

describe('OTLP flattening', () => {
  it('flattens resource, record and attributes into the StoredRecord shape', () => {
    const batch = flattenExport(otlpExport({ seqs: [7], pid: 99, event: 'payment.captured' }), RECEIVED_AT);
    expect(batch.records).toEqual([
      {
        service: 'web',
        instance: 'web-1',
        mode: 'library',
        lang: 'ts',
        timeUnixNano: '1700000000000000000',
        severityText: 'INFO',
        severityNumber: 9,
        body: 'record 7',
        attributes: { seq: 7, pid: 99, event: 'payment.captured' },
        attributeTypes: { seq: 'intValue', pid: 'intValue' },
        receivedAt: RECEIVED_AT,
      },
    ]);
    expect(batch.pids).toEqual([99]);
    expect(batch.seqs).toEqual([7]);
  });

  it('decodes every AnyValue kind to plain JSON', () => {
    const attributes = [
      { key: 's', value: { stringValue: 'text' } },
      { key: 'intText', value: { intValue: '42' } },
      { key: 'intNumber', value: { intValue: 42 } },
      { key: 'intHuge', value: { intValue: '123456789012345678901' } },
      { key: 'double', value: { doubleValue: 0.25 } },
      { key: 'doubleText', value: { doubleValue: '1.5' } },
      { key: 'bool', value: { boolValue: true } },
      { key: 'list', value: { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'two' }] } } },
      { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: false } }] } } },
      { key: 'bytes', value: { bytesValue: 'AAE=' } },
      { key: 'empty', value: {} },
      { key: 'missing' },
      { key: '__proto__', value: { stringValue: 'just a key' } },
    ];
    const [record] = flattenExport({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes }] }] }] }, RECEIVED_AT).records;
    expect(JSON.parse(JSON.stringify(record!.attributes))).toEqual({
      s: 'text',
      intText: 42,
      intNumber: 42,
      intHuge: '123456789012345678901',
      double: 0.25,
      doubleText: 1.5,
      bool: true,
      list: [1, 'two'],
      map: { k: false },
      bytes: 'AAE=',
      empty: null,
      missing: null,
      ['__proto__']: 'just a key',
    });
    // Plain JSON cannot tell an intValue 42 from a doubleValue 42: the type of every attribute that is not a string is kept.
    expect(JSON.parse(JSON.stringify(record!.attributeTypes))).toEqual({
      intText: 'intValue',
      intNumber: 'intValue',
      intHuge: 'intValue',
      double: 'doubleValue',
      doubleText: 'doubleValue',
      bool: 'boolValue',
      list: 'arrayValue',
      map: 'kvlistValue',
      bytes: 'bytesValue',
    });
  });

  it('fills what a record leaves out, and a non-string body becomes JSON text', () => {
    const [record] = flattenExport(
      {
        resourceLogs: [
          {
            scopeLogs: [
              { logRecords: [{ observedTimeUnixNano: 5, body: { kvlistValue: { values: [{ key: 'a', value: { intValue: 1 } }] } } }] },
            ],
          },
        ],
      },
      RECEIVED_AT,
    ).records;
    expect(record).toMatchObject({
      service: 'unknown_service',
      instance: '',
      mode: '',
      lang: '',
      timeUnixNano: '5',
      severityText: '',
      body: '{"a":1}',
    });
  });

  it('takes the pid from the resource (process.pid) when records do not carry one', () => {
    const request = {
      resourceLogs: [{ resource: { attributes: [{ key: 'process.pid', value: { intValue: '77' } }] }, scopeLogs: [{ logRecords: [{}] }] }],
    };
    expect(flattenExport(request, RECEIVED_AT).pids).toEqual([77]);
  });

  it('a seq that is not a positive integer counts as no seq', () => {
    const seqs = [{ intValue: '0' }, { intValue: '-3' }, { stringValue: '5' }, { doubleValue: 2.5 }, { intValue: 'x' }];
    const logRecords = seqs.map((value) => ({ attributes: [{ key: 'seq', value }] }));
    expect(flattenExport({ resourceLogs: [{ scopeLogs: [{ logRecords }] }] }, RECEIVED_AT).seqs).toEqual([0, 0, 0, 0, 0]);
  });

  it('empty resourceLogs, scopeLogs and logRecords are valid and yield nothing', () => {
    expect(flattenExport({ resourceLogs: [] }, RECEIVED_AT).records).toEqual([]);
    expect(flattenExport({ resourceLogs: [{}, { scopeLogs: [{}] }] }, RECEIVED_AT).records).toEqual([]);
  });

  it.each([
    [{ resourceLogs: [1] }, 'resourceLogs.0'],
    [{ resourceLogs: [{ resource: 'x' }] }, 'resourceLogs.0.resource'],
    [{ resourceLogs: [{ resource: { attributes: {} } }] }, 'resourceLogs.0.resource.attributes'],
    [{ resourceLogs: [{ scopeLogs: {} }] }, 'resourceLogs.0.scopeLogs'],
    [{ resourceLogs: [{ scopeLogs: [{}, { logRecords: 'x' }] }] }, 'resourceLogs.0.scopeLogs.1.logRecords'],
    [{ resourceLogs: [{}, { scopeLogs: [{ logRecords: [{}, []] }] }] }, 'resourceLogs.1.scopeLogs.0.logRecords.1'],
    [
      { resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes: [{ value: {} }] }] }] }] },
      'resourceLogs.0.scopeLogs.0.logRecords.0.attributes.0',
    ],
  ])('a malformed request is refused naming the place: %j', (request, field) => {
    try {
      flattenExport(request as { resourceLogs: unknown[] }, RECEIVED_AT);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ControlPlaneError);
      expect((error as ControlPlaneError).field).toBe(field);
    }
  });

  it('values nested too deep are refused instead of overflowing the stack', () => {
    let value: unknown = { intValue: 1 };
    for (let i = 0; i < 10_000; i++) value = { arrayValue: { values: [value] } };
    const request = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes: [{ key: 'deep', value }] }] }] }] };
    expect(() => flattenExport(request, RECEIVED_AT)).toThrow(ControlPlaneError);
  });
});

describe('SeqBitmap', () => {
  it('reports each seq as new once', () => {
    const seen = new SeqBitmap();
    expect([seen.add(1), seen.add(2), seen.add(1), seen.add(65_536), seen.add(65_536), seen.add(31), seen.add(32)]).toEqual([
      true,
      true,
      false,
      true,
      false,
      true,
      true,
    ]);
  });

  it('a million sequential seqs cost about one bit each', () => {
    const seen = new SeqBitmap();
    for (let seq = 1; seq <= 1_000_000; seq++) seen.add(seq);
    expect(seen.allocatedBytes).toBeLessThan(1_000_000 / 8 + 16 * 1024);
  });

  it('a huge seq costs one chunk, not an array up to it', () => {
    const seen = new SeqBitmap();
    expect(seen.add(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(seen.add(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(seen.allocatedBytes).toBe(8192);
  });
});

describe('RecordRing', () => {
  const record = (n: number, service = 'web'): StoredRecord =>
    ({
      service,
      instance: `i${n % 2}`,
      attributes: { event: n % 3 === 0 ? 'three' : 'other' },
      body: String(n),
    }) as unknown as StoredRecord;

  it('keeps the newest records when full, oldest first, and says older ones were evicted', () => {
    const ring = new RecordRing(3);
    for (let n = 1; n <= 5; n++) ring.push(record(n));
    expect(ring.newest({}, 10).map((r) => r.body)).toEqual(['3', '4', '5']);
    expect(ring.evicted).toBe(true);
  });

  it('a limit returns the newest matching records, oldest first', () => {
    const ring = new RecordRing(100);
    for (let n = 1; n <= 10; n++) ring.push(record(n));
    expect(ring.newest({}, 2).map((r) => r.body)).toEqual(['9', '10']);
    expect(ring.newest({ event: 'three' }, 10).map((r) => r.body)).toEqual(['3', '6', '9']);
    expect(ring.newest({ instance: 'i0', event: 'three' }, 10).map((r) => r.body)).toEqual(['6']);
    expect(ring.evicted).toBe(false);
  });
});

describe('LogCollector accounting', () => {
  const accept = (collector: LogCollector, ...specs: Parameters<typeof otlpExport>[0][]) => {
    for (const spec of specs) collector.accept(flattenExport(otlpExport(spec), RECEIVED_AT));
  };

  it('a batch sent twice counts every record as a duplicate once', () => {
    const collector = new LogCollector(1000);
    accept(collector, { seqs: [1, 2, 3] }, { seqs: [1, 2, 3] });
    expect(collector.stats().total).toEqual({ received: 6, distinct: 3, duplicates: 3, missing: 0, withoutSeq: 0 });
  });

  it('skipped seqs below the highest are missing, and a late one fills its gap', () => {
    const collector = new LogCollector(1000);
    accept(collector, { seqs: [1, 2, 5, 9] });
    expect(collector.stats().streams[0]).toMatchObject({ maxSeq: 9, distinct: 4, missing: 5 });
    accept(collector, { seqs: [3] });
    expect(collector.stats().streams[0]).toMatchObject({ maxSeq: 9, distinct: 5, missing: 4 });
  });

  it('streams are kept apart by service, instance and pid', () => {
    const collector = new LogCollector(1000);
    accept(
      collector,
      { seqs: [1, 2] },
      { seqs: [1, 2], pid: 2 },
      { seqs: [1], instance: 'web-2' },
      { seqs: [1, 3], service: 'payment', instance: 'payment-1' },
    );
    const stats = collector.stats();
    expect(stats.streams.map((s) => `${s.service}/${s.instance}/${s.pid}`)).toEqual([
      'payment/payment-1/4242',
      'web/web-1/2',
      'web/web-1/4242',
      'web/web-2/4242',
    ]);
    expect(stats.total).toEqual({ received: 7, distinct: 7, duplicates: 0, missing: 1, withoutSeq: 0 });
    expect(collector.stats('payment').total.received).toBe(2);
  });

  it('records without a seq are counted apart and are not duplicates', () => {
    const collector = new LogCollector(1000);
    collector.accept(flattenExport({ resourceLogs: [{ scopeLogs: [{ logRecords: [{}, {}] }] }] }, RECEIVED_AT));
    accept(collector, { seqs: [1] });
    expect(collector.stats().total).toEqual({ received: 3, distinct: 1, duplicates: 0, missing: 0, withoutSeq: 2 });
  });

  it('counts stay exact when stored records are evicted', () => {
    const collector = new LogCollector(10);
    accept(collector, { seqs: Array.from({ length: 1000 }, (_, i) => i + 1) });
    expect(collector.stats().total.received).toBe(1000);
    expect(collector.records({}, 1000)).toMatchObject({ truncated: true });
    expect(collector.records({}, 1000).records).toHaveLength(10);
  });
});

describe('log routes', () => {
  const app = createControlPlane();
  afterAll(() => app.close());
  beforeEach(async () => {
    await app.inject({ method: 'DELETE', url: '/v1/logs' });
  });

  const post = (payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    app.inject({ method: 'POST', url: '/v1/logs', headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  it('accepts an export with an empty partialSuccess and counts it', async () => {
    const answer = await post(otlpExport({ seqs: [1, 2] }));
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ partialSuccess: {} });
    const stats = (await app.inject({ method: 'GET', url: '/v1/logs/stats' })).json<LogStats>();
    expect(stats.total.received).toBe(2);
  });

  it('records can be filtered by service, instance and event, with a limit', async () => {
    await post(otlpExport({ seqs: [1, 2, 3], event: 'http.request' }));
    await post(otlpExport({ seqs: [1], service: 'payment', instance: 'payment-1', event: 'payment.captured' }));
    const get = async (query: string) =>
      (await app.inject({ method: 'GET', url: `/v1/logs/records${query}` })).json<{ records: StoredRecord[] }>().records;
    expect(await get('')).toHaveLength(4);
    expect((await get('?service=payment')).map((r) => r.instance)).toEqual(['payment-1']);
    expect(await get('?instance=web-1&event=http.request&limit=2')).toHaveLength(2);
    expect(await get('?event=nothing')).toEqual([]);
  });

  it('a bad limit is refused', async () => {
    for (const limit of ['0', '100001', 'ten']) {
      const answer = await app.inject({ method: 'GET', url: `/v1/logs/records?limit=${limit}` });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error.field).toBe('limit');
    }
  });

  it('DELETE forgets every record and count', async () => {
    await post(otlpExport({ seqs: [1] }));
    await app.inject({ method: 'DELETE', url: '/v1/logs' });
    const stats = (await app.inject({ method: 'GET', url: '/v1/logs/stats' })).json<LogStats>();
    expect(stats).toEqual({ total: { received: 0, distinct: 0, duplicates: 0, missing: 0, withoutSeq: 0 }, streams: [] });
  });

  it('protobuf, text and a missing content type are refused with 415', async () => {
    const variants: Record<string, string>[] = [{ 'content-type': 'application/x-protobuf' }, { 'content-type': 'text/plain' }, {}];
    for (const headers of variants) {
      const answer = await post('\x0a\x00', headers);
      expect(answer.statusCode).toBe(415);
      expect(answer.json().error).toMatchObject({ code: 'SCL_ERR_CP_UNSUPPORTED_MEDIA_TYPE', field: 'content-type' });
    }
  });

  it('accepts bodies up to 5 MiB and refuses larger ones with 413', async () => {
    const bigBody = 'x'.repeat(4 * 1024 * 1024);
    const big = await post({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: bigBody } }] }] }] });
    expect(big.statusCode).toBe(200);
    const tooBig = await post({ resourceLogs: [], padding: 'x'.repeat(5 * 1024 * 1024) });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('SCL_ERR_CP_PAYLOAD_TOO_LARGE');
  });

  it('a request without resourceLogs, or with the wrong shape, is a 400 and stores nothing', async () => {
    for (const payload of [{}, { resourceLogs: {} }, [], { resourceLogs: [{ scopeLogs: 3 }] }]) {
      const answer = await post(payload);
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error.code).toBe('SCL_ERR_CP_BAD_REQUEST');
    }
    const mixed = await post({ resourceLogs: [otlpExport({ seqs: [1] }).resourceLogs[0], 'bad'] });
    expect(mixed.json().error.field).toBe('resourceLogs.1');
    expect((await app.inject({ method: 'GET', url: '/v1/logs/stats' })).json<LogStats>().total.received).toBe(0);
  });
});
