// profile: V8 CPU profiles of the sidecar and its TypeScript app (or the library-mode app when there is no sidecar),
// taken over the measured load window only.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { needsControlPlane, startCellInstance, startRunControlPlane } from '../../scripts/topology.js';
import { runOpenLoop } from '../../scripts/load/open-loop.js';
import { checkOpenLoopStep, type Validity } from '../../scripts/load/validity.js';
import type { Lang, Message, Mode } from '../../scripts/results/types.js';
import type { Cell, ScenarioRunner } from '../../scripts/engine/scenario.js';
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

export interface ProfileData {
  lang: Lang;
  mode: Mode;
  ratePerSecond: number;
  seconds: number;
  /** The unprofiled load before the window: the process's start and the JIT's warm-up stay out of the profile. */
  warmupSeconds: number;
  /** From the signal that started the profilers to the one that stopped them, as the harness timed it; 0 when none was sent. */
  windowMillis: number;
  validity: Validity;
  tool: string;
  files: ProfileFile[];
}

/** The sidecar is the point; without it, the library-mode app shows where the in-process features spend. */
export function profileCell(cells: readonly Cell[]): Cell | undefined {
  return (
    cells.find((cell) => cell.mode === 'sidecar' && cell.lang === 'ts') ??
    cells.find((cell) => cell.mode === 'sidecar') ??
    cells.find((cell) => cell.mode === 'library' && cell.lang === 'ts')
  );
}

/** How often the generator says where its schedule is: the precision of the profiled window's edges. */
const WINDOW_STEP_SECONDS = 0.1;

export interface ProfileSettings {
  /** The profiled window under load. */
  seconds: number;
}

export const profileRunner: ScenarioRunner<ProfileData, ProfileSettings> = {
  estimateSeconds: (tier, settings, cells) => (profileCell(cells) === undefined ? 0 : 4 + tier.warmupSeconds + settings.seconds),

  async run(context) {
    const messages: Message[] = [];
    const cell = profileCell(context.cells);
    if (cell === undefined)
      return {
        status: 'skipped',
        data: null,
        messages: [{ level: 'skipped', scope: 'profile', text: 'no sidecar cell and no ts library cell to profile' }],
      };
    if (cell.mode !== 'sidecar')
      messages.push({ level: 'info', scope: 'profile', text: 'no sidecar cell in this run: the library-mode app is profiled instead' });
    const profileDir = join(context.runDir, 'profile');
    await mkdir(profileDir, { recursive: true });
    const rawDir = join(context.runDir, 'instances', 'profile-raw');
    await mkdir(rawDir, { recursive: true });
    const rate = context.tier.fixedRatesPerSecond[0]!;
    const controlPlane = needsControlPlane([cell]) ? await startRunControlPlane(context.runDir) : undefined;
    let validity: Validity;
    let windowMillis: number;
    const profiled: { role: ProfileFile['role']; pid: number }[] = [];
    try {
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
      // Only node processes run the preload, and the signal would end any other: the sidecar, and the app in ts.
      if (started.instance.sidecarProcess) profiled.push({ role: 'sidecar', pid: started.instance.sidecarProcess.pid });
      if (cell.lang === 'ts') profiled.push({ role: 'app', pid: started.instance.appProcess.pid });
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
    } finally {
      await controlPlane?.stop();
    }
    const files: ProfileFile[] = [];
    for (const { role, pid } of profiled) {
      const target = join(profileDir, `${role}.cpuprofile`);
      try {
        await copyFile(profilePath(rawDir, pid), target);
      } catch {
        messages.push({
          level: 'warning',
          scope: 'profile',
          text: `the ${role} (pid ${pid}) wrote no profile within 10 s of the window's end`,
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
    if (files.length === 0)
      messages.push({
        level: 'warning',
        scope: 'profile',
        text: 'no .cpuprofile was written: the processes did not run the preload, or its launcher does not pass NODE_OPTIONS to node',
      });
    const data: ProfileData = {
      lang: cell.lang,
      mode: cell.mode,
      ratePerSecond: rate,
      seconds: context.settings.seconds,
      warmupSeconds: context.tier.warmupSeconds,
      windowMillis,
      validity,
      tool: "V8's sampling CPU profiler through node:inspector, preloaded with NODE_OPTIONS=--require and started and stopped by SIGUSR2 around the measured window (the profile --cpu-prof writes, without the process's start; NODE_OPTIONS refuses --cpu-prof itself); clinic is not installed and is unmaintained",
      files,
    };
    return { status: files.length > 0 ? 'ok' : 'partial', data, messages };
  },
};
