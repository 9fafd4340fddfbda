// One bench run: environment, cells, each scenario in turn (conformance first, calibration before the first load),
// results.json and the report after each.
import { join } from 'node:path';
import type { AnyScenario, ScenarioContext } from '../engine/scenario.js';
import { pinProcess, planPinning, type PinningPlan } from '../env/pinning.js';
import { calibrate } from '../load/calibration.js';
import { writeRunReport, writeRunsIndex } from '../report/write.js';
import type { BenchOptions, Lang, RunResults } from '../results/types.js';
import { ResultsWriter } from '../results/writer.js';
import { CellBook } from './cell-book.js';
import { planCells } from './cells.js';
import { installSignalHandlers, shutdownAll } from './cleanup.js';
import { BenchProgress, formatSeconds } from './progress.js';
import { keepOnInterrupt, newRunId, newRunResults } from './run-results.js';
import { runScenario } from './run-scenario.js';
import { nativeLangsOf, TIERS } from './tiers.js';


export interface RunOutcome {
  runDir: string;
  results: RunResults;
}

/** What one run shares between its steps. */
interface Run {
  options: BenchOptions;
  registry: readonly AnyScenario[];
  runDir: string;
  pinning: PinningPlan;
  results: RunResults;
  writer: ResultsWriter;
}

export async function runBench(options: BenchOptions, registry: readonly AnyScenario[]): Promise<RunOutcome> {
  const runId = newRunId(options.tier);
  const runDir = join(options.outDir, runId);
  let started: RunResults | undefined;
  // Installed first: a Ctrl-C at any moment stops every child; once results exist, they are kept.
  installSignalHandlers((signal) => {
    process.stderr.write(`\n${signal}: stopping every process of the run\n`);
    if (started !== undefined) keepOnInterrupt(started, runDir, registry, signal);
  });
  const pinning = await planPinning(options.pin);
  const results = await newRunResults(runId, options, pinning);
  started = results;
  const run: Run = { options, registry, runDir, pinning, results, writer: new ResultsWriter(join(runDir, 'results.json'), results) };
  await run.writer.flush();
  const scenarios = selectScenarios(options, registry);
  // Everything the harness starts inherits this; the generators are moved to their own core as they start.
  if (pinning.applied) await pinProcess(process.pid, pinning.systemCpus);
  process.stderr.write(`run ${runId}: ${scenarios.map((scenario) => scenario.id).join(', ')} (${options.tier}); ${pinning.note}\n`);
  let bar: BenchProgress | undefined;
  try {
    const book = await planRunCells(run, scenarios);
    await runScenarios(run, scenarios, book, (created) => {
      bar = created;
    });
    results.status = 'complete';
  } catch (error) {
    results.status = 'failed';
    results.messages.push({ level: 'error', scope: 'run', text: (error as Error).message });
  } finally {
    bar?.stop();
    results.finishedAt = new Date().toISOString();
    await run.writer.flush();
    await shutdownAll();
    await writeRunReport(results, runDir, registry);
    await writeRunsIndex(options.outDir, registry);
  }
  return { runDir, results };
}

/** Builds each language once and says which cells cannot run, and why. */
async function planRunCells(run: Run, scenarios: readonly AnyScenario[]): Promise<CellBook> {
  const { options, results } = run;
  const plan = await planCells(plannedLangs(options, scenarios), options.modes, options.build, (label) => process.stderr.write(`setup: ${label}\n`));
  for (const { cell, reason } of plan.skipped) {
    results.messages.push({ level: 'skipped', scope: `${cell.lang}/${cell.mode}`, text: reason });
    process.stderr.write(`skipped ${cell.lang}/${cell.mode}: ${reason}\n`);
  }
  if (!scenarios.some((scenario) => scenario.topology === 'any') && scenarios.some((scenario) => scenario.topology !== 'any')) {
    results.messages.push({ level: 'warning', scope: 'run', text: 'no conformance scenario is in this run: cells are measured without the check that makes their figures comparable' });
  }
  const nativeLangs = nativeLangsOf(options.tier, options.langs);
  if (options.modes.includes('native') && nativeLangs.length < options.langs.length) {
    results.messages.push({ level: 'info', scope: 'run', text: `the ${options.tier} tier measures the native floor (mode native) of one service for ${nativeLangs.join(', ')} only, and in the polyglot topology; --full, or --langs, measures it for others` });
  }
  return new CellBook(plan, options);
}

function calibrationSeconds(run: Run, scenarios: readonly AnyScenario[]): number {
  const { calibration } = TIERS[run.options.tier];
  return scenarios.some((scenario) => scenario.needsCalibration === true) ? 2 * (calibration.warmupSeconds + calibration.windowSeconds + 1.5) : 0;
}

/** `onProgress` gets the progress display as soon as it exists, so a failure stops it too. */
async function runScenarios(run: Run, scenarios: readonly AnyScenario[], book: CellBook, onProgress: (bar: BenchProgress) => void): Promise<void> {
  const { options, results } = run;
  const tier = TIERS[options.tier];
  const estimates = scenarios.map((scenario) => scenario.estimateSeconds(tier, scenario.tiers[options.tier].settings, book.cellsFor(scenario).cells, options));
  const totalSeconds = calibrationSeconds(run, scenarios) + estimates.reduce((sum, seconds) => sum + seconds, 0);
  const bar = new BenchProgress(totalSeconds);
  onProgress(bar);
  bar.note(`measuring for about ${formatSeconds(totalSeconds)}`);
  for (const [index, scenario] of scenarios.entries()) {
    if (scenario.needsCalibration === true && results.calibration === null) await calibrateGenerator(run, bar, calibrationSeconds(run, scenarios));
    bar.beginScenario(scenario.id, estimates[index] ?? 10);
    const context: ScenarioContext = {
      options, tier, settings: scenario.tiers[options.tier].settings, pinning: run.pinning, runDir: run.runDir,
      earlier: [...results.scenarios], ...book.cellsFor(scenario), step: (label) => bar.step(label),
    };
    const { result, failedCells } = await runScenario(scenario, context);
    book.remove(failedCells);
    await run.writer.update((all) => all.scenarios.push(result));
    await writeRunReport(results, run.runDir, run.registry);
    bar.endScenario();
    for (const message of result.messages.filter((m) => m.level === 'error' || m.level === 'warning')) bar.note(`${scenario.id}: ${message.text}`);
  }
}

/** The generator against targets of known latency, once, before the first scenario whose figures it vouches for. */
async function calibrateGenerator(run: Run, bar: BenchProgress, seconds: number): Promise<void> {
  const { calibration } = TIERS[run.options.tier];
  const { pinning } = run;
  bar.beginScenario('calibration: no-op and 2 ms targets', seconds);
  run.results.calibration = await calibrate({
    ratePerSecond: calibration.ratePerSecond, durationSeconds: calibration.windowSeconds, warmupSeconds: calibration.warmupSeconds,
    smoke: run.options.tier === 'smoke',
    ...(pinning.generatorCpus !== undefined ? { generatorCpus: pinning.generatorCpus } : {}),
    ...(pinning.systemCpus !== undefined ? { systemCpus: pinning.systemCpus } : {}),
  });
  await run.writer.flush();
  bar.endScenario();
}

/** The scenarios of --scenario whose topology is in --topology, in the registry's order. */
export function selectScenarios(options: Pick<BenchOptions, 'scenarios' | 'topologies'>, registry: readonly AnyScenario[]): AnyScenario[] {
  return registry.filter((scenario) => options.scenarios.includes(scenario.id) && (scenario.topology === 'any' || options.topologies.includes(scenario.topology)));
}

/** --langs, plus the languages the scenarios start beyond them (a polyglot topology's). */
export function plannedLangs(options: Pick<BenchOptions, 'langs'>, scenarios: readonly AnyScenario[]): Lang[] {
  return [...new Set([...options.langs, ...scenarios.flatMap((scenario) => scenario.extraLangs ?? [])])];
}
