// Reads a V8 .cpuprofile: self time per function from the samples, for a top-functions table.

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionCost {
  /** `name (file:line)`; V8's pseudo-frames such as (idle), (garbage collector) keep their names. */
  function: string;
  selfMillis: number;
  selfPercent: number;
}

/** Self time: each sample's interval is charged to the node the sample landed in. */
export function topSelfTime(profile: CpuProfile, count: number): { totalMillis: number; functions: FunctionCost[] } {
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<string, number>();
  let totalMicros = 0;
  profile.samples.forEach((nodeId, index) => {
    const delta = Math.max(0, profile.timeDeltas[index] ?? 0);
    const frame = nodeById.get(nodeId)?.callFrame;
    if (frame === undefined) return;
    const file = frame.url ? frame.url.replace(/^.*\/(node_modules\/|dist\/)/, '$1') : '';
    const key = file ? `${frame.functionName || '(anonymous)'} (${file}:${frame.lineNumber + 1})` : frame.functionName || '(anonymous)';
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
    totalMicros += delta;
  });
  const functions = [...selfMicros.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => ({ function: name, selfMillis: micros / 1000, selfPercent: totalMicros > 0 ? (100 * micros) / totalMicros : 0 }));
  return { totalMillis: totalMicros / 1000, functions };
}
