import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import lineSchema from '../../../../spec/log-line.schema.json' with { type: 'json' };
import { JsonLineLogger } from '../../src/logs/logger.js';

const ajv = new Ajv2020({ strict: false });
// ajv-formats is CommonJS: under NodeNext its function is the module's `default` property.
addFormatsModule.default(ajv);
const validLine = ajv.compile(lineSchema);

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: string[] = [];
  const logger = new JsonLineLogger({ level, sink: { write: (line) => void lines.push(line) }, pid: 4321 });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the logger', () => {
  it('writes lines that match spec/log-line.schema.json', () => {
    const { logger, lines } = capture();
    logger.log('info', 'http.request', 'request completed', {
      request_id: 'r-1',
      http_route: '/customers/{id}',
      http_method: 'GET',
      http_status: 200,
      duration_seconds: 0.002,
    });
    logger.log('error', 'payment.failed', 'card declined', { retry: false });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.endsWith('\n')).toBe(true);
      const record = JSON.parse(line);
      expect(validLine(record), JSON.stringify(validLine.errors)).toBe(true);
    }
  });

  it('writes time in UTC ISO form, the level as its label, pid and no hostname', () => {
    const { logger, records } = capture();
    logger.log('warn', 'x.y', 'hello');
    const [record] = records();
    expect(record).toMatchObject({ level: 'warn', msg: 'hello', event: 'x.y', seq: 1, pid: 4321 });
    expect(record!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(record).not.toHaveProperty('hostname');
  });

  it('numbers records 1, 2, 3 and gives no seq to records below the level', () => {
    const { logger, records } = capture('info');
    logger.log('info', 'a', 'one');
    logger.log('debug', 'a', 'filtered');
    logger.log('warn', 'a', 'two');
    logger.setLevel('debug');
    logger.log('debug', 'a', 'three');
    expect(records().map((r) => [r.msg, r.seq])).toEqual([
      ['one', 1],
      ['two', 2],
      ['three', 3],
    ]);
  });

  it('setLevel filters records below the new level', () => {
    const { logger, records } = capture('debug');
    logger.setLevel('error');
    logger.log('warn', 'a', 'dropped');
    logger.log('error', 'a', 'kept');
    expect(records().map((r) => r.msg)).toEqual(['kept']);
  });

  it('fields cannot overwrite the record own fields, and non-scalar values are left out', () => {
    const { logger, lines, records } = capture();
    const fields = { seq: 99, event: 'fake', time: 'no', level: 'error', msg: 'no', pid: 1, nested: { a: 1 }, ok: 'yes' };
    logger.log('info', 'real.event', 'real', fields as never);
    const [record] = records();
    expect(record).toMatchObject({ seq: 1, event: 'real.event', level: 'info', msg: 'real', pid: 4321, ok: 'yes' });
    expect(record).not.toHaveProperty('nested');
    for (const key of ['seq', 'event', 'time', 'level', 'msg', 'pid']) {
      expect(lines[0]!.split(`"${key}":`)).toHaveLength(2);
    }
  });

  it('a field named __proto__ or with an empty key is written like any other', () => {
    const { logger, records } = capture();
    logger.log('info', 'odd.keys', 'odd', JSON.parse('{"__proto__":"p","":"e"}') as never);
    const [record] = records();
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).toBe('p');
    expect(record).toHaveProperty([''], 'e');
  });
});
