// One bench run: environment, cells, each scenario in turn (conformance first, calibration before the first load),
// results.json and the report after each.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureEnvironment } from '../env/capture.js';
import { captureCodebase } from '../env/codebase.js';
import { pinProcess, planPinning } from '../env/pinning.js';
import { calibrate } from '../load/calibration.js';
import { ResultsWriter } from '../results/writer.js';
import { REPO_ROOT } from '../paths.js';
import { RESULTS_SCHEMA_VERSION, type BenchOptions, type Lang, type Message, type RunResults, type ScenarioResult } from '../results/types.js';
import { writeRunReport, writeRunsIndex } from '../report/write.js';
import { renderReport } from '../report/render.js';
import type { AnyScenario, Cell, ScenarioContext } from '../engine/scenario.js';
import { planCells } from './cells.js';
import { installSignalHandlers, shutdownAll } from './cleanup.js';
import { BenchProgress, formatSeconds } from './progress.js';
import { TIERS } from './tiers.js';

export function newRunId(tier: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${tier}`;
}

export interface RunOutcome {
  runDir: string;
  results: RunResults;
}

export async function runBench(options: BenchOptions, registry: readonly AnyScenario[]): Promise<RunOutcome> {
  const tier = TIERS[options.tier];
  const runId = newRunId(options.tier);
  const runDir = join(options.outDir, runId);
  const resultsPath = join(runDir, 'results.json');
  let interruptedResults: RunResults | undefined;
  // Installed first: a Ctrl-C at any moment stops every child; once results exist, they are kept.
  installSignalHandlers((signal) => {
    process.stderr.write(`\n${signal}: stopping every process of the run\n`);
    if (interruptedResults === undefined) return;
    interruptedResults.status = 'interrupted';
    interruptedResults.finishedAt = new Date().toISOString();
    interruptedResults.messages.push({ level: 'warning', scope: 'run', text: `interrupted by ${signal}; scenarios that finished are kept` });
    mkdirSync(runDir, { recursive: true });
    writeFileSync(resultsPath, JSON.stringify(interruptedResults, null, 1));
    writeFileSync(join(runDir, 'index.html'), renderReport(interruptedResults, registry));
    process.stderr.write(`finished results are in ${resultsPath}\n`);
  });
  const pinning = await planPinning(options.pin);
  // Read, not imported: importing package.json would make tsc copy it into dist/, where it misleads root finding.
  const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const results: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId,
    tool: { name: packageJson.name, version: packageJson.version },
    status: 'running',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    options,
    tierSettings: tier,
    environment: await captureEnvironment(pinning),
    calibration: null,
    codebase: await captureCodebase(),
    scenarios: [],
    messages: [],
  };
  const writer = new ResultsWriter(resultsPath, results);
  interruptedResults = results;
  await writer.flush();

  const scenarios = selectScenarios(options, registry);
  // Everything the harness starts inherits this; the generators are moved to their own core as they start.
  if (pinning.applied) await pinProcess(process.pid, pinning.systemCpus);
  process.stderr.write(`run ${runId}: ${scenarios.map((scenario) => scenario.id).join(', ')} (${options.tier}); ${pinning.note}\n`);
  let bar: BenchProgress | undefined;
  try {
    const cellPlan = await planCells(plannedLangs(options, scenarios), options.modes, options.build, (label) => process.stderr.write(`setup: ${label}\n`));
    for (const { cell, reason } of cellPlan.skipped) {
      results.messages.push({ level: 'skipped', scope: `${cell.lang}/${cell.mode}`, text: reason });
      process.stderr.write(`skipped ${cell.lang}/${cell.mode}: ${reason}\n`);
    }
    if (!scenarios.some((scenario) => scenario.topology === 'any') && scenarios.some((scenario) => scenario.topology !== 'any')) {
      results.messages.push({ level: 'warning', scope: 'run', text: 'no conformance scenario is in this run: cells are measured without the check that makes their figures comparable' });
    }
    let available = cellPlan.cells;
    const skipped = [...cellPlan.skipped];
    const singleCells = () => available.filter((cell) => options.langs.includes(cell.lang));
    const calibrationSeconds = scenarios.some((scenario) => scenario.needsCalibration === true)
      ? 2 * (tier.calibration.warmupSeconds + tier.calibration.windowSeconds + 1.5) : 0;
    const estimates = scenarios.map((scenario) => scenario.estimateSeconds(tier, scenario.tiers[options.tier].settings, scenario.topology === 'single' ? singleCells() : available, options));
    const totalSeconds = calibrationSeconds + estimates.reduce((sum, seconds) => sum + seconds, 0);
    const progress = new BenchProgress(totalSeconds);
    bar = progress;
    bar.note(`measuring for about ${formatSeconds(totalSeconds)}`);
    for (const [index, scenario] of scenarios.entries()) {
      if (scenario.needsCalibration === true && results.calibration === null) {
        bar.beginScenario('calibration: no-op and 2 ms targets', calibrationSeconds);
        results.calibration = await calibrate({
          ratePerSecond: tier.calibration.ratePerSecond, durationSeconds: tier.calibration.windowSeconds,
          warmupSeconds: tier.calibration.warmupSeconds, smoke: options.tier === 'smoke',
          ...(pinning.generatorCpus !== undefined ? { generatorCpus: pinning.generatorCpus } : {}),
          ...(pinning.systemCpus !== undefined ? { systemCpus: pinning.systemCpus } : {}),
        });
        await writer.flush();
        bar.endScenario();
      }
      bar.beginScenario(scenario.id, estimates[index] ?? 10);
      const single = scenario.topology === 'single';
      const context: ScenarioContext = {
        options, tier, settings: scenario.tiers[options.tier].settings, pinning, runDir, available, earlier: [...results.scenarios],
        cells: single ? singleCells() : available,
        skippedCells: single ? skipped.filter(({ cell }) => options.langs.includes(cell.lang)) : skipped,
        step: (label) => progress.step(label),
      };
      const { result, failedCells } = await runScenario(scenario, context);
      // A cell that failed conformance is named once and measured by no later scenario.
      available = available.filter((cell) => !failedCells.some((failed) => failed.cell.lang === cell.lang && failed.cell.mode === cell.mode));
      skipped.push(...failedCells);
      await writer.update((all) => all.scenarios.push(result));
      await writeRunReport(results, runDir, registry);
      bar.endScenario();
      for (const message of result.messages.filter((m) => m.level === 'error' || m.level === 'warning')) bar.note(`${scenario.id}: ${message.text}`);
    }
    results.status = 'complete';
  } catch (error) {
    results.status = 'failed';
    results.messages.push({ level: 'error', scope: 'run', text: (error as Error).message });
  } finally {
    bar?.stop();
    results.finishedAt = new Date().toISOString();
    await writer.flush();
    await shutdownAll();
    await writeRunReport(results, runDir, registry);
    await writeRunsIndex(options.outDir, registry);
  }
  return { runDir, results };
}

/** The scenarios of --scenario whose topology is in --topology, in the registry's order. */
export function selectScenarios(options: Pick<BenchOptions, 'scenarios' | 'topologies'>, registry: readonly AnyScenario[]): AnyScenario[] {
  return registry.filter((scenario) => options.scenarios.includes(scenario.id) && (scenario.topology === 'any' || options.topologies.includes(scenario.topology)));
}

/** --langs, plus the languages the scenarios start beyond them (a polyglot topology's). */
export function plannedLangs(options: Pick<BenchOptions, 'langs'>, scenarios: readonly AnyScenario[]): Lang[] {
  return [...new Set([...options.langs, ...scenarios.flatMap((scenario) => scenario.extraLangs ?? [])])];
}

async function runScenario(scenario: AnyScenario, context: ScenarioContext): Promise<{ result: ScenarioResult; failedCells: { cell: Cell; reason: string }[] }> {
  const startedAt = new Date();
  try {
    const outcome = await scenario.run(context);
    // Measured, but without every requested cell (a missing toolchain or sidecar): say so in the status.
    const status = outcome.status === 'ok' && context.skippedCells.length > 0 && scenario.choosesOwnLanguages !== true ? 'partial' : outcome.status;
    return {
      result: { id: scenario.id, status, startedAt: startedAt.toISOString(), durationSeconds: secondsSince(startedAt), settings: context.settings, messages: outcome.messages, data: outcome.data },
      failedCells: outcome.failedCells ?? [],
    };
  } catch (error) {
    // One failed scenario does not take the others down; its teardown already ran in its finally blocks.
    const message: Message = { level: 'error', scope: scenario.id, text: (error as Error).message };
    return { result: { id: scenario.id, status: 'failed', startedAt: startedAt.toISOString(), durationSeconds: secondsSince(startedAt), settings: context.settings, messages: [message], data: null }, failedCells: [] };
  }
}

function secondsSince(start: Date): number {
  return (Date.now() - start.getTime()) / 1000;
}
