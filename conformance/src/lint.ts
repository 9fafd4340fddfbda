// The suite lints its own cases: schema, ids, descriptions, and names that must exist in spec/.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import configSchema from '../../spec/config.schema.json' with { type: 'json' };
import spec from '../../spec/features.json' with { type: 'json' };
import { fromRoot } from '../../scripts/orchestration/paths.js';
import { MODES } from '../../scripts/orchestration/recipe.js';
import vectorSchema from '../vector.schema.json' with { type: 'json' };
import { createAjv } from './ajv.js';
import { parseExpected } from './expected.js';
import { modesOf, type LoadedVector, type Step } from './vector.js';

export const DESCRIPTION_MAX_CHARS = 80;

/** Words that make a description an instruction or a wish instead of a fact. */
const NOT_A_STATEMENT = /^(test|tests|check|checks|verify|verifies|ensure|ensures|make|should|must|can|does|do|is|are)\b|\bshould\b|\?/i;

const SETTING_KEYS = new Set(Object.keys(spec.settings));
const HISTOGRAM_SUFFIXES = ['_bucket', '_count', '_sum'];

export interface LintProblem {
  file: string;
  message: string;
}

/** Every problem in the vectors and the expected lists; none means the suite is well-formed. */
export function lintVectors(vectors: readonly LoadedVector[]): LintProblem[] {
  const ajv = createAjv();
  const validateVector = ajv.compile(vectorSchema);
  const validateConfig = ajv.compile(configSchema);
  const problems: LintProblem[] = [];
  const seen = new Map<string, string>();
  for (const { vector, file } of vectors) {
    const report = (message: string) => problems.push({ file, message });
    if (!validateVector(vector)) {
      for (const error of validateVector.errors ?? []) report(`schema: ${error.instancePath || '/'} ${error.message ?? ''}`);
      continue;
    }
    if (seen.has(vector.id)) report(`id ${vector.id} is also used by ${seen.get(vector.id)}`);
    seen.set(vector.id, file);
    if (basename(file, '.json') !== vector.id) report(`id ${vector.id} differs from the file name ${basename(file)}`);
    if (basename(dirname(file)) !== vector.feature) report(`feature ${vector.feature} differs from the folder ${basename(dirname(file))}`);
    for (const message of lintDescription(vector.description)) report(message);
    for (const key of Object.keys(vector.settings ?? {})) {
      if (!SETTING_KEYS.has(key)) report(`settings: ${key} is not a setting of spec/features.json`);
    }
    const configs = [vector.config, ...vector.steps.map((step) => step.putConfig)].filter((config) => config !== undefined);
    for (const config of configs) {
      if (!validateConfig(config))
        report(`config ${JSON.stringify(config)} does not match spec/config.schema.json: ${ajv.errorsText(validateConfig.errors)}`);
    }
    for (const [index, step] of vector.steps.entries()) {
      for (const message of lintStep(step, vector.upstreams ?? {}, modesOf(vector))) report(`step ${index + 1}: ${message}`);
    }
  }
  return problems;
}

export function lintDescription(description: string): string[] {
  const problems: string[] = [];
  if (description.length > DESCRIPTION_MAX_CHARS)
    problems.push(`description is ${description.length} characters, at most ${DESCRIPTION_MAX_CHARS}`);
  if (description.endsWith('.')) problems.push('description ends with a period');
  if (description !== description.trim() || description.includes('\n')) problems.push('description is not one trimmed line');
  if (NOT_A_STATEMENT.test(description))
    problems.push(`description "${description}" is not phrased as a fact ("a GET answered 503 is retried")`);
  return problems;
}

function lintStep(step: Step, upstreams: Readonly<Record<string, unknown>>, modes: readonly string[]): string[] {
  const problems: string[] = [];
  const metric = step.expectMetric?.name;
  if (metric !== undefined && !isSpecMetric(metric)) problems.push(`metric ${metric} is not named in spec/features.json`);
  if (step.expectMetric?.buckets !== undefined && !metric?.endsWith('_bucket'))
    problems.push('buckets are checked on a _bucket sample name');
  const upstream = step.setUpstream?.name ?? step.expectUpstream?.name;
  if (upstream !== undefined && !(upstream in upstreams)) problems.push(`upstream ${upstream} is not declared in upstreams`);
  if (step.signal?.target === 'sidecar' && modes.some((mode) => mode !== 'sidecar'))
    problems.push('a signal to the sidecar needs modes ["sidecar"]');
  return problems;
}

export function isSpecMetric(sampleName: string): boolean {
  const names = spec.metrics.names as Record<string, { type: string }>;
  if (/^scl_business_[a-z][a-z0-9_]*_total$/.test(sampleName)) return true;
  if (names[sampleName] !== undefined) return true;
  return HISTOGRAM_SUFFIXES.some(
    (suffix) => sampleName.endsWith(suffix) && names[sampleName.slice(0, -suffix.length)]?.type === 'histogram',
  );
}

/** A cell's list: a language and a mode the suite runs (every mode but native, which has no feature to test). */
const EXPECTED_FILE_NAME = new RegExp(`^[a-z0-9]+-(${MODES.filter((mode) => mode !== 'native').join('|')})\\.txt$`);

/** Every expected list parses and names only existing vectors. */
export function lintExpectedLists(vectorIds: ReadonlySet<string>, dir = fromRoot('conformance/expected')): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.txt'))) {
    const file = `conformance/expected/${name}`;
    if (!EXPECTED_FILE_NAME.test(name)) problems.push({ file, message: 'the name is not <lang>-<mode>.txt' });
    try {
      for (const id of parseExpected(readFileSync(`${dir}/${name}`, 'utf8'), file).keys()) {
        if (!vectorIds.has(id)) problems.push({ file, message: `${id} names no vector` });
      }
    } catch (error) {
      problems.push({ file, message: (error as Error).message });
    }
  }
  return problems;
}
