// Reads a V8 .cpuprofile (node --cpu-prof): self time per function from its samples and their time deltas.

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  children?: number[];
  hitCount?: number;
}

/** The format DevTools and node --cpu-prof write: samples[i] is the id of the node sample i landed in; times in µs. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  /** timeDeltas[i] is the time from sample i-1 (for i = 0: from startTime) to sample i. */
  timeDeltas: number[];
}

export interface FunctionSelfTime {
  /** `name (file:line)`; V8's pseudo-frames such as (idle), (garbage collector), (program) keep their bare names. */
  function: string;
  micros: number;
}

export interface SelfTimes {
  /** Every delta charged: from startTime to the last sample. */
  totalMicros: number;
  /** Of the total, what the (idle) pseudo-frame got: the thread waited for work. */
  idleMicros: number;
  /** Most self time first; (idle) included. */
  functions: FunctionSelfTime[];
}

export const IDLE = '(idle)';

/**
 * Self time per function. Which sample a delta belongs to: V8's sampler waits one interval and then takes a sample
 * (SamplingEventsProcessor::Run: sleep until the next sample time, then DoSample), so sample i closes the interval
 * timeDeltas[i] that ended when it was taken, and that interval is charged to the function it saw, as perf charges a
 * sample with the period that elapsed before it. Charging timeDeltas[i + 1] instead (the time until the next sample)
 * drops the first interval, has nothing to give the last sample, and moves every interval that was longer or shorter
 * than usual onto the sample before it: scripts/sampling/test/cpuprofile.test.ts holds a profile that tells them apart.
 * When the sampler itself was held up, the long interval goes to what it saw at the end; no reader can know what ran
 * during a gap with no sample.
 */
export function selfTimes(profile: CpuProfile): SelfTimes {
  const labelById = new Map(profile.nodes.map((node) => [node.id, labelOf(node.callFrame)]));
  const micros = new Map<string, number>();
  let totalMicros = 0;
  profile.samples.forEach((nodeId, index) => {
    const label = labelById.get(nodeId);
    if (label === undefined) return;
    // A negative delta (samples reordered across threads) charges nothing.
    const delta = Math.max(0, profile.timeDeltas[index] ?? 0);
    micros.set(label, (micros.get(label) ?? 0) + delta);
    totalMicros += delta;
  });
  const functions = [...micros.entries()].map(([label, value]) => ({ function: label, micros: value })).sort((a, b) => b.micros - a.micros);
  return { totalMicros, idleMicros: micros.get(IDLE) ?? 0, functions };
}

/** `name (file:line)`, the file from its node_modules/ or dist/ folder on. */
function labelOf(frame: CpuProfileNode['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const file = frame.url.replace(/^.*\/(node_modules\/|dist\/)/, '$1');
  return `${name} (${file}:${frame.lineNumber + 1})`;
}
