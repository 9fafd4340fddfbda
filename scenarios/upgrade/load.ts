// Starts the rollout load as a child process and stops it on demand, returning its raw outcome.
import { execa } from 'execa';
import { trackChild } from '../../scripts/bench/cleanup.js';
import { compiledScript } from '../../scripts/paths.js';
import type { RolloutLoadOptions, RolloutLoadResult } from './load-types.js';

export interface RunningLoad {
  pid: number;
  /** Resolves once the first request is scheduled (the registry answered). */
  started: Promise<void>;
  stop(): Promise<RolloutLoadResult>;
}

export function startRolloutLoad(options: RolloutLoadOptions): RunningLoad {
  const child = execa(process.execPath, [compiledScript('scenarios/upgrade/load-main'), JSON.stringify(options)], {
    reject: false,
    stdin: 'pipe',
    maxBuffer: 256 * 1024 * 1024,
  });
  const untrack = trackChild(child);
  const started = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', function onData(chunk: Buffer) {
      if (!chunk.toString('utf8').includes('"started"')) return;
      child.stdout?.off('data', onData);
      resolve();
    });
    void child.then((finished) => reject(new Error(`the rollout load ended before it started (exit ${finished.exitCode ?? finished.signal}): ${String(finished.stderr).slice(-2000)}`)));
  });
  started.catch(() => undefined);
  return {
    pid: child.pid ?? 0,
    started,
    async stop() {
      child.stdin?.write('stop\n');
      const finished = await child;
      untrack();
      if (finished.exitCode !== 0) throw new Error(`the rollout load failed (exit ${finished.exitCode ?? finished.signal}): ${String(finished.stderr).slice(-2000)}`);
      return JSON.parse(String(finished.stdout).trim().split('\n').at(-1) ?? '') as RolloutLoadResult;
    },
  };
}
