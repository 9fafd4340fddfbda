// Figures derived from sampled series: CPU used in a window, CPU per 1000 requests, memory at rest.
import type { RoleSample } from './sampler.js';

/** CPU seconds a role spent between two readings. */
export function cpuSecondsBetween(before: RoleSample | undefined, after: RoleSample | undefined): number | null {
  if (before === undefined || after === undefined) return null;
  return Math.max(0, after.cpuSeconds - before.cpuSeconds);
}

/** CPU milliseconds spent per 1000 requests answered. */
export function cpuMillisPer1000Requests(cpuSeconds: number | null, requests: number): number | null {
  if (cpuSeconds === null || requests <= 0) return null;
  return (cpuSeconds * 1000 * 1000) / requests;
}

/** CPU seconds per sampling interval, for a CPU-over-time chart (cores busy). */
export function cpuCoresOverTime(samples: readonly RoleSample[]): { elapsedSeconds: number; cores: number }[] {
  const points: { elapsedSeconds: number; cores: number }[] = [];
  for (let index = 1; index < samples.length; index++) {
    const previous = samples[index - 1]!;
    const current = samples[index]!;
    const seconds = current.elapsedSeconds - previous.elapsedSeconds;
    if (seconds > 0)
      points.push({ elapsedSeconds: current.elapsedSeconds, cores: Math.max(0, current.cpuSeconds - previous.cpuSeconds) / seconds });
  }
  return points;
}
