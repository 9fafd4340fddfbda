// Sidecar mode over real processes: the app's log file, its config file reloads, and business counters.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import logLineSchema from '../../../spec/log-line.schema.json' with { type: 'json' };
import { ensureBuilt } from './support/build.js';
import { call, closeAllFakes, startFake } from './support/http.js';
import { killAll, startService, tempDir, waitFor, type RunningService } from './support/processes.js';

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
addFormats.default(ajv);
const isLogLine = ajv.compile(logLineSchema);

interface LogRecord {
  seq: number;
  pid: number;
  level: string;
  event: string;
  [field: string]: unknown;
}

function readRecords(file: string): LogRecord[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogRecord);
}

/** The sidecar's way of writing: a temp file in the same folder, then rename. */
function writeConfigByRename(file: string, document: unknown): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(document));
  renameSync(temp, file);
}

async function startPayment(options: { config?: unknown; env?: Record<string, string> } = {}) {
  const dir = tempDir();
  const logFile = path.join(dir, 'logs', 'payment.log');
  const configFile = path.join(dir, 'config', 'payment.json');
  if (options.config !== undefined) {
    mkdirSync(path.dirname(configFile), { recursive: true });
    writeConfigByRename(configFile, options.config);
  }
  const payment = await startService({
    service: 'payment',
    mode: 'sidecar',
    env: {
      SCL_LOG_FILE: logFile,
      SCL_CONFIG_FILE: configFile,
      SCL_EGRESS_URL: 'http://127.0.0.1:9',
      SCL_TEST_HOOKS: '1',
      ...options.env,
    },
  });
  return { payment, logFile, configFile };
}

const configVersion = async (service: RunningService) => (await call(`${service.url}/health`)).json.configVersion as number;
const pay = (service: RunningService, amountCents: number) =>
  call(`${service.url}/payments`, 'POST', { customerId: 1, amountCents, currency: 'EUR' });

describe('sidecar mode', () => {
  beforeAll(ensureBuilt);
  afterEach(async () => {
    await killAll();
    await closeAllFakes();
  });

  it('writes one schema-valid access record per request, with seq 1..n and the app pid', async () => {
    const { payment, logFile } = await startPayment();
    for (const amount of [100, 200, 300]) expect((await pay(payment, amount)).status).toBe(201);
    await call(`${payment.url}/payments/1`, 'GET', undefined, { 'x-request-id': 'read-one' });
    await call(`${payment.url}/no/such/route`);
    await call(`${payment.url}/health`);
    await waitFor('8 log records', () => readRecords(logFile).length >= 8);

    const records = readRecords(logFile);
    expect(records).toHaveLength(8);
    for (const record of records) expect(isLogLine(record), JSON.stringify(isLogLine.errors)).toBe(true);
    expect(records.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(records.map((record) => record.pid))).toEqual(new Set([payment.child.pid]));

    const access = records.filter((record) => record.event === 'http.request');
    expect(access.map((record) => `${record.http_method} ${record.http_route} ${record.http_status}`)).toEqual([
      'POST /payments 201',
      'POST /payments 201',
      'POST /payments 201',
      'GET /payments/{id} 200',
      'GET other 404',
    ]);
    expect(access[3]).toMatchObject({ level: 'info', request_id: 'read-one' });
    expect(access.every((record) => typeof record.duration_seconds === 'number')).toBe(true);
    const captured = records.filter((record) => record.event === 'payment.captured');
    expect(captured.map((record) => record.amount_cents)).toEqual([100, 200, 300]);
  });

  it('a new config file written by rename changes configVersion and maxAmountCents without a restart', async () => {
    const { payment, configFile, logFile } = await startPayment({
      config: { version: 1, config: { logLevel: 'info', maxAmountCents: 1_000_000 } },
    });
    expect(await configVersion(payment)).toBe(1);
    expect((await pay(payment, 600)).status).toBe(201);

    writeConfigByRename(configFile, { version: 2, config: { logLevel: 'info', maxAmountCents: 500 } });
    await waitFor('config version 2', async () => (await configVersion(payment)) === 2);
    const refused = await pay(payment, 600);
    expect(refused.status).toBe(400);
    expect(refused.json.error.field).toBe('amountCents');
    expect((await pay(payment, 500)).status).toBe(201);
    expect((await call(`${payment.url}/_scl/config`)).json).toEqual({ version: 2, config: { logLevel: 'info', maxAmountCents: 500 } });
    await waitFor('a config.applied record', () => readRecords(logFile).some((record) => record.event === 'config.applied'));
  });

  it('a torn or invalid config file is ignored and the last good one stays in use', async () => {
    const { payment, configFile, logFile } = await startPayment({
      config: { version: 2, config: { logLevel: 'info', maxAmountCents: 500 } },
    });
    const rejections = () => readRecords(logFile).filter((record) => record.event === 'config.rejected');

    writeFileSync(configFile, '{"version": 3, "config": {"logLev');
    await waitFor('a torn file rejected', () => rejections().some((record) => record.reason === 'invalid_json'));
    expect(await configVersion(payment)).toBe(2);
    expect((await pay(payment, 600)).status).toBe(400);

    writeConfigByRename(configFile, { version: 3, config: { logLevel: 'loud' } });
    await waitFor('a schema-invalid file rejected', () => rejections().some((record) => record.reason === 'schema'));
    expect(await configVersion(payment)).toBe(2);
    expect((await pay(payment, 600)).status).toBe(400);

    writeConfigByRename(configFile, { version: 4, config: { logLevel: 'info', maxAmountCents: 700 } });
    await waitFor('config version 4', async () => (await configVersion(payment)) === 4);
    expect((await pay(payment, 600)).status).toBe(201);
  });

  it('the config logLevel filters records without a restart, and a filtered record takes no seq', async () => {
    const { payment, configFile, logFile } = await startPayment();
    await pay(payment, 10);
    await waitFor('2 records', () => readRecords(logFile).length === 2);

    writeConfigByRename(configFile, { version: 2, config: { logLevel: 'warn' } });
    await waitFor('config version 2', async () => (await configVersion(payment)) === 2);
    await pay(payment, 20);
    const hook = await call(`${payment.url}/_scl/log`, 'POST', { level: 'warn', event: 'test.marker', msg: 'after the change' });
    expect(hook.status).toBe(204);
    await waitFor('the marker record', () => readRecords(logFile).some((record) => record.event === 'test.marker'));
    const records = readRecords(logFile);
    expect(records.map((record) => record.event)).toEqual(['payment.captured', 'http.request', 'test.marker']);
    expect(records.map((record) => record.seq)).toEqual([1, 2, 3]);
  });

  it('SIGTERM flushes every buffered record of a flood before exiting 0', async () => {
    const { payment, logFile } = await startPayment();
    const flood = await call(`${payment.url}/_scl/log`, 'POST', {
      level: 'info',
      event: 'test.flood',
      msg: 'x'.repeat(200),
      count: 20_000,
    });
    expect(flood.status).toBe(204);
    payment.child.kill('SIGTERM');
    expect((await payment.exited).code).toBe(0);
    const records = readRecords(logFile).filter((record) => record.event === 'test.flood');
    expect(records).toHaveLength(20_000);
    expect(records.every((record, i) => record.seq === i + 1)).toBe(true);
  });

  it('after a rename rotation, SIGHUP makes the app write to a new file at the same path', async () => {
    const { payment, logFile } = await startPayment();
    await pay(payment, 10);
    await waitFor('2 records', () => readRecords(logFile).length === 2);
    renameSync(logFile, `${logFile}.1`);
    payment.child.kill('SIGHUP');
    await waitFor('a new file at the path', async () => {
      await pay(payment, 20);
      return readRecords(logFile).length > 0;
    });
    // Nothing is lost across the switch: seq continues from the rotated file into the new one.
    const seqs = [...readRecords(`${logFile}.1`), ...readRecords(logFile)].map((record) => record.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('business counters go to the sidecar local API when SCL_SIDECAR_API_URL is set', async () => {
    const sidecarApi = await startFake(() => ({ status: 204 }));
    const { payment } = await startPayment({ env: { SCL_SIDECAR_API_URL: sidecarApi.url } });
    await pay(payment, 250);
    await waitFor('2 metric posts', () => sidecarApi.requests.length === 2);
    expect(sidecarApi.requests.map((request) => [request.method, request.url, JSON.parse(request.body)])).toEqual([
      ['POST', '/v1/metrics', { name: 'payments_total', value: 1, labels: { currency: 'EUR' } }],
      ['POST', '/v1/metrics', { name: 'payment_amount_cents_total', value: 250, labels: { currency: 'EUR' } }],
    ]);
  });
});
