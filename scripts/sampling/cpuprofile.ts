// Reads a V8 .cpuprofile (node --cpu-prof): self time per function, and per call stack for a flame graph, from its samples
// and their time deltas.

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
  forEachCharge(profile, (nodeId, delta) => {
    const label = labelById.get(nodeId);
    if (label === undefined) return;
    micros.set(label, (micros.get(label) ?? 0) + delta);
    totalMicros += delta;
  });
  const functions = [...micros.entries()].map(([label, value]) => ({ function: label, micros: value })).sort((a, b) => b.micros - a.micros);
  return { totalMicros, idleMicros: micros.get(IDLE) ?? 0, functions };
}

/** Calls `charge` with each sample's node and the interval it closed (the rule above selfTimes). */
function forEachCharge(profile: CpuProfile, charge: (nodeId: number, micros: number) => void): void {
  profile.samples.forEach((nodeId, index) => {
    // A negative delta (samples reordered across threads) charges nothing.
    charge(nodeId, Math.max(0, profile.timeDeltas[index] ?? 0));
  });
}

/** One frame of a flame graph: the self time of samples whose stack ended here, and the frames it called. */
export interface StackNode {
  /** `name (file:line)`, as selfTimes labels functions; the root is V8's `(root)`. */
  name: string;
  selfMicros: number;
  children: StackNode[];
}

export interface StackTree {
  root: StackNode;
  /** Charged to (idle), which is left out of the tree: a flame graph of where the CPU went, not of waiting. */
  idleMicros: number;
  /** The frames folded into `(other)` because their whole subtree was under `minMicros`. */
  foldedFrames: number;
}

/** The pseudo-frame that stands for the small subtrees of one parent, so the stored tree stays small and widths stay right. */
export const OTHER = '(other)';

/**
 * The call tree with self time per frame, charged by the same rule as selfTimes. V8 may keep several nodes for one
 * function under one parent (other call sites, recompiled code): they are merged by label, as a flame graph shows them.
 * Subtrees whose total (self plus callees) is under `minMicros` are folded into one `(other)` frame of their parent,
 * whose self time is their total, so every width is still the time it stands for.
 */
export function stackTree(profile: CpuProfile, options: { minMicros: number } = { minMicros: 0 }): StackTree {
  const selfById = new Map<number, number>();
  forEachCharge(profile, (nodeId, delta) => selfById.set(nodeId, (selfById.get(nodeId) ?? 0) + delta));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const childIds = new Set(profile.nodes.flatMap((node) => node.children ?? []));
  const rootNode = profile.nodes.find((node) => !childIds.has(node.id));
  let idleMicros = 0;
  // Builds the merged tree of a set of same-labelled V8 nodes; (idle) is counted, not drawn.
  const build = (ids: readonly number[], name: string): StackNode => {
    const node: StackNode = { name, selfMicros: 0, children: [] };
    const childrenByLabel = new Map<string, number[]>();
    for (const id of ids) {
      node.selfMicros += selfById.get(id) ?? 0;
      for (const childId of byId.get(id)?.children ?? []) {
        const child = byId.get(childId);
        if (child === undefined) continue;
        const label = labelOf(child.callFrame);
        if (label === IDLE) {
          idleMicros += subtreeSelf(child, byId, selfById);
          continue;
        }
        childrenByLabel.set(label, [...(childrenByLabel.get(label) ?? []), childId]);
      }
    }
    node.children = [...childrenByLabel.entries()].map(([label, same]) => build(same, label));
    return node;
  };
  const root = rootNode === undefined ? { name: '(root)', selfMicros: 0, children: [] } : build([rootNode.id], labelOf(rootNode.callFrame));
  const foldedFrames = fold(root, options.minMicros);
  return { root, idleMicros, foldedFrames };
}

/** Self plus callees. */
export function totalMicros(node: StackNode): number {
  return node.children.reduce((sum, child) => sum + totalMicros(child), node.selfMicros);
}

function subtreeSelf(node: CpuProfileNode, byId: Map<number, CpuProfileNode>, selfById: Map<number, number>): number {
  return (node.children ?? []).reduce((sum, id) => {
    const child = byId.get(id);
    return child === undefined ? sum : sum + subtreeSelf(child, byId, selfById);
  }, selfById.get(node.id) ?? 0);
}

/** Folds the small subtrees under `node` into `(other)`; returns how many frames went. */
function fold(node: StackNode, minMicros: number): number {
  let folded = 0;
  let otherMicros = 0;
  const kept: StackNode[] = [];
  for (const child of node.children) {
    const total = totalMicros(child);
    if (total < minMicros) {
      otherMicros += total;
      folded += countFrames(child);
    } else {
      folded += fold(child, minMicros);
      kept.push(child);
    }
  }
  // Widest first, so the stored tree reads in the order the graph draws it.
  kept.sort((a, b) => totalMicros(b) - totalMicros(a));
  if (otherMicros > 0) kept.push({ name: OTHER, selfMicros: otherMicros, children: [] });
  node.children = kept;
  return folded;
}

function countFrames(node: StackNode): number {
  return node.children.reduce((sum, child) => sum + countFrames(child), 1);
}

/** `name (file:line)`, the file from its node_modules/ or dist/ folder on. */
function labelOf(frame: CpuProfileNode['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const file = frame.url.replace(/^.*\/(node_modules\/|dist\/)/, '$1');
  return `${name} (${file}:${frame.lineNumber + 1})`;
}
