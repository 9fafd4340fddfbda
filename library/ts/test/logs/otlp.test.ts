import { describe, expect, it } from 'vitest';
import { anyValue, resourceAttributes, toExportRequest, toLogRecord } from '../../src/logs/otlp.js';

const resource = resourceAttributes({ serviceName: 'web', instanceId: 'web-1', mode: 'library', lang: 'ts' });
const line = `${JSON.stringify({
  time: '2026-11-28T02:22:26.123Z',
  level: 'warn',
  msg: 'slow answer',
  event: 'http.request',
  seq: 42,
  pid: 4242,
  http_status: 200,
  duration_seconds: 0.0125,
  cached: true,
  request_id: 'r-1',
})}\n`;

describe('OTLP conversion', () => {
  it('types each field: strings, integers as decimal strings, doubles, booleans', () => {
    expect(anyValue('x')).toEqual({ stringValue: 'x' });
    expect(anyValue(42)).toEqual({ intValue: '42' });
    expect(anyValue(0.5)).toEqual({ doubleValue: 0.5 });
    expect(anyValue(false)).toEqual({ boolValue: false });
    expect(anyValue(2 ** 60)).toEqual({ doubleValue: 2 ** 60 });
    expect(anyValue({ a: 1 })).toEqual({ stringValue: '{"a":1}' });
  });

  it('maps a line to one record: time in nanoseconds, upper-case severity, msg as body, the rest as attributes', () => {
    const record = toLogRecord(line, '1');
    expect(record.timeUnixNano).toBe('1795832546123000000');
    expect(record.severityText).toBe('WARN');
    expect(record.severityNumber).toBe(13);
    expect(record.body).toEqual({ stringValue: 'slow answer' });
    expect(record.attributes).toEqual([
      { key: 'event', value: { stringValue: 'http.request' } },
      { key: 'seq', value: { intValue: '42' } },
      { key: 'pid', value: { intValue: '4242' } },
      { key: 'http_status', value: { intValue: '200' } },
      { key: 'duration_seconds', value: { doubleValue: 0.0125 } },
      { key: 'cached', value: { boolValue: true } },
      { key: 'request_id', value: { stringValue: 'r-1' } },
    ]);
  });

  it('a field the line schema types as number is a double even when its value is whole', () => {
    const attributes = toLogRecord(JSON.stringify({ level: 'info', msg: '', duration_seconds: 0, http_status: 200 }), '1').attributes;
    expect(attributes).toEqual([
      { key: 'duration_seconds', value: { doubleValue: 0 } },
      { key: 'http_status', value: { intValue: '200' } },
    ]);
  });

  it('a null or a number beyond the double range (1e400 parses to Infinity) is dropped, not shipped as text', () => {
    const attributes = toLogRecord('{"level":"info","msg":"","gone":null,"big":1e400,"small":-1e400,"kept":{"a":null}}', '1').attributes;
    expect(attributes).toEqual([{ key: 'kept', value: { stringValue: '{"a":null}' } }]);
  });

  it('severity numbers follow spec/features.json', () => {
    const severity = (level: string) => toLogRecord(JSON.stringify({ level, msg: '' }), '1').severityNumber;
    expect([severity('debug'), severity('info'), severity('warn'), severity('error')]).toEqual([5, 9, 13, 17]);
  });

  it('a line that is not a JSON object becomes an error record with event log.unparsed and the raw text', () => {
    for (const raw of ['not json at all\n', '[1,2]', '42']) {
      const record = toLogRecord(raw, '777');
      expect(record.severityText).toBe('ERROR');
      expect(record.severityNumber).toBe(17);
      expect(record.body.stringValue).toBe(raw.replace(/\n$/, ''));
      expect(record.attributes).toEqual([{ key: 'event', value: { stringValue: 'log.unparsed' } }]);
      expect(record.timeUnixNano).toBe('777');
    }
  });

  it('wraps a batch in one ExportLogsServiceRequest with the resource attributes and the scope', () => {
    const request = toExportRequest([line, line], resource);
    expect(request.resourceLogs).toHaveLength(1);
    const [resourceLogs] = request.resourceLogs;
    expect(resourceLogs!.resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'web' } },
      { key: 'service.instance.id', value: { stringValue: 'web-1' } },
      { key: 'scl.mode', value: { stringValue: 'library' } },
      { key: 'scl.lang', value: { stringValue: 'ts' } },
    ]);
    expect(resourceLogs!.scopeLogs[0]!.scope.name).toBe('sidecar-lab');
    expect(resourceLogs!.scopeLogs[0]!.logRecords).toHaveLength(2);
  });
});
