// The profile scenario's top-functions table, from the engine's CPU-profile reader (scripts/sampling/cpuprofile.ts).
import { selfTimes, type CpuProfile } from '../../scripts/sampling/cpuprofile.js';

export type { CpuProfile } from '../../scripts/sampling/cpuprofile.js';

export interface FunctionCost {
  /** `name (file:line)`; V8's pseudo-frames such as (idle), (garbage collector) keep their names. */
  function: string;
  selfMillis: number;
  /** Of everything the profile covers, (idle) included. */
  selfPercent: number;
}

export function topSelfTime(profile: CpuProfile, count: number): { totalMillis: number; functions: FunctionCost[] } {
  const { totalMicros, functions } = selfTimes(profile);
  return {
    totalMillis: totalMicros / 1000,
    functions: functions.slice(0, count).map(({ function: name, micros }) => ({
      function: name,
      selfMillis: micros / 1000,
      selfPercent: totalMicros > 0 ? (100 * micros) / totalMicros : 0,
    })),
  };
}
