// Reads another process's figures from /proc/<pid>: CPU seconds, RSS, open fds, start time.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { countOpenFds, type AppProcessSample } from '../../../library/ts/src/metrics/process.js';

export interface ProcConstants {
  clockTicksPerSecond: number;
  pageSizeBytes: number;
  /** btime of /proc/stat: the Unix time the system booted; starttime counts from it. */
  bootTimeSeconds: number;
}

const DEFAULT_CLOCK_TICKS = 100;
const DEFAULT_PAGE_SIZE_BYTES = 4096;
// Fields of /proc/<pid>/stat counted from the one after the command's closing parenthesis (field 3).
const UTIME_INDEX = 14 - 3;
const STIME_INDEX = 15 - 3;
const STARTTIME_INDEX = 22 - 3;

/** Read once at start: getconf for CLK_TCK and PAGESIZE (falling back to the usual values), btime from /proc/stat. */
export async function readProcConstants(): Promise<ProcConstants> {
  const [clockTicksPerSecond, pageSizeBytes, bootTimeSeconds] = await Promise.all([
    getconf('CLK_TCK', DEFAULT_CLOCK_TICKS),
    getconf('PAGESIZE', DEFAULT_PAGE_SIZE_BYTES),
    readBootTime(),
  ]);
  return { clockTicksPerSecond, pageSizeBytes, bootTimeSeconds };
}

async function getconf(name: string, fallback: number): Promise<number> {
  try {
    const { stdout } = await promisify(execFile)('getconf', [name], { timeout: 2000 });
    const value = Number(stdout.trim());
    return Number.isInteger(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

async function readBootTime(): Promise<number> {
  const text = await readFile('/proc/stat', 'utf8').catch(() => '');
  const match = /^btime (\d+)$/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/** Undefined when the process is gone (or /proc cannot be read). */
export async function sampleProcess(pid: number, constants: ProcConstants): Promise<AppProcessSample | undefined> {
  let stat: string;
  let statm: string;
  try {
    [stat, statm] = await Promise.all([readFile(`/proc/${pid}/stat`, 'latin1'), readFile(`/proc/${pid}/statm`, 'latin1')]);
  } catch {
    return undefined;
  }
  const fields = statFields(stat);
  if (fields === undefined) return undefined;
  const ticks = constants.clockTicksPerSecond;
  const residentPages = Number(statm.split(' ')[1]);
  return {
    cpuSecondsTotal: (Number(fields[UTIME_INDEX]) + Number(fields[STIME_INDEX])) / ticks,
    residentMemoryBytes: residentPages * constants.pageSizeBytes,
    openFds: await countOpenFds(`/proc/${pid}/fd`),
    startTimeSeconds: constants.bootTimeSeconds + Number(fields[STARTTIME_INDEX]) / ticks,
  };
}

/** The start time of a process in clock ticks since boot: with the pid it identifies one process for good. */
export async function processStartTicks(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => undefined);
  const fields = stat === undefined ? undefined : statFields(stat);
  return fields === undefined ? undefined : Number(fields[STARTTIME_INDEX]);
}

/** The command (field 2) may hold spaces and parentheses: split after its last ')'. */
export function statFields(stat: string): string[] | undefined {
  const end = stat.lastIndexOf(')');
  if (end === -1) return undefined;
  const fields = stat
    .slice(end + 2)
    .trim()
    .split(' ');
  return fields.length > STARTTIME_INDEX ? fields : undefined;
}
