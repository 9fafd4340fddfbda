// Child program of memory.ts: imports the given modules one after the other and prints the memory after each (JSON).
// Usage: node --expose-gc dist/sidecar/bench/imports.js undici fastify ...
import { memoryOf, type ProcessMemory } from './proc-memory.js';

export type ImportCost = { module: string; heapUsedBytes: number } & ProcessMemory;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const settle = async () => {
  gc();
  gc();
  // Freed pages go back to the OS after concurrent sweeping.
  await new Promise((resolve) => setTimeout(resolve, 200));
};
const rows: ImportCost[] = [];
const sample = (module: string) => rows.push({ module, heapUsedBytes: process.memoryUsage().heapUsed, ...memoryOf('self') });
await settle();
sample('(node alone)');
for (const name of process.argv.slice(2)) {
  await import(name);
  await settle();
  sample(`+ ${name}`);
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
