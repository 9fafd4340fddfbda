// The shape of a conformance vector (conformance/vector.schema.json) and loading the vectors from disk.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FeatureName } from '../../library/ts/src/feature.js';
import type { Mode } from '../../scripts/orchestration/instance.js';
import { fromRoot } from '../../scripts/orchestration/paths.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Count = number | { atLeast?: number; atMost?: number };
/** Expected header values: exact, or `{"$regex": P}`. */
export type ExpectedHeaders = Record<string, string | { $regex: string }>;

export interface ScriptedResponse {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
  delaySeconds?: number;
}

export interface RequestStep {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Json;
  /** The body as raw JSON text, for what a parsed vector cannot hold (1e400, repeated keys). */
  bodyText?: string;
  repeat?: number;
  expect?: { status?: number; json?: Json; headers?: ExpectedHeaders };
}

export interface ExpectMetric {
  name: string;
  labels?: Record<string, string>;
  equals?: number;
  atLeast?: number;
  atMost?: number;
  exists?: true;
  absent?: true;
  buckets?: number[];
  within?: number;
}

export interface ExpectLogs {
  match?: { [key: string]: Json };
  count?: Count;
  types?: Record<string, 'string' | 'integer' | 'number' | 'boolean'>;
  equals?: { [key: string]: Json };
  within?: number;
}

export interface ExpectLogStats {
  received?: Count;
  distinct?: Count;
  duplicates?: Count;
  missing?: Count;
  within?: number;
}

export interface ExpectRegistry {
  service?: string;
  passing?: Count;
  self?: 'passing' | 'notPassing' | 'absent';
  within?: number;
}

export interface ExpectUpstream {
  name: string;
  received?: Count;
  perInstance?: number[];
  headers?: ExpectedHeaders;
  within?: number;
}

export interface ExpectConfigInUse {
  version?: number | 'latest';
  config?: { [key: string]: Json };
  within?: number;
}

/** Exactly one key per step (the schema enforces it). */
export interface Step {
  request?: RequestStep;
  putConfig?: { [key: string]: Json };
  faults?: { [key: string]: Json };
  sleep?: number;
  signal?: { target: 'app' | 'sidecar'; name: 'SIGTERM' | 'SIGKILL'; exitCode?: number };
  setUpstream?: { name: string; responses: ScriptedResponse[] };
  forgetInstance?: true;
  expectMetric?: ExpectMetric;
  expectLogs?: ExpectLogs;
  expectLogStats?: ExpectLogStats;
  expectRegistry?: ExpectRegistry;
  expectUpstream?: ExpectUpstream;
  expectConfigInUse?: ExpectConfigInUse;
}

export type StepKind = keyof Step;

export interface Vector {
  id: string;
  description: string;
  feature: FeatureName;
  modes?: Mode[];
  service?: 'web' | 'customers' | 'payment';
  settings?: Record<string, number | string>;
  /** The instance must not start: an exit with `exitCode` (default 2) and `code` on its output; no step runs. */
  startRefused?: { code: string; exitCode?: number };
  config?: { [key: string]: Json };
  controlplane?: { deregisterCriticalAfterSeconds?: number };
  upstreams?: Record<string, { instances?: number; responses?: ScriptedResponse[]; down?: true }>;
  steps: Step[];
}

export interface LoadedVector {
  vector: Vector;
  /** Path relative to the repository root. */
  file: string;
}

export const DEFAULT_MODES: readonly Mode[] = ['library', 'sidecar'];
export const VECTORS_DIR = 'conformance/vectors';

export function modesOf(vector: Vector): readonly Mode[] {
  return vector.modes ?? DEFAULT_MODES;
}

/**
 * A vector applies to the modes it names, and to mode agent wherever it applies to sidecar mode: under an agent the
 * app runs as in sidecar mode and the agent is its sidecar process (shared with another app of the host).
 */
export function appliesTo(vector: Vector, mode: Mode): boolean {
  const modes = modesOf(vector);
  return modes.includes(mode) || (mode === 'agent' && modes.includes('sidecar'));
}

export function serviceOf(vector: Vector): 'web' | 'customers' | 'payment' {
  return vector.service ?? 'web';
}

export function stepKind(step: Step): StepKind {
  return Object.keys(step)[0] as StepKind;
}

/** Every vectors/<feature>/<id>.json, parsed but not validated (see lint.ts), sorted by feature then id. */
export function loadVectors(dir = fromRoot(VECTORS_DIR)): LoadedVector[] {
  const loaded: LoadedVector[] = [];
  for (const feature of readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()) {
    for (const name of readdirSync(join(dir, feature))
      .filter((file) => file.endsWith('.json'))
      .sort()) {
      const path = join(dir, feature, name);
      const text = readFileSync(path, 'utf8');
      let vector: Vector;
      try {
        vector = JSON.parse(text) as Vector;
      } catch (error) {
        throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
      }
      loaded.push({ vector, file: join(VECTORS_DIR, feature, basename(name)) });
    }
  }
  return loaded;
}
