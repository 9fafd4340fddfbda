// Ctrl-C (SIGINT) during a bench run leaves no process of it behind, and keeps what finished.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { REPO_ROOT } from '../paths.js';
import { withDescendants } from '../sampling/proc.js';

function alive(pid: number): boolean {
  try {
    // A zombie still has a /proc entry but is no longer running.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Processes that run in a process group the bench created (orchestration starts services detached). */
function groupMembers(groups: Set<number>): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return groups.has(Number(fields[2]));
      } catch {
        return false;
      }
    });
}

let outDir: string | undefined;
const seen = new Set<number>();
afterAll(async () => {
  for (const pid of seen) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('bench interrupted', () => {
  it('SIGINT stops every process the run started and marks results.json interrupted', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'scl-interrupt-'));
    const bench = execa(
      'node',
      [join(REPO_ROOT, 'dist/scripts/bench/main.js'), '--smoke', '--no-build', '--scenario', 'ipc,latency', '--out', outDir],
      { reject: false, all: true },
    );
    const groups = new Set<number>();
    // Wait (generously) until the run measures with servers of its own, then interrupt it.
    const deadline = performance.now() + 30_000;
    while (performance.now() < deadline) {
      const descendants = (await withDescendants([bench.pid!])).filter((pid) => pid !== bench.pid);
      for (const pid of descendants) seen.add(pid);
      if (descendants.some((pid) => commandLine(pid).includes('-main.js'))) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen.size).toBeGreaterThan(0);
    for (const pid of seen) {
      try {
        groups.add(Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]));
      } catch {
        // already gone
      }
    }
    bench.kill('SIGINT');
    const result = await bench;
    expect(result.exitCode ?? 128 + 2).toBe(130);
    // Children get a moment to be reaped; nothing may be left running.
    const settle = performance.now() + 10_000;
    while (performance.now() < settle && [...seen].some(alive)) await new Promise((resolve) => setTimeout(resolve, 100));
    expect([...seen].filter(alive)).toEqual([]);
    // The bench shares this test's group; only groups the run created (detached services) are checked.
    groups.delete(Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[2]));
    expect(groupMembers(groups).filter((pid) => pid !== process.pid && alive(pid))).toEqual([]);
    const [runId] = (await readdir(outDir)).filter((name) => name !== 'index.html');
    const results = JSON.parse(await readFile(join(outDir, runId!, 'results.json'), 'utf8')) as { status: string };
    expect(results.status).toBe('interrupted');
  }, 90_000);
});
