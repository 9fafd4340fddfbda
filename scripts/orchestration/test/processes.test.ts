import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fromRoot } from '../paths.js';
import { liveProcesses, spawnProcess, stop, stopAll } from '../processes.js';
import { delay } from '../ready.js';

const runDir = mkdtempSync(join(tmpdir(), 'scl-processes-'));
const strayPids: number[] = [];

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilDead(pid: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await delay(20);
  }
  return !isAlive(pid);
}

function firstLine(child: { lines: NodeJS.EventEmitter }): Promise<string> {
  return new Promise((resolve) => child.lines.once('line', (line: string) => resolve(line)));
}

afterEach(async () => {
  await stopAll({ signal: 'SIGKILL' });
  for (const pid of strayPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
});

afterAll(() => rmSync(runDir, { recursive: true, force: true }));

describe('managed processes', () => {
  it('stop kills the whole process group, grandchildren included', async () => {
    const child = spawnProcess({
      name: 'shell',
      command: 'sh',
      args: ['-c', 'sleep 300 & echo $!; wait'],
      logFile: join(runDir, 'group.log'),
    });
    const grandchild = Number(await firstLine(child));
    strayPids.push(grandchild);
    expect(isAlive(grandchild)).toBe(true);
    await stop(child, { graceSeconds: 5 });
    expect(await waitUntilDead(grandchild)).toBe(true);
    expect(liveProcesses()).not.toContain(child);
  });

  it('stop escalates to SIGKILL when the group ignores SIGTERM past the grace time', async () => {
    const child = spawnProcess({
      name: 'stubborn',
      command: process.execPath,
      args: ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"],
      logFile: join(runDir, 'stubborn.log'),
    });
    await firstLine(child);
    const info = await stop(child, { signal: 'SIGTERM', graceSeconds: 0.3 });
    expect(info.signal).toBe('SIGKILL');
  });

  it('writes stdout and stderr to the log file and keeps a tail in memory', async () => {
    const logFile = join(runDir, 'output.log');
    const child = spawnProcess({
      name: 'talker',
      command: process.execPath,
      args: ['-e', "console.log('to stdout'); console.error('to stderr')"],
      logFile,
    });
    const info = await child.exited;
    expect(info.exitCode).toBe(0);
    expect(child.tail()).toContain('to stdout');
    expect(child.tail()).toContain('to stderr');
    await delay(50);
    const logged = readFileSync(logFile, 'utf8');
    expect(logged).toContain('to stdout');
    expect(logged).toContain('to stderr');
  });

  it('passes the environment and reports the exit code', async () => {
    const child = spawnProcess({
      name: 'env',
      command: process.execPath,
      args: ['-e', 'process.exit(Number(process.env.SCL_TEST_CODE))'],
      env: { SCL_TEST_CODE: '7' },
      logFile: join(runDir, 'env.log'),
    });
    expect((await child.exited).exitCode).toBe(7);
  });
});

describe('a parent that ends', () => {
  const entry = fromRoot('dist/scripts/orchestration/processes.js');

  /** Starts a parent Node process that spawns `sleep 300` through processes.js, prints its pid, then does `then`. */
  async function parentWithChild(then: string): Promise<{ parentPid: number; childPid: number }> {
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
    const script = `
      import { spawnProcess } from ${JSON.stringify(entry)};
      const child = spawnProcess({ name: 'sleeper', command: 'sleep', args: ['300'], logFile: ${JSON.stringify(join(runDir, 'sleeper.log'))} });
      console.log(child.pid);
      ${then}
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    strayPids.push(parent.pid as number);
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
      parent.once('exit', () => reject(new Error('the parent exited before printing its child')));
    });
    strayPids.push(childPid);
    return { parentPid: parent.pid as number, childPid };
  }

  it('SIGTERM to the parent kills its children', async () => {
    const { parentPid, childPid } = await parentWithChild('setInterval(() => {}, 1000);');
    expect(isAlive(childPid)).toBe(true);
    process.kill(parentPid, 'SIGTERM');
    expect(await waitUntilDead(childPid)).toBe(true);
  });

  it('SIGINT to the parent kills its children', async () => {
    const { parentPid, childPid } = await parentWithChild('setInterval(() => {}, 1000);');
    process.kill(parentPid, 'SIGINT');
    expect(await waitUntilDead(childPid)).toBe(true);
  });

  it('an uncaught error in the parent kills its children', async () => {
    const { childPid } = await parentWithChild("setTimeout(() => { throw new Error('boom'); }, 100);");
    expect(await waitUntilDead(childPid)).toBe(true);
  });

  it('process.exit in the parent kills its children', async () => {
    const { childPid } = await parentWithChild('setTimeout(() => process.exit(0), 100);');
    expect(await waitUntilDead(childPid)).toBe(true);
  });
});
