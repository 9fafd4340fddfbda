// profile: V8 CPU profiles of the sidecar and its TypeScript app, and of the ts app in library mode, each taken over the
// measured load window only.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { needsControlPlane, startCellInstance, startRunControlPlane } from '../../scripts/topology.js';
import type { RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { runOpenLoop } from '../../scripts/load/open-loop.js';
import { checkOpenLoopStep, type Validity } from '../../scripts/load/validity.js';
import type { Lang, Message, Mode } from '../../scripts/results/types.js';
import type { Cell, ScenarioContext, ScenarioRunner } from '../../scripts/engine/scenario.js';
import { prepareWorkload, WORKLOAD_SERVICE } from '../common/workload.js';
import { compiledScript } from '../../scripts/paths.js';
import { flameTree, topSelfTime, type CpuProfile, type FlameTree, type FunctionCost } from './cpuprofile.js';
import { profilePath, windowProfiler } from './window.js';

export interface ProfileFile {
  role: 'app' | 'sidecar';
  /** Relative to the run folder, so the report links it. */
  path: string;
  /** Every interval charged to a sample, (idle) included. */
  totalMillis: number;
  /** The profile's own span, from Profiler.start to Profiler.stop: the window it covers. */
  profiledMillis: number;
  topFunctions: FunctionCost[];
  flame: FlameTree;
}

/** One cell's processes, profiled over the same kind of window. */
export interface ProfiledCell {
  lang: Lang;
  mode: Mode;
  /** From the signal that started the profilers to the one that stopped them, as the harness timed it; 0 when none was sent. */
  windowMillis: number;
  validity: Validity;
  files: ProfileFile[];
}

export interface ProfileData {
  ratePerSecond: number;
  /** The profiled window under load. */
  seconds: number;
  /** The unprofiled load before the window: the process's start and the JIT's warm-up stay out of the profile. */
  warmupSeconds: number;
  tool: string;
  /** The sidecar cell first, then the ts app in library mode, when the run has them. */
  cells: ProfiledCell[];
}

/** The sidecar is the point; without it, the library-mode app shows where the in-process features spend. */
export function profileCell(cells: readonly Cell[]): Cell | undefined {
  return (
    cells.find((cell) => cell.mode === 'sidecar' && cell.lang === 'ts') ??
    cells.find((cell) => cell.mode === 'sidecar') ??
    cells.find((cell) => cell.mode === 'library' && cell.lang === 'ts')
  );
}

/** profileCell's choice, then the ts library app beside it: the same features in process, for the same load. */
export function profileCells(cells: readonly Cell[]): Cell[] {
  const first = profileCell(cells);
  const library = cells.find((cell) => cell.mode === 'library' && cell.lang === 'ts');
  return first === undefined ? [] : library === undefined || library === first ? [first] : [first, library];
}

/** Only node processes run the preload, and its signal would end any other: the sidecar, and the app in ts. */
export function profiledRoles(cell: Cell): ProfileFile['role'][] {
  return [...(cell.mode === 'sidecar' ? (['sidecar'] as const) : []), ...(cell.lang === 'ts' ? (['app'] as const) : [])];
}

/** How often the generator says where its schedule is: the precision of the profiled window's edges. */
const WINDOW_STEP_SECONDS = 0.1;

export interface ProfileSettings {
  /** The profiled window under load. */
  seconds: number;
}

export const profileRunner: ScenarioRunner<ProfileData, ProfileSettings> = {
  estimateSeconds: (tier, settings, cells) => profileCells(cells).length * (4 + tier.warmupSeconds + settings.seconds),

  async run(context) {
    const messages: Message[] = [];
    const cells = profileCells(context.cells);
    if (cells.length === 0)
      return {
        status: 'skipped',
        data: null,
        messages: [{ level: 'skipped', scope: 'profile', text: 'no sidecar cell and no ts library cell to profile' }],
      };
    if (cells[0]!.mode !== 'sidecar')
      messages.push({ level: 'info', scope: 'profile', text: 'no sidecar cell in this run: the library-mode app is profiled alone' });
    const controlPlane = needsControlPlane(cells) ? await startRunControlPlane(context.runDir) : undefined;
    const profiled: ProfiledCell[] = [];
    try {
      for (const cell of cells) profiled.push(await profileOneCell(context, cell, controlPlane, messages));
    } finally {
      await controlPlane?.stop();
    }
    const data: ProfileData = {
      ratePerSecond: context.tier.fixedRatesPerSecond[0]!,
      seconds: context.settings.seconds,
      warmupSeconds: context.tier.warmupSeconds,
      tool: TOOL,
      cells: profiled,
    };
    const files = profiled.flatMap((cell) => cell.files).length;
    const expected = profiled.reduce((sum, cell) => sum + profiledRoles(cell).length, 0);
    if (files === 0)
      messages.push({
        level: 'warning',
        scope: 'profile',
        text: 'no .cpuprofile was written: the processes did not run the preload, or its launcher does not pass NODE_OPTIONS to node',
      });
    return { status: files === expected ? 'ok' : 'partial', data, messages };
  },
};

const TOOL =
  "V8's sampling CPU profiler through node:inspector, preloaded with NODE_OPTIONS=--require and started and stopped by SIGUSR2 around the measured window (the profile --cpu-prof writes, without the process's start; NODE_OPTIONS refuses --cpu-prof itself); clinic is not installed and is unmaintained";

/** Starts the cell, warms it up and profiles its node processes over the measured window; stops it. */
async function profileOneCell(
  context: ScenarioContext<ProfileSettings>,
  cell: Cell,
  controlPlane: RunningControlPlane | undefined,
  messages: Message[],
): Promise<ProfiledCell> {
  const profileDir = join(context.runDir, 'profile');
  await mkdir(profileDir, { recursive: true });
  const rawDir = join(context.runDir, 'instances', 'profile-raw');
  await mkdir(rawDir, { recursive: true });
  const rate = context.tier.fixedRatesPerSecond[0]!;
  let validity: Validity;
  let windowMillis: number;
  const profiled: { role: ProfileFile['role']; pid: number }[] = [];
  context.step(`profile: ${cell.lang}/${cell.mode} under the V8 CPU profiler`);
  const started = await startCellInstance({
    cell,
    service: WORKLOAD_SERVICE,
    instanceId: `profile-${cell.lang}-${cell.mode}`,
    runDir: context.runDir,
    controlPlane,
    extraEnv: {
      NODE_OPTIONS: `--require ${compiledScript('scenarios/profile/cpu-profile-preload').replace(/\.js$/, '.cjs')}`,
      SCL_CPU_PROFILE_DIR: rawDir,
    },
  });
  for (const role of profiledRoles(cell)) {
    const child = role === 'sidecar' ? started.instance.sidecarProcess : started.instance.appProcess;
    if (child !== undefined) profiled.push({ role, pid: child.pid });
  }
  try {
    const path = await prepareWorkload(started);
    const warmup = context.tier.warmupSeconds;
    const profiler = windowProfiler(
      profiled.map((one) => one.pid),
      rawDir,
    );
    try {
      // The generator's live windows say where its schedule is, so the profilers start when the warm-up ends and
      // stop when the measured window does, within one live window; the generator's own start and its wait for
      // the last answers stay out.
      const load = await runOpenLoop(
        {
          origin: started.instance.publicUrl,
          method: 'GET',
          path,
          ratePerSecond: rate,
          durationSeconds: context.settings.seconds,
          warmupSeconds: warmup,
          connections: 16,
          timeoutSeconds: 2,
          liveWindowSeconds: WINDOW_STEP_SECONDS,
        },
        context.pinning.generatorCpus,
        undefined,
        (window) => {
          const reached = window.fromSeconds + window.seconds;
          if (reached >= warmup) profiler.start();
          if (reached >= warmup + context.settings.seconds) profiler.stop();
        },
      );
      validity = checkOpenLoopStep(load, context.options.tier === 'smoke');
    } finally {
      // A load that ended early still stops the profilers, so what was profiled is written.
      profiler.stop();
    }
    const timed = profiler.windowMillis();
    windowMillis = timed ?? 0;
    if (timed !== null) await profiler.written();
    else
      messages.push({
        level: 'warning',
        scope: 'profile',
        text: 'the generator reported no window past its warm-up: nothing was profiled',
      });
  } finally {
    await started.instance.stop('SIGTERM');
  }
  const files: ProfileFile[] = [];
  for (const { role, pid } of profiled) {
    const target = join(profileDir, `${cell.mode}-${role}.cpuprofile`);
    try {
      await copyFile(profilePath(rawDir, pid), target);
    } catch {
      messages.push({
        level: 'warning',
        scope: 'profile',
        text: `the ${role} of ${cell.lang}/${cell.mode} (pid ${pid}) wrote no profile within 10 s of the window's end`,
      });
      continue;
    }
    const profile = JSON.parse(await readFile(target, 'utf8')) as CpuProfile;
    const { totalMillis, functions } = topSelfTime(profile, 15);
    files.push({
      role,
      path: relative(context.runDir, target),
      totalMillis,
      profiledMillis: (profile.endTime - profile.startTime) / 1000,
      topFunctions: functions,
      flame: flameTree(profile),
    });
  }
  return { lang: cell.lang, mode: cell.mode, windowMillis, validity, files };
}
