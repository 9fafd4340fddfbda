import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { guessAppLang } from '../src/logs/app-lang.js';
import { AppPidFinder, listeningInodes, pidListeningOn } from '../src/metrics/app-pid.js';
import { readProcConstants, sampleProcess, statFields } from '../src/metrics/proc-reader.js';

let server: Server | undefined;
afterEach(() => server?.close());

async function listen(): Promise<number> {
  server = createServer();
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server!.address() as { port: number }).port;
}

describe('reading /proc/<pid>', () => {
  it('a command with spaces and parentheses does not shift the stat fields', () => {
    const stat = '4242 (my (odd) app) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 12345 1000000 2500 18446744073709551615';
    const fields = statFields(stat)!;
    expect(fields[0]).toBe('S');
    expect(fields[11]).toBe('250'); // utime
    expect(fields[12]).toBe('50'); // stime
    expect(fields[19]).toBe('12345'); // starttime
  });

  it('a sample of this process agrees with what node says of itself', async () => {
    const constants = await readProcConstants();
    const sample = (await sampleProcess(process.pid, constants))!;
    const rss = process.memoryUsage.rss();
    expect(sample.residentMemoryBytes).toBeGreaterThan(rss * 0.5);
    expect(sample.residentMemoryBytes).toBeLessThan(rss * 2);
    const cpu = process.cpuUsage();
    expect(sample.cpuSecondsTotal).toBeGreaterThan(0);
    expect(sample.cpuSecondsTotal).toBeLessThanOrEqual((cpu.user + cpu.system) / 1e6 + 0.1);
    expect(sample.openFds).toBeGreaterThan(3);
    // Boot time plus start ticks is the process's start, to the clock tick.
    expect(Math.abs(sample.startTimeSeconds - performance.timeOrigin / 1000)).toBeLessThan(2);
  });

  it('a process that is gone samples as undefined', async () => {
    expect(await sampleProcess(2 ** 22 + 1, await readProcConstants())).toBeUndefined();
  });
});

describe('finding the app by its port', () => {
  it('the listening socket of a port is found in /proc/net/tcp', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 777 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 888 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    expect(listeningInodes(table, 8080)).toEqual(['777']);
    expect(listeningInodes(table, 8081)).toEqual([]);
  });

  it('the process listening on a port is this one', async () => {
    const port = await listen();
    expect(await pidListeningOn(port)).toBe(process.pid);
  });

  it('a given pid is used while its process lives; an unknown one falls back to the port', async () => {
    const port = await listen();
    expect(await new AppPidFinder(port, process.pid).current()).toBe(process.pid);
    expect(await new AppPidFinder(port, 2 ** 22 + 1).current()).toBe(process.pid);
  });
});

describe("guessing the app's language", () => {
  it('a node process is ts; an unknown or missing process is unknown', async () => {
    expect(await guessAppLang(process.pid)).toBe('ts');
    expect(await guessAppLang(undefined)).toBe('unknown');
    expect(await guessAppLang(2 ** 22 + 1)).toBe('unknown');
  });
});
