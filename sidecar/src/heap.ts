// The sidecar's own heap sizing, set before the modules load: a proxy needs a small young generation, not V8's 16 MB default.
import { setFlagsFromString } from 'node:v8';

/**
 * V8 grows the young generation (two semi-spaces) from 1 MB up to 16 MB each while many objects
 * survive, as they do at start-up, and keeps it: some 30 MB of a sidecar's memory. Its size is
 * fixed when the heap is made, so the sidecar, started as `node main.js`, cannot lower the
 * maximum; it can stop the growth, which V8 decides as it runs. A proxy's objects live for one
 * request, so its scavenges stay short at 1 MB. A node flag the operator gives (`node
 * --max-semi-space-size=8 main.js`, or NODE_OPTIONS) wins.
 */
export const HEAP_FLAGS = ['--semi-space-growth-factor=1'];

const operatorChose = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((flag) => /semi[-_]space/.test(flag));
if (!operatorChose) for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
