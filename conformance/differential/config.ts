// Input family `config`: a config document (spec/config.schema.json) PUT to the control plane as raw JSON text, pulled
// by a payment instance per implementation; observed: the version and document the app reports, and the limit it uses.
import { join } from 'node:path';
import * as fc from 'fast-check';
import { startControlPlane, type RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { startInstance, type RunningInstance } from '../../scripts/orchestration/instance.js';
import { delay } from '../../scripts/orchestration/ready.js';
import type { Family, FamilyEnvironment, Implementation, Observation, Session } from './family.js';

const REQUEST_TIMEOUT_MS = 10_000;
/** A stored version not in use within this long is reported as not applied. */
const APPLY_TIMEOUT_MS = 5_000;

export interface ConfigCase {
  kind: string;
  /** The document exactly as PUT: numbers as written, keys may repeat. */
  document: string;
}

const limit = fc.integer({ min: 1, max: 100_000 });
const doc = (fields: string) => `{"logLevel":"info",${fields}}`;
const KINDS: Record<string, fc.Arbitrary<string>> = {
  'limit-decimal': limit.map((n) => doc(`"maxAmountCents":${n}`)),
  'limit-exponent': fc.integer({ min: 1, max: 9 }).map((m) => doc(`"maxAmountCents":${m}e3`)),
  'limit-zero-fraction': limit.map((n) => doc(`"maxAmountCents":${n}.0`)),
  'limit-bounds': fc.constantFrom('1', '100000000', '100000001', '0', '-1', '1.5').map((n) => doc(`"maxAmountCents":${n}`)),
  'limit-duplicate-key': fc.tuple(limit, limit).map(([a, b]) => doc(`"maxAmountCents":${a},"maxAmountCents":${b}`)),
  'banner-unicode': fc.string({ unit: 'grapheme', maxLength: 30 }).map((text) => doc(`"banner":${JSON.stringify(text)}`)),
  'banner-edge': fc
    .constantFrom('', ' ', '  padded  ', 'x'.repeat(200), 'x'.repeat(201), '\\u0000', '\\ud83d\\ude00', 'line\\nbreak')
    .map((text) => doc(`"banner":"${text}"`)),
  'banner-lone-surrogate': fc.constantFrom('\\ud83d', '\\ude00', 'a\\ud800b', '\\udbff\\udbff').map((text) => doc(`"banner":"${text}"`)),
  'log-level': fc.constantFrom('"debug"', '"INFO"', '" info"', '"warn"', '"error"', '"trace"').map((level) => `{"logLevel":${level}}`),
};

export const configCase: fc.Arbitrary<ConfigCase> = fc.oneof(
  ...Object.entries(KINDS).map(([kind, document]) => fc.record({ kind: fc.constant(kind), document })),
);

/** One request; a dropped connection is an answer too (status 0), the message its body. */
async function call(url: string, method: string, body?: string): Promise<{ status: number; json: unknown }> {
  let text: string;
  let status: number;
  try {
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    return { status: 0, json: (error as Error).message };
  }
  try {
    return { status, json: JSON.parse(text) as unknown };
  } catch {
    return { status, json: text };
  }
}

/** The status of a payment of `amount` cents: how the app applies maxAmountCents. */
async function paymentStatus(instance: RunningInstance, amount: number): Promise<number> {
  return (await call(`${instance.publicUrl}/payments`, 'POST', JSON.stringify({ customerId: 1, amountCents: amount, currency: 'EUR' })))
    .status;
}

async function apply(controlplane: RunningControlPlane, instance: RunningInstance, input: ConfigCase): Promise<Observation> {
  const stored = await call(`${controlplane.url}/v1/config/payment`, 'PUT', input.document);
  const version = (stored.json as { version?: number }).version;
  if (stored.status !== 200 || version === undefined) return { facts: { stored: false, status: stored.status } };
  const deadline = Date.now() + APPLY_TIMEOUT_MS;
  let inUse: { version?: number; config?: { maxAmountCents?: number } } = {};
  let answer = 200;
  while (Date.now() < deadline) {
    const got = await call(`${instance.publicUrl}/_scl/config`, 'GET');
    answer = got.status;
    inUse = typeof got.json === 'object' && got.json !== null ? (got.json as typeof inUse) : {};
    if (inUse.version === version) break;
    await delay(25);
  }
  const limitInUse = inUse.config?.maxAmountCents;
  return {
    facts: {
      stored: true,
      applied: inUse.version === version,
      configAnswer: answer,
      config: inUse.config ?? null,
      // The limit as the app enforces it: the largest amount taken, and the next one refused.
      ...(typeof limitInUse === 'number'
        ? { atLimit: await paymentStatus(instance, limitInUse), overLimit: await paymentStatus(instance, limitInUse + 1) }
        : {}),
    },
  };
}

async function startSession(implementation: Implementation, environment: FamilyEnvironment): Promise<Session<ConfigCase>> {
  // One control plane per implementation: the config of `payment` is one per store, and each app must see only its own.
  const runDir = join(environment.runDir, `config-${implementation.name}`);
  const controlplane = await startControlPlane({ runDir });
  try {
    const instance = await startInstance({
      lang: implementation.lang,
      service: 'payment',
      mode: implementation.mode,
      instanceId: `payment-${implementation.name}`,
      testHooks: true,
      controlplaneUrl: controlplane.url,
      runDir,
      settings: { 'config.retryBackoffSeconds': 0.05 },
    });
    return {
      observe: (input) => apply(controlplane, instance, input),
      stop: async () => {
        await instance.stop('SIGKILL');
        await controlplane.stop('SIGKILL');
      },
    };
  } catch (error) {
    await controlplane.stop('SIGKILL');
    throw error;
  }
}

export const configFamily: Family<ConfigCase> = {
  id: 'config',
  entryPoint: 'a config document PUT to the control plane (raw JSON text), pulled by payment; GET /_scl/config and payments at the limit',
  arbitrary: configCase,
  kindOf: (input) => input.kind,
  show: (input) => `PUT /v1/config/payment ${input.document}`,
  start: startSession,
};
