// A real process with a heavy start, profiled over a window after it: module loading (wrapSafe, compileForInternalLoader)
// no longer shows, the profile spans the window, and the same process profiled over its whole life shows it does.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledScript, REPO_ROOT } from '../../../scripts/paths.js';
import { selfTimes, type CpuProfile } from '../../../scripts/sampling/cpuprofile.js';
import { profilePath, windowProfiler } from '../window.js';

const FIXTURE = new URL('./fixtures/busy-after-start.cjs', import.meta.url).pathname;
const PRELOAD = compiledScript('scenarios/profile/cpu-profile-preload').replace(/\.js$/, '.cjs');
const WINDOW_MILLIS = 1000;
/** How late a signal may be handled on a busy 2-core machine (tests run in parallel): well under the process's start. */
const SIGNAL_SLACK_MILLIS = 250;
const MODULE_LOADING = ['wrapSafe', 'compileForInternalLoader'];

const started: ChildProcess[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function startFixture(args: string[], env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...args, FIXTURE], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  await new Promise((resolve) => child.stdout?.once('data', resolve));
  return child;
}

/** The share of the profile's charged time spent in module loading's functions, in percent. */
function moduleLoadingPercent(profile: CpuProfile): number {
  const { totalMicros, functions } = selfTimes(profile);
  const loading = functions
    .filter((fn) => MODULE_LOADING.some((name) => fn.function.startsWith(`${name} `)))
    .reduce((sum, fn) => sum + fn.micros, 0);
  return (100 * loading) / totalMicros;
}

describe('profiling the measured window only', () => {
  it('leaves the start out: module loading is not in the window, and the profile spans the window', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'scl-profile-window-'));
    folders.push(directory);
    const child = await startFixture([], { NODE_OPTIONS: `--require ${PRELOAD}`, SCL_CPU_PROFILE_DIR: directory });
    const profiler = windowProfiler([child.pid!], directory);
    profiler.start();
    await sleep(WINDOW_MILLIS);
    profiler.stop();
    expect(await profiler.written()).toEqual([child.pid]);
    const profile = JSON.parse(await readFile(profilePath(directory, child.pid!), 'utf8')) as CpuProfile;
    const profiledMillis = (profile.endTime - profile.startTime) / 1000;
    // The signals are handled between two 5 ms slices of the process's work, later only when the machine is busy.
    expect(Math.abs(profiledMillis - profiler.windowMillis()!)).toBeLessThan(SIGNAL_SLACK_MILLIS);
    expect(moduleLoadingPercent(profile)).toBeLessThan(0.5);
    const top = selfTimes(profile)
      .functions.filter((fn) => fn.function !== '(idle)')
      .slice(0, 5);
    expect(top.map((fn) => fn.function).join('\n')).toMatch(/spinForProfileTest|now/);
  }, 30_000);

  it('the control: the same process profiled over its whole life (node --cpu-prof) shows module loading', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'scl-profile-whole-'));
    folders.push(directory);
    const child = await startFixture(['--cpu-prof', '--cpu-prof-dir', directory], {});
    await sleep(WINDOW_MILLIS);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    const [name] = await readdir(directory);
    const profile = JSON.parse(await readFile(join(directory, name!), 'utf8')) as CpuProfile;
    expect(moduleLoadingPercent(profile)).toBeGreaterThan(2);
  }, 30_000);
});
