import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { assertBuilt } from '../built.js';
import { isHarnessError } from '../errors.js';
import { checkToolchain } from '../languages.js';
import { freePort, freePorts } from '../ports.js';
import { spawnProcess, stopAll } from '../processes.js';
import { readListeningUrl, waitForHttpOk } from '../ready.js';
import { settingsToEnv } from '../instance.js';

const runDir = mkdtempSync(join(tmpdir(), 'scl-ready-'));
let server: Server | undefined;

afterEach(async () => {
  await stopAll({ signal: 'SIGKILL' });
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

describe('free ports', () => {
  it('are never handed out twice and can be bound', async () => {
    const ports = await freePorts(20);
    expect(new Set(ports).size).toBe(20);
    const port = await freePort();
    const probe = createTcpServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });
});

describe('readiness', () => {
  it('waits until the URL answers 200', async () => {
    let calls = 0;
    server = createServer((_request, response) => {
      calls++;
      response.writeHead(calls < 3 ? 503 : 200).end();
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', () => resolve()));
    await waitForHttpOk(`http://127.0.0.1:${port}/health`, { timeoutSeconds: 5 });
    expect(calls).toBe(3);
  });

  it('times out with SCL_ERR_NOT_READY and the log tail of the process', async () => {
    const child = spawnProcess({
      name: 'silent',
      command: process.execPath,
      args: ['-e', "console.log('starting up slowly'); setInterval(() => {}, 1000)"],
      logFile: join(runDir, 'silent.log'),
    });
    const port = await freePort();
    const error = await waitForHttpOk(`http://127.0.0.1:${port}/health`, { timeoutSeconds: 0.5, processes: [child] }).catch(
      (caught: unknown) => caught,
    );
    expect(isHarnessError(error, 'SCL_ERR_NOT_READY')).toBe(true);
    expect((error as Error).message).toContain('starting up slowly');
  });

  it('fails at once when the process exits before it is ready', async () => {
    const child = spawnProcess({
      name: 'crasher',
      command: process.execPath,
      args: ['-e', "console.error('bad config'); process.exit(3)"],
      logFile: join(runDir, 'crasher.log'),
    });
    const port = await freePort();
    const startedAt = Date.now();
    const error = await waitForHttpOk(`http://127.0.0.1:${port}/health`, { timeoutSeconds: 20, processes: [child] }).catch(
      (caught: unknown) => caught,
    );
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect((error as Error).message).toMatch(/exited \(exit code 3\)[\s\S]*bad config/);
  });

  it('reads the URL from the listening line', async () => {
    const child = spawnProcess({
      name: 'listener',
      command: process.execPath,
      args: [
        '-e',
        "console.log('warming up'); console.log(JSON.stringify({ event: 'listening', url: 'http://127.0.0.1:4321' })); setInterval(() => {}, 1000)",
      ],
      logFile: join(runDir, 'listener.log'),
    });
    expect(await readListeningUrl(child, 5)).toBe('http://127.0.0.1:4321');
  });
});

describe('toolchains and instances', () => {
  it('a missing toolchain is reported with SCL_ERR_TOOLCHAIN_MISSING, not thrown', async () => {
    const check = await checkToolchain({
      lang: 'nolang',
      toolchain: { command: 'scl-no-such-compiler', args: ['--version'] },
      build: [],
      start: { command: 'x' },
    });
    expect(check).toMatchObject({ available: false, code: 'SCL_ERR_TOOLCHAIN_MISSING' });
    expect(check.available === false && check.message).toMatch(/install the nolang toolchain/);
    expect(
      await checkToolchain({
        lang: 'node',
        toolchain: { command: process.execPath, args: ['--version'] },
        build: [],
        start: { command: 'x' },
      }),
    ).toMatchObject({ available: true });
  });

  it('settings become SCL_ variables by the start-contract rule, and an unknown key is refused', () => {
    expect(settingsToEnv({ 'egress.tryTimeoutSeconds': 0.3, 'registry.ttlSeconds': 1 })).toEqual({
      SCL_EGRESS_TRY_TIMEOUT_SECONDS: '0.3',
      SCL_REGISTRY_TTL_SECONDS: '1',
    });
    expect(() => settingsToEnv({ 'egress.nope': 1 })).toThrow(/unknown setting "egress.nope"/);
  });

  it('a missing compiled entry point is SCL_ERR_NOT_BUILT, naming the file and the command that builds it', () => {
    let error: unknown;
    try {
      assertBuilt('dist/no/such/entry.js', 'the thing');
    } catch (caught) {
      error = caught;
    }
    expect(isHarnessError(error, 'SCL_ERR_NOT_BUILT')).toBe(true);
    expect((error as Error).message).toMatch(
      /^SCL_ERR_NOT_BUILT: the thing is not built: .*dist\/no\/such\/entry\.js is missing; run npm run build$/,
    );
  });
});
