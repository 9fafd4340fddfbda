// Runs one of the harness's own node programs as a child, pinned when asked, and reads its one-line JSON answer.
import { execa } from 'execa';
import { pinnedCommand } from '../env/pinning.js';
import { trackChild } from '../bench/cleanup.js';

/**
 * V8 helper threads would otherwise steal the generator's pinned core. The young generation stays at V8's default: on
 * a quiet 2-core machine (1000 req/s, 0.7 s windows, three runs each) a 32 MB semi-space paced p99 at 2.6-3.3 ms and a
 * 64 MB one at 4.8-5.2 ms, against 2.1-2.3 ms with the default: fewer scavenges, each longer, land in the window.
 */
export const GENERATOR_NODE_FLAGS = ['--single-threaded'];

export async function runJsonChild<T>(
  script: string,
  args: readonly string[],
  options: { cpus?: string; nodeFlags?: readonly string[]; timeoutSeconds: number; onStart?: (pid: number) => void },
): Promise<T> {
  const [command, commandArgs] = pinnedCommand(process.execPath, [...(options.nodeFlags ?? []), script, ...args], options.cpus);
  const child = execa(command, commandArgs, { timeout: options.timeoutSeconds * 1000, reject: false, stdin: 'ignore' });
  const untrack = trackChild(child);
  if (child.pid !== undefined) options.onStart?.(child.pid);
  const result = await child;
  untrack();
  if (result.exitCode !== 0 || result.failed) {
    throw new Error(`${script} failed (${result.shortMessage ?? `exit ${result.exitCode}`}): ${String(result.stderr).slice(-2000)}`);
  }
  const lastLine = String(result.stdout).trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine) as T;
}
