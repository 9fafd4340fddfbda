// The CPU-profile reader against a hand-made profile whose right answer is known by construction.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { selfTimes, type CpuProfile } from '../cpuprofile.js';

/*
 * fixtures/phases.cpuprofile describes a thread that ran parse (inside handle) for its first 3 ms, collected garbage
 * for 1 ms, then waited for 2 ms. V8's sampler takes each sample at the end of its interval, and its intervals were
 * uneven (1, 1.5, 0.5, 1, 1.5, 0.5 ms), as on a busy machine: samples at 1, 2.5 and 3 ms saw parse, at 4 ms the
 * collector, at 5.5 and 6 ms idle. The right answer is parse 3 ms, garbage collector 1 ms, idle 2 ms. Charging each
 * sample the interval after it (timeDeltas[i + 1]) would read parse 3, garbage collector 1.5 and idle 0.5 ms.
 */
const profile = JSON.parse(readFileSync(new URL('./fixtures/phases.cpuprofile', import.meta.url), 'utf8')) as CpuProfile;

describe('CPU-profile reader', () => {
  it('charges each sample the interval that ended with it', () => {
    const { totalMicros, idleMicros, functions } = selfTimes(profile);
    expect(functions).toEqual([
      { function: 'parse (node_modules/undici/lib/parser.js:10)', micros: 3000 },
      { function: '(idle)', micros: 2000 },
      { function: '(garbage collector)', micros: 1000 },
    ]);
    expect(idleMicros).toBe(2000);
    // Every delta is charged: the total is the span from startTime to the last sample.
    expect(totalMicros).toBe(6000);
  });

  it('a caller (handle) gets no self time for samples that landed in its callee', () => {
    expect(selfTimes(profile).functions.map((entry) => entry.function)).not.toContain('handle (dist/sidecar/src/ingress.js:42)');
  });

  it('a negative delta charges nothing and an unknown node is skipped', () => {
    const odd: CpuProfile = { ...profile, samples: [3, 99, 4], timeDeltas: [1000, 700, -200] };
    const { totalMicros, functions } = selfTimes(odd);
    expect(totalMicros).toBe(1000);
    expect(functions).toEqual([
      { function: 'parse (node_modules/undici/lib/parser.js:10)', micros: 1000 },
      { function: '(garbage collector)', micros: 0 },
    ]);
  });
});
