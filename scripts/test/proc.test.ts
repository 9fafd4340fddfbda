import { describe, expect, it } from 'vitest';
import {
  parseAnonBytes,
  parseCpuSeconds,
  parseParentPid,
  parsePssBytes,
  parseRssBytes,
  readProcess,
  withDescendants,
} from '../sampling/proc.js';
import { cpuMillisPer1000Requests, cpuCoresOverTime } from '../sampling/derive.js';

describe('/proc reading', () => {
  it('CPU time is utime + stime over the clock ticks, even when the name holds spaces and parentheses', () => {
    const stat = '1234 (node (main) x) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 12345 1000000 5000';
    expect(parseCpuSeconds(stat, 100)).toBe(3);
    expect(parseParentPid(stat)).toBe(1);
  });

  it('RSS comes from VmRSS in kB', () => {
    expect(parseRssBytes('Name:\tnode\nVmRSS:\t   51200 kB\n')).toBe(51200 * 1024);
    expect(parseRssBytes('Name:\tzombie\n')).toBe(0);
  });

  it('private memory is RssAnon of status, PSS the Pss of smaps_rollup, both in kB', () => {
    expect(parseAnonBytes('VmRSS:\t   51200 kB\nRssAnon:\t   20480 kB\nRssFile:\t   30720 kB\n')).toBe(20480 * 1024);
    expect(parseAnonBytes('Name:\tzombie\n')).toBe(0);
    expect(parsePssBytes('Rss:               51200 kB\nPss:               33000 kB\nPss_Anon:          20480 kB\n')).toBe(33000 * 1024);
    expect(parsePssBytes('Rss: 1 kB\n')).toBeUndefined();
  });

  it('reads this very process and finds it among its own descendants', async () => {
    const reading = await readProcess(process.pid);
    expect(reading!.rssBytes).toBeGreaterThan(1024 * 1024);
    // Node's heap is private; its binary's pages are shared, so private < PSS <= RSS.
    expect(reading!.anonBytes).toBeGreaterThan(1024 * 1024);
    expect(reading!.anonBytes).toBeLessThan(reading!.rssBytes);
    expect(reading!.pssBytes!).toBeLessThanOrEqual(reading!.rssBytes);
    expect(reading!.pssBytes!).toBeGreaterThanOrEqual(reading!.anonBytes);
    expect(reading!.cpuSeconds).toBeGreaterThan(0);
    expect(await withDescendants([process.pid])).toContain(process.pid);
  });

  it('a process that is gone reads as undefined', async () => {
    expect(await readProcess(2 ** 22 + 12345)).toBeUndefined();
  });

  it('CPU per 1000 requests and cores over time are derived from the series', () => {
    expect(cpuMillisPer1000Requests(0.5, 2000)).toBe(250);
    expect(cpuMillisPer1000Requests(0.5, 0)).toBeNull();
    const points = cpuCoresOverTime([
      { elapsedSeconds: 0, cpuSeconds: 1, rssBytes: 0, processes: 1 },
      { elapsedSeconds: 0.5, cpuSeconds: 1.25, rssBytes: 0, processes: 1 },
    ]);
    expect(points).toEqual([{ elapsedSeconds: 0.5, cores: 0.5 }]);
  });
});
