// One gate: a command whose failure names the files and the rule broken; run, timed, its findings picked out.
import { execa } from 'execa';
import { fromRoot } from '../orchestration/paths.js';

export interface Gate {
  /** "go vet library/go", printed as the gate's name. */
  name: string;
  /** What the gate enforces, printed beside each finding when it fails. */
  rule: string;
  command: string;
  args: string[];
  /** Folder, relative to the repository root, to run in. */
  cwd: string;
  env?: Record<string, string>;
  /** The tool succeeds while listing what is wrong (gofmt -l): any output is a failure. */
  outputIsFailure?: boolean;
  /** The tool exits 0 on findings it rates below an error (biome's infos): any finding is a failure. */
  findingsAreFailure?: boolean;
  /** Picks the findings (file:line: message) out of the tool's output; defaults to lines that start with a path. */
  findings?: (output: string) => string[];
}

export interface GateResult {
  gate: Gate;
  passed: boolean;
  seconds: number;
  findings: string[];
  output: string;
}

// file.go:12:3: message, src/x.py:4:1: E501 ..., "path:12: error: ..." (mypy)
const fileLine = /^\s*[\w./-]+\.\w+:\d+(:\d+)?:?\s/;

export function linesNamingAFile(output: string): string[] {
  return output.split('\n').filter((line) => fileLine.test(line));
}

export async function runGate(gate: Gate): Promise<GateResult> {
  const startedAt = performance.now();
  const run = await execa(gate.command, gate.args, {
    cwd: fromRoot(gate.cwd),
    env: gate.env,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: 900_000,
  });
  const seconds = (performance.now() - startedAt) / 1000;
  const output = String(run.all ?? '');
  const findings = (gate.findings ?? linesNamingAFile)(output);
  const passed =
    run.exitCode === 0 &&
    !(gate.outputIsFailure === true && output.trim() !== '') &&
    !(gate.findingsAreFailure === true && findings.length > 0);
  return { gate, passed, seconds, findings: passed ? [] : findings, output };
}
