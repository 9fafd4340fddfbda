// Starts one of the harness's own servers as a pinned child, waits for its {"port"} line, stops it by its pid.
import { execa } from 'execa';
import { pinnedCommand } from '../env/pinning.js';
import { onShutdown, trackChild } from '../bench/cleanup.js';

export interface ServerChild {
  pid: number;
  port: number;
  /** The whole JSON line the server printed when ready (it may name more than one listener). */
  ready: Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startServerChild(
  script: string,
  args: readonly string[],
  options: { cpus?: string; readySeconds?: number } = {},
): Promise<ServerChild> {
  const [command, commandArgs] = pinnedCommand(process.execPath, [script, ...args], options.cpus);
  const child = execa(command, commandArgs, { reject: false, stdin: 'ignore', buffer: false, stderr: 'pipe' });
  trackChild(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await child.catch(() => undefined);
    clearTimeout(timer);
  };
  const unregister = onShutdown(stop);
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not print its port within ${options.readySeconds ?? 15} s: ${stderr}`)),
      (options.readySeconds ?? 15) * 1000,
    );
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n')[0];
      if (line === undefined || !buffered.includes('\n')) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        reject(new Error(`${script} printed "${line}" instead of {"port":N}`));
      }
    });
    void child.then(() => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready: ${stderr}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    unregister();
    throw error;
  });
  return {
    pid: child.pid ?? -1,
    port: Number(ready.port),
    ready,
    stop: async () => {
      unregister();
      await stop();
    },
  };
}
