// The results of one run as they start: what ran where and how, before any scenario; and keeping them on a Ctrl-C.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyScenario } from '../engine/scenario.js';
import { captureEnvironment } from '../env/capture.js';
import { captureCodebase } from '../env/codebase.js';
import type { PinningPlan } from '../env/pinning.js';
import { REPO_ROOT } from '../paths.js';
import { renderReport } from '../report/render.js';
import { RESULTS_SCHEMA_VERSION, type BenchOptions, type RunResults } from '../results/types.js';
import { TIERS } from './tiers.js';

export function newRunId(tier: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${tier}`;
}

export async function newRunResults(runId: string, options: BenchOptions, pinning: PinningPlan): Promise<RunResults> {
  // Read, not imported: importing package.json would make tsc copy it into dist/, where it misleads root finding.
  const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId,
    tool: { name: packageJson.name, version: packageJson.version },
    status: 'running',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    options,
    tierSettings: TIERS[options.tier],
    environment: await captureEnvironment(pinning),
    calibration: null,
    codebase: await captureCodebase(),
    scenarios: [],
    messages: [],
  };
}

/** On a signal, what was measured so far is written with its report, synchronously, before the process goes. */
export function keepOnInterrupt(results: RunResults, runDir: string, registry: readonly AnyScenario[], signal: string): void {
  results.status = 'interrupted';
  results.finishedAt = new Date().toISOString();
  results.messages.push({ level: 'warning', scope: 'run', text: `interrupted by ${signal}; scenarios that finished are kept` });
  mkdirSync(runDir, { recursive: true });
  const resultsPath = join(runDir, 'results.json');
  writeFileSync(resultsPath, JSON.stringify(results, null, 1));
  writeFileSync(join(runDir, 'index.html'), renderReport(results, registry));
  process.stderr.write(`finished results are in ${resultsPath}\n`);
}
