// One bench run: environment, cells, each scenario in turn (conformance first, calibration before the first load),
// results.json and the report after each.
import { join } from 'node:path';
import { RunEvents } from '../engine/events.js';
import { modesLeftOut, type AnyScenario, type ScenarioContext } from '../engine/scenario.js';
import { openLoopFigures } from '../engine/step-figures.js';
import { LIVE_WINDOW_SECONDS } from '../engine/load-windows.js';
import { pinProcess, planPinning, type PinningPlan } from '../env/pinning.js';
import { calibrate } from '../load/calibration.js';
import { writeRunReport, writeRunsIndex } from '../report/write.js';
import type { BenchOptions, Lang, RunResults } from '../results/types.js';
import { ResultsWriter } from '../results/writer.js';
import { CellBook } from './cell-book.js';
import { planCells } from './cells.js';
import { installSignalHandlers, shutdownAll } from './cleanup.js';
import { startLiveServer, type LiveServer } from '../live/server.js';
import { BenchProgress } from './progress.js';
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
  /** What happens, as it happens: the progress display and the live view listen. */
  events: RunEvents;
}

export async function runBench(options: BenchOptions, registry: readonly AnyScenario[]): Promise<RunOutcome> {
  const runId = newRunId(options.tier);
  const runDir = join(options.outDir, runId);
  let started: RunResults | undefined;
  // Installed first: a Ctrl-C at any moment stops every child; once results exist, they are kept.
  const events = new RunEvents();
  installSignalHandlers((signal) => {
    process.stderr.write(`\n${signal}: stopping every process of the run\n`);
    if (started !== undefined) keepOnInterrupt(started, runDir, registry, signal);
    // Synchronous like the rest of this handler: the live page hears it, then its streams end with the process.
    events.emit({ type: 'run-finished', status: 'interrupted' });
  });
  const progress = new BenchProgress(events);
  // Before anything slow, so the room can open the page while languages build.
  const live: LiveServer | undefined =
    options.live === undefined ? undefined : await startLiveServer({ port: options.live.port, runId, events });
  if (live !== undefined) process.stderr.write(`live view: ${live.url}\n`);
  try {
    const pinning = await planPinning(options.pin);
    const results = await newRunResults(runId, options, pinning);
    started = results;
    const run: Run = {
      options,
      registry,
      runDir,
      pinning,
      results,
      writer: new ResultsWriter(join(runDir, 'results.json'), results),
      events,
    };
    await run.writer.flush();
    const scenarios = selectScenarios(options, registry);
    // Everything the harness starts inherits this; the generators are moved to their own core as they start.
    if (pinning.applied) await pinProcess(process.pid, pinning.systemCpus);
    events.emit({
      type: 'note',
      text: `run ${runId}: ${scenarios.map((scenario) => scenario.id).join(', ')} (${options.tier}); ${pinning.note}`,
    });
    try {
      const book = await planRunCells(run, scenarios);
      await runScenarios(run, scenarios, book);
      results.status = 'complete';
    } catch (error) {
      results.status = 'failed';
      results.messages.push({ level: 'error', scope: 'run', text: (error as Error).message });
    } finally {
      results.finishedAt = new Date().toISOString();
      events.emit({ type: 'run-finished', status: results.status });
      await run.writer.flush();
      await shutdownAll();
      await writeRunReport(results, runDir, registry);
      await writeRunsIndex(options.outDir, registry);
    }
    return { runDir, results };
  } finally {
    progress.stop();
    // The page has had run-finished; its streams end and the port is free before the command returns.
    await live?.close();
  }
}

/** Builds each language once and says which cells cannot run, and why. */
async function planRunCells(run: Run, scenarios: readonly AnyScenario[]): Promise<CellBook> {
  const { options, results } = run;
  const plan = await planCells(plannedLangs(options, scenarios), options.modes, options.build, (label) =>
    run.events.emit({ type: 'note', text: `setup: ${label}` }),
  );
  for (const { cell, reason } of plan.skipped) {
    results.messages.push({ level: 'skipped', scope: `${cell.lang}/${cell.mode}`, text: reason });
    run.events.emit({ type: 'note', text: `skipped ${cell.lang}/${cell.mode}: ${reason}` });
  }
  if (!scenarios.some((scenario) => scenario.topology === 'any') && scenarios.some((scenario) => scenario.topology !== 'any')) {
    results.messages.push({
      level: 'warning',
      scope: 'run',
      text: 'no conformance scenario is in this run: cells are measured without the check that makes their figures comparable',
    });
  }
  const nativeLangs = nativeLangsOf(options.tier, options.langs);
  if (options.modes.includes('native') && nativeLangs.length < options.langs.length) {
    results.messages.push({
      level: 'info',
      scope: 'run',
      text: `the ${options.tier} tier measures the native floor (mode native) of one service for ${nativeLangs.join(', ')} only, and in the polyglot topology; --full, or --langs, measures it for others`,
    });
  }
  return new CellBook(plan, options);
}

function calibrationSeconds(run: Run, scenarios: readonly AnyScenario[]): number {
  const { calibration } = TIERS[run.options.tier];
  return scenarios.some((scenario) => scenario.needsCalibration === true)
    ? 2 * (calibration.warmupSeconds + calibration.windowSeconds + 1.5)
    : 0;
}

async function runScenarios(run: Run, scenarios: readonly AnyScenario[], book: CellBook): Promise<void> {
  const { options, results, events } = run;
  const tier = TIERS[options.tier];
  const estimates = scenarios.map((scenario) =>
    scenario.estimateSeconds(tier, scenario.tiers[options.tier].settings, book.cellsFor(scenario).cells, options),
  );
  const totalSeconds = calibrationSeconds(run, scenarios) + estimates.reduce((sum, seconds) => sum + seconds, 0);
  events.emit({
    type: 'run-started',
    runId: results.runId,
    tier: options.tier,
    scenarios: scenarios.map((scenario) => scenario.id),
    estimateSeconds: totalSeconds,
  });
  for (const [index, scenario] of scenarios.entries()) {
    if (scenario.needsCalibration === true && results.calibration === null)
      await calibrateGenerator(run, calibrationSeconds(run, scenarios));
    events.emit({ type: 'scenario-started', scenario: scenario.id, title: scenario.id, estimateSeconds: estimates[index] ?? 10 });
    const context: ScenarioContext = {
      options,
      tier,
      settings: scenario.tiers[options.tier].settings,
      pinning: run.pinning,
      runDir: run.runDir,
      earlier: [...results.scenarios],
      ...book.cellsFor(scenario),
      step: (label) => events.emit({ type: 'step-started', scenario: scenario.id, label }),
      emit: events.forScenario(scenario.id),
    };
    const { result, failedCells } = await runScenario(scenario, context);
    // The report's plan says which modes the tier left out of this scenario, and why, from the result itself.
    const leftOut = modesLeftOut(scenario, options);
    if (leftOut !== undefined) result.modesLeftOut = { modes: [...leftOut.modes], why: leftOut.why };
    book.remove(failedCells);
    await run.writer.update((all) => all.scenarios.push(result));
    await writeRunReport(results, run.runDir, run.registry);
    events.emit({ type: 'scenario-finished', scenario: scenario.id, status: result.status, durationSeconds: result.durationSeconds });
    for (const message of result.messages.filter((m) => m.level === 'error' || m.level === 'warning'))
      events.emit({ type: 'note', text: `${scenario.id}: ${message.text}` });
  }
}

/** The generator against targets of known latency, once, before the first scenario whose figures it vouches for. */
async function calibrateGenerator(run: Run, seconds: number): Promise<void> {
  const { calibration } = TIERS[run.options.tier];
  const { pinning, events } = run;
  const startedAt = Date.now();
  events.emit({
    type: 'scenario-started',
    scenario: 'calibration',
    title: 'calibration: no-op and 2 ms targets',
    estimateSeconds: seconds,
  });
  run.results.calibration = await calibrate({
    ratePerSecond: calibration.ratePerSecond,
    durationSeconds: calibration.windowSeconds,
    warmupSeconds: calibration.warmupSeconds,
    smoke: run.options.tier === 'smoke',
    ...(pinning.generatorCpus !== undefined ? { generatorCpus: pinning.generatorCpus } : {}),
    ...(pinning.systemCpus !== undefined ? { systemCpus: pinning.systemCpus } : {}),
    // With --live, calibration reads its targets with the generator's windows on, as every later step does.
    ...(run.options.live !== undefined
      ? {
          liveWindows: {
            everySeconds: LIVE_WINDOW_SECONDS,
            onWindow: (target, window) =>
              events.emit({ type: 'load-window', scenario: 'calibration', label: `calibration: ${target} target`, window }),
          },
        }
      : {}),
  });
  for (const reading of run.results.calibration)
    events.emit({
      type: 'step-finished',
      scenario: 'calibration',
      label: `calibration: ${reading.target} target`,
      figures: openLoopFigures(reading.load, reading.validity),
    });
  await run.writer.flush();
  events.emit({ type: 'scenario-finished', scenario: 'calibration', status: 'ok', durationSeconds: (Date.now() - startedAt) / 1000 });
}

/** The scenarios of --scenario whose topology is in --topology, in the registry's order. */
export function selectScenarios(options: Pick<BenchOptions, 'scenarios' | 'topologies'>, registry: readonly AnyScenario[]): AnyScenario[] {
  return registry.filter(
    (scenario) =>
      options.scenarios.includes(scenario.id) && (scenario.topology === 'any' || options.topologies.includes(scenario.topology)),
  );
}

/** --langs, plus the languages the scenarios start beyond them (a polyglot topology's). */
export function plannedLangs(options: Pick<BenchOptions, 'langs' | 'langsGiven'>, scenarios: readonly AnyScenario[]): Lang[] {
  const extra = (scenario: AnyScenario) =>
    typeof scenario.extraLangs === 'function' ? scenario.extraLangs(options) : (scenario.extraLangs ?? []);
  return [...new Set([...options.langs, ...scenarios.flatMap(extra)])];
}
