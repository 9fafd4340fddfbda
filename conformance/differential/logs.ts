// Input family `logs`: one log record with odd fields written through the app's /_scl/log hook (spec/features.md logs);
// observed: the answer, and the record as the collector stored it (body, severity, attributes and their OTLP types).
import { join } from 'node:path';
import * as fc from 'fast-check';
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import { startInstance, type RunningInstance } from '../../scripts/orchestration/instance.js';
import { delay } from '../../scripts/orchestration/ready.js';
import type { Family, FamilyEnvironment, Implementation, Observation, Session } from './family.js';

const REQUEST_TIMEOUT_MS = 10_000;
/** A written record not at the collector within this long is reported as not shipped (the flush interval is 0.5 s). */
const SHIP_TIMEOUT_MS = 5_000;
const POLL_MS = 20;
/** Ships each record within tens of ms instead of the default 0.5 s: the family waits for every record it writes. */
const FAST_FLUSH = { 'logs.flushIntervalSeconds': 0.02 };
/** Attributes not compared: they differ by process and moment (seq, pid, time), or are the session's own (event). */
const NOT_COMPARED = new Set(['seq', 'pid', 'time', 'event']);

export interface LogCase {
  kind: string;
  level: string;
  msg: string;
  /** The `fields` object exactly as sent: JSON text, numbers as written, keys may repeat; undefined sends none. */
  fields?: string;
}

const field = (key: string, valueText: string) => `{${JSON.stringify(key)}:${valueText}}`;
const number = (text: fc.Arbitrary<string>) => text.map((value) => ({ fields: field('n', value) }));

/** Each kind is a way a caller (or an adversary) may hand the logger a field, a message or a level. */
const KINDS: Record<string, fc.Arbitrary<Omit<LogCase, 'kind' | 'level' | 'msg'> & { level?: string; msg?: string }>> = {
  'int-safe': number(fc.oneof(fc.integer(), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER)).map(String)),
  'int-unsafe': number(fc.constantFrom('9007199254740993', '-9007199254740993', '123456789012345678901234567890', '1e21')),
  float: number(
    fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((value) => !Number.isInteger(value))
      .map((value) => JSON.stringify(value)),
  ),
  'zero-fraction': number(fc.integer({ min: -1000, max: 1000 }).map((n) => `${n}.0`)),
  exponent: number(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -5, max: 5 })).map(([m, e]) => `${m}e${e}`)),
  'negative-zero': number(fc.constantFrom('-0', '-0.0')),
  overflow: number(fc.constantFrom('1e400', '-1e400')),
  'not-scalar': number(fc.constantFrom('null', '[]', '[1,"a"]', '{}', '{"a":1}')),
  bool: number(fc.constantFrom('true', 'false')),
  'string-unicode': fc.string({ unit: 'grapheme', maxLength: 20 }).map((text) => ({ fields: field('s', JSON.stringify(text)) })),
  'string-edge': fc
    .constantFrom(
      '""',
      '" "',
      '"  padded  "',
      `"${'x'.repeat(5000)}"`,
      '"\\u0000"',
      '"line\\nbreak"',
      '"\\ud83d\\ude00"',
      '"\\ud800"',
      '"tab\\there"',
    )
    .map((text) => ({ fields: field('s', text) })),
  'key-odd': fc
    .constantFrom('', ' ', 'a.b', 'é', '__proto__', 'x'.repeat(200), 'A', 'with space', '🙂')
    .map((key) => ({ fields: field(key, '"v"') })),
  'key-reserved': fc.constantFrom('time', 'level', 'msg', 'event', 'seq', 'pid').map((key) => ({ fields: field(key, '"mine"') })),
  'key-duplicate': fc
    .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 100, max: 199 }))
    .map(([a, b]) => ({ fields: `{"d":${a},"d":${b}}` })),
  'fields-not-object': fc.constantFrom('null', '[]', '"x"', '1').map((fields) => ({ fields })),
  'level-odd': fc.constantFrom('INFO', 'trace', '', ' info', 'fatal').map((level) => ({ level })),
  'msg-odd': fc.constantFrom('', ' ', 'x'.repeat(5000), 'é🙂', 'line\nbreak').map((msg) => ({ msg })),
};

export const logCase: fc.Arbitrary<LogCase> = fc.oneof(
  ...Object.entries(KINDS).map(([kind, arbitrary]) => arbitrary.map((one) => ({ kind, level: 'info', msg: 'differential', ...one }))),
);

/** The hook's body; `event` is the session's own, so the stored record can be found. */
function bodyText(input: LogCase, event: string): string {
  const fields = input.fields === undefined ? '' : `,"fields":${input.fields}`;
  return `{"level":${JSON.stringify(input.level)},"event":${JSON.stringify(event)},"msg":${JSON.stringify(input.msg)}${fields}}`;
}

async function write(instance: RunningInstance, collector: ControlPlaneClient, input: LogCase, event: string): Promise<Observation> {
  let response: Response;
  try {
    response = await fetch(`${instance.publicUrl}/_scl/log`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyText(input, event),
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
  if (response.status < 300) facts.record = await shipped(collector, instance.instanceId, event);
  return { facts, ...(typeof error?.message === 'string' ? { detail: error.message } : {}) };
}

/** The record the collector stored for this event, without what differs by process and moment. */
async function shipped(collector: ControlPlaneClient, instance: string, event: string): Promise<unknown> {
  const deadline = Date.now() + SHIP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const [record] = (await collector.logRecords({ instance, event, limit: 5 })).records;
    if (record !== undefined) {
      const keep = <T>(object: Record<string, T>) => Object.fromEntries(Object.entries(object).filter(([key]) => !NOT_COMPARED.has(key)));
      return {
        severityText: record.severityText,
        severityNumber: record.severityNumber ?? null,
        body: record.body,
        attributes: keep(record.attributes),
        types: keep(record.attributeTypes),
      };
    }
    await delay(POLL_MS);
  }
  return 'not shipped';
}

async function startSession(implementation: Implementation, environment: FamilyEnvironment): Promise<Session<LogCase>> {
  const instance = await startInstance({
    lang: implementation.lang,
    service: 'web',
    mode: implementation.mode,
    instanceId: `web-logs-${implementation.name}`,
    testHooks: true,
    settings: FAST_FLUSH,
    controlplaneUrl: environment.controlplaneUrl,
    runDir: join(environment.runDir, `logs-${implementation.name}`),
  });
  const collector = new ControlPlaneClient(environment.controlplaneUrl);
  let counter = 0;
  return {
    observe: (input) => write(instance, collector, input, `differential.case_${++counter}`),
    stop: () => instance.stop('SIGKILL'),
  };
}

export const logsFamily: Family<LogCase> = {
  id: 'logs',
  entryPoint:
    "one record through POST /_scl/log on web (library: the logger; sidecar: a line in the log file, shipped by the sidecar), then the collector's stored record",
  arbitrary: logCase,
  kindOf: (input) => input.kind,
  show: (input) => `POST /_scl/log ${bodyText(input, 'differential.case_1')}`,
  start: startSession,
};
