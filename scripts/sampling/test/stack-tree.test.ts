// The flame-graph tree of the CPU-profile reader against a hand-made profile whose right answer is known by construction.
import { describe, expect, it } from 'vitest';
import { stackTree, totalMicros, type CpuProfile, type CpuProfileNode } from '../cpuprofile.js';

const frame = (id: number, functionName: string, url = '', children: number[] = []): CpuProfileNode => ({
  id,
  callFrame: { functionName, url, lineNumber: url === '' ? -1 : id * 10 - 1 },
  children,
});

/*
 * A thread that handled requests: handle (ingress.js:20) called parse (parser.js:30) from two call sites, which V8 keeps
 * as two nodes (3 and 4); handle also ran itself, and once called log (log.js:70). Then garbage collection and waiting.
 * Samples, each charged the interval it closed: parse (node 3) 2 ms + 1 ms, parse (node 4) 1 ms, handle 0.5 ms,
 * log 0.1 ms, the collector 1 ms, idle 4 ms. So: handle 4.6 ms in all (0.5 ms its own), parse 4 ms, log 0.1 ms.
 */
const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 5, 6]),
    frame(2, 'handle', 'file:///srv/dist/sidecar/src/ingress.js', [3, 4, 7]),
    frame(3, 'parse', 'file:///srv/node_modules/undici/parser.js'),
    { ...frame(4, 'parse'), callFrame: frame(3, 'parse', 'file:///srv/node_modules/undici/parser.js').callFrame },
    frame(5, '(garbage collector)'),
    frame(6, '(idle)'),
    frame(7, 'log', 'file:///srv/dist/library/ts/src/log.js'),
  ],
  startTime: 0,
  endTime: 9600,
  samples: [3, 3, 4, 2, 7, 5, 6],
  timeDeltas: [2000, 1000, 1000, 500, 100, 1000, 4000],
};

describe('the flame-graph tree of a CPU profile', () => {
  it('charges self time per stack, merges the two parse nodes, and leaves (idle) out of the tree', () => {
    const { root, idleMicros, foldedFrames } = stackTree(profile);
    expect(idleMicros).toBe(4000);
    expect(foldedFrames).toBe(0);
    expect(root).toEqual({
      name: '(root)',
      selfMicros: 0,
      children: [
        {
          name: 'handle (dist/sidecar/src/ingress.js:20)',
          selfMicros: 500,
          children: [
            { name: 'parse (node_modules/undici/parser.js:30)', selfMicros: 4000, children: [] },
            { name: 'log (dist/library/ts/src/log.js:70)', selfMicros: 100, children: [] },
          ],
        },
        { name: '(garbage collector)', selfMicros: 1000, children: [] },
      ],
    });
    // What the tree shows plus what it leaves out is everything the profile charged.
    expect(totalMicros(root) + idleMicros).toBe(9600);
  });

  it('folds subtrees under the threshold into (other), keeping their time', () => {
    const { root, foldedFrames } = stackTree(profile, { minMicros: 200 });
    expect(foldedFrames).toBe(1);
    const handle = root.children[0]!;
    expect(handle.children).toEqual([
      { name: 'parse (node_modules/undici/parser.js:30)', selfMicros: 4000, children: [] },
      { name: '(other)', selfMicros: 100, children: [] },
    ]);
    expect(totalMicros(root)).toBe(4600 + 1000);
  });
});
