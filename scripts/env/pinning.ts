// Which cores the load generator and the system under test get, and how processes are pinned to them.
import { availableParallelism, cpus } from 'node:os';
import { execa } from 'execa';

export interface PinningPlan {
  /** True when the generator and the system under test run on different cores. */
  applied: boolean;
  /** taskset cpu list for load generators, e.g. "1"; undefined when not pinned. */
  generatorCpus?: string;
  /** taskset cpu list for everything under test (apps, sidecars, control plane, calibration targets). */
  systemCpus?: string;
  /** In plain words, for the report. */
  note: string;
}

let tasksetAvailable: boolean | undefined;

export async function hasTaskset(): Promise<boolean> {
  if (tasksetAvailable === undefined) {
    const probe = await execa('taskset', ['-p', String(process.pid)], { reject: false });
    tasksetAvailable = probe.exitCode === 0;
  }
  return tasksetAvailable;
}

/** The last core goes to the generator (it spins a whole core), the rest to the system under test. */
export async function planPinning(requested: boolean, cores = availableParallelism()): Promise<PinningPlan> {
  if (!requested) return { applied: false, note: 'pinning turned off by option; generator and system share all cores' };
  if (cores < 2) return { applied: false, note: `only ${cores} core: generator and system share it` };
  if (!(await hasTaskset())) return { applied: false, note: 'taskset is not available: generator and system share all cores' };
  const generatorCpus = String(cores - 1);
  const systemCpus = cores === 2 ? '0' : `0-${cores - 2}`;
  return {
    applied: true,
    generatorCpus,
    systemCpus,
    note: `load generator pinned to core ${generatorCpus}, system under test to core(s) ${systemCpus} (taskset)`,
  };
}

/** Prefixes a command with taskset when a cpu list is given; taskset execs, so the pid stays the command's. */
export function pinnedCommand(command: string, args: readonly string[], cpus: string | undefined): [string, string[]] {
  return cpus === undefined ? [command, [...args]] : ['taskset', ['-c', cpus, command, ...args]];
}

/** Moves a running process and all its threads onto `cpus`; children it starts later inherit it. */
export async function pinProcess(pid: number, cpus: string | undefined): Promise<boolean> {
  if (cpus === undefined) return false;
  const result = await execa('taskset', ['-a', '-p', '-c', cpus, String(pid)], { reject: false });
  return result.exitCode === 0;
}

/**
 * Runs `work` with the harness (and what it starts meanwhile) on every core, then back on the system cores: for steps
 * that measure no speed (conformance, builds), where one core would only make them slower. Says whether it widened.
 */
export async function onEveryCore<T>(pinning: PinningPlan, work: (widened: boolean) => Promise<T>): Promise<T> {
  // cpus(), not availableParallelism(): the latter counts only the cores this (pinned) process may use.
  const widened = pinning.applied && (await pinProcess(process.pid, `0-${cpus().length - 1}`));
  try {
    return await work(widened);
  } finally {
    if (widened) await pinProcess(process.pid, pinning.systemCpus);
  }
}
