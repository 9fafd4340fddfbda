// The functions that took the most CPU in V8 profiles (node --cpu-prof), by self time, one table per profile (one per thread).
// Usage: node dist/sidecar/bench/profile-top.js <folder or .cpuprofile>... [--top 25]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionCost {
  name: string;
  where: string;
  selfMillis: number;
  share: number;
}

const { values: flags, positionals } = parseArgs({ options: { top: { type: 'string', default: '25' } }, allowPositionals: true });

/** Self time per function (summed over its nodes), from the sample deltas: the time up to the next sample is charged to it. */
export function topFunctions(profile: CpuProfile, top: number): { totalMillis: number; idleMillis: number; functions: FunctionCost[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<string, { name: string; where: string; micros: number }>();
  let totalMicros = 0;
  let idleMicros = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]!)!;
    const { functionName, url, lineNumber } = node.callFrame;
    totalMicros += delta;
    if (functionName === '(idle)') {
      idleMicros += delta;
      continue;
    }
    const where = url === '' ? '' : `${shortUrl(url)}:${lineNumber + 1}`;
    const key = `${functionName}@${where}`;
    const entry = selfMicros.get(key) ?? { name: functionName || '(anonymous)', where, micros: 0 };
    entry.micros += delta;
    selfMicros.set(key, entry);
  }
  const busyMicros = totalMicros - idleMicros;
  const functions = [...selfMicros.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, top)
    .map(({ name, where, micros }) => ({ name, where, selfMillis: micros / 1000, share: busyMicros === 0 ? 0 : micros / busyMicros }));
  return { totalMillis: totalMicros / 1000, idleMillis: idleMicros / 1000, functions };
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const dist = url.lastIndexOf('/dist/');
  return dist !== -1 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
}

function profileFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith('.cpuprofile'))
          .map((name) => join(path, name))
      : [path],
  );
}

if (process.argv[1]?.endsWith('profile-top.js')) {
  for (const file of profileFiles(positionals)) {
    const { totalMillis, idleMillis, functions } = topFunctions(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(flags.top));
    const busyMillis = totalMillis - idleMillis;
    console.log(`\n${basename(file)}: ${(totalMillis / 1000).toFixed(1)} s profiled, ${(busyMillis / 1000).toFixed(2)} s busy`);
    for (const f of functions) {
      console.log(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMillis.toFixed(0).padStart(7)} ms  ${f.name}  ${f.where}`);
    }
  }
}
