// Runs one of the harness's own node programs as a child, pinned when asked, and reads its one-line JSON answer.
import { execa } from 'execa';
import { pinnedCommand } from '../env/pinning.js';
import { trackChild } from '../bench/cleanup.js';

/** V8 helper threads and young-generation GC would otherwise steal the generator's pinned core. */
export const GENERATOR_NODE_FLAGS = ['--single-threaded', '--min-semi-space-size=32', '--max-semi-space-size=32'];

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
