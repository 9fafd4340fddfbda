// Reads one answer of GET /v1/config/{service}: a config to apply, or why it cannot be applied.
import type { AppliedConfig } from '../types.js';
import { isValidConfig } from './validate.js';

/** Reasons of scl_config_errors_total (spec/features.md "config"). */
export type ConfigErrorReason = 'fetch' | 'empty' | 'invalid_json' | 'schema';

export type ConfigAnswer = { ok: true; applied: AppliedConfig } | { ok: false; reason: ConfigErrorReason; detail: string };

/**
 * `empty`: no body, JSON null, or a document without a config (`config` missing, null or `{}`).
 * `schema`: the envelope (`version` an integer >= 1, `config` an object) or the config itself
 * does not match. Any status other than 200 is `fetch`.
 */
export function readConfigAnswer(status: number, body: string): ConfigAnswer {
  if (status !== 200) return { ok: false, reason: 'fetch', detail: `the control plane answered ${status}` };
  if (body.trim() === '') return { ok: false, reason: 'empty', detail: 'the answer has no body' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'invalid_json', detail: 'the answer is not JSON' };
  }
  if (parsed === null || isEmptyObject(parsed)) return { ok: false, reason: 'empty', detail: 'the answer is empty' };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, reason: 'schema', detail: 'the answer is not an object' };
  }
  const { version, config } = parsed as { version?: unknown; config?: unknown };
  if (config === undefined || config === null || isEmptyObject(config)) {
    return { ok: false, reason: 'empty', detail: 'the answer has no config' };
  }
  if (!Number.isSafeInteger(version) || (version as number) < 1) {
    return { ok: false, reason: 'schema', detail: 'version is not an integer >= 1' };
  }
  if (!isValidConfig(config)) return { ok: false, reason: 'schema', detail: 'config does not match spec/config.schema.json' };
  return { ok: true, applied: { version: version as number, config } };
}

function isEmptyObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const _ in value) return false;
  return true;
}
