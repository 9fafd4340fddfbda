// `npm run gates [-- ts|go|python|rust|java]`: runs each language's gates one after the other and fails naming file and rule.
import type { Gate, GateResult } from './gate.js';
import { runGate } from './gate.js';
import { goGates, pythonGates } from './gates.js';
import { runRustAndJavaGates } from './rust-java.js';
import { biomeAvailable, ensureStaticcheck, goAvailable, pythonAvailable } from './toolchains.js';
import { BIOME, typeScriptGates } from './typescript-gates.js';

const wanted = new Set(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['ts', 'go', 'python', 'rust', 'java']);
const startedAt = performance.now();
const results: GateResult[] = [];

async function runAll(gates: Gate[]): Promise<void> {
  for (const gate of gates) {
    const result = await runGate(gate);
    results.push(result);
    console.log(`${result.passed ? 'ok  ' : 'FAIL'} ${gate.name} (${result.seconds.toFixed(1)} s)`);
    if (!result.passed) {
      console.log(`     rule: ${gate.rule}`);
      const shown = result.findings.length > 0 ? result.findings : result.output.trim().split('\n').slice(-30);
      for (const line of shown) console.log(`     ${line}`);
    }
  }
}

if (wanted.has('ts')) {
  const biome = biomeAvailable(BIOME);
  if (biome.available) await runAll(typeScriptGates());
  else console.log(`skip ts gates: ${biome.reason}`);
}
if (wanted.has('go')) {
  const go = await goAvailable();
  if (go.available) await runAll(goGates(await ensureStaticcheck()));
  else console.log(`skip go gates: ${go.reason}`);
}
if (wanted.has('python')) {
  const python = await pythonAvailable();
  if (python.available) await runAll(pythonGates());
  else console.log(`skip python gates: ${python.reason}`);
}
await runRustAndJavaGates(wanted, runAll);

const failed = results.filter((result) => !result.passed);
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
console.log(`gates: ${results.length - failed.length}/${results.length} passed in ${seconds} s`);
if (failed.length > 0) {
  console.log(`failed: ${failed.map((result) => `${result.gate.name} (${result.findings.length} findings)`).join(', ')}`);
  process.exitCode = 1;
}
