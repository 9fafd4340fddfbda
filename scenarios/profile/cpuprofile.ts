// The profile scenario's top-functions table and flame-graph tree, from the engine's CPU-profile reader
// (scripts/sampling/cpuprofile.ts).
import { selfTimes, stackTree, totalMicros, type CpuProfile, type StackNode } from '../../scripts/sampling/cpuprofile.js';
import type { FlameNode } from '../../scripts/report/flamegraph.js';

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

export interface FlameTree {
  root: FlameNode;
  /** (idle) is left out of the graph: it is the time the thread waited, not where its CPU went. */
  idleMillis: number;
  /** Frames folded into `(other)`. */
  foldedFrames: number;
}

/** Subtrees under this share of the busy (non-idle) time are folded: a frame narrower than this is not readable anyway. */
export const FOLD_SHARE = 0.002;

/** The aggregated call tree with self time per frame: what the report draws, a few kB where the raw profile is MBs. */
export function flameTree(profile: CpuProfile): FlameTree {
  const busyMicros = totalMicros(stackTree(profile).root);
  const { root, idleMicros, foldedFrames } = stackTree(profile, { minMicros: busyMicros * FOLD_SHARE });
  return { root: toFlame(root), idleMillis: idleMicros / 1000, foldedFrames };
}

function toFlame(node: StackNode): FlameNode {
  // Microsecond precision is all a profile sampled every ~1 ms has.
  const selfMillis = Math.round(node.selfMicros) / 1000;
  return node.children.length === 0
    ? { name: node.name, selfMillis }
    : { name: node.name, selfMillis, children: node.children.map(toFlame) };
}
