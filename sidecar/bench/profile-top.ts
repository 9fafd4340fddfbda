// The functions that took the most CPU in V8 profiles (node --cpu-prof), by self time, one table per profile (one per thread).
// Usage: node dist/sidecar/bench/profile-top.js <folder or .cpuprofile>... [--top 25]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { IDLE, selfTimes, type CpuProfile } from '../../scripts/sampling/cpuprofile.js';

const { values: flags, positionals } = parseArgs({ options: { top: { type: 'string', default: '25' } }, allowPositionals: true });

function profileFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith('.cpuprofile'))
          .map((name) => join(path, name))
      : [path],
  );
}

for (const file of profileFiles(positionals)) {
  const { totalMicros, idleMicros, functions } = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const busyMicros = totalMicros - idleMicros;
  console.log(`\n${basename(file)}: ${(totalMicros / 1e6).toFixed(1)} s profiled, ${(busyMicros / 1e6).toFixed(2)} s busy`);
  // Shares are of the busy time: what the thread spent working, not waiting.
  for (const { function: name, micros } of functions.filter((entry) => entry.function !== IDLE).slice(0, Number(flags.top))) {
    const share = busyMicros === 0 ? 0 : micros / busyMicros;
    console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
}
