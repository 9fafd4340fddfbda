// A run made of the stored samples: each scenario's data as a quick run recorded it (scenarios/<id>/test/sample-data.json),
// in the frame of the synthetic run (its environment, calibration and code count), for tests of the whole report.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../scripts/paths.js';
import type { RunResults } from '../../../scripts/results/types.js';
import { syntheticResults } from '../synthetic-results.js';
import { SCENARIOS } from './registry.js';

/** The stored sample of a scenario's data, or null when that scenario has none. */
export function storedSampleData(id: string): unknown {
  const path = join(REPO_ROOT, 'scenarios', id, 'test', 'sample-data.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

/** Every registered scenario that has a stored sample, in the registry's order. */
export function sampleRun(): RunResults {
  const results = syntheticResults();
  results.scenarios = SCENARIOS.flatMap((scenario) => {
    const data = storedSampleData(scenario.id);
    return data === null
      ? []
      : [{ id: scenario.id, status: 'ok' as const, startedAt: '2026-01-01T00:00:00.000Z', durationSeconds: 1, messages: [], data }];
  });
  return results;
}
