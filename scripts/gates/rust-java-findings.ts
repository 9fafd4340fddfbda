// Picks the findings out of the Rust and Java tools' output, each as "file:line: message" from the repository root.
import { fromRoot } from '../orchestration/paths.js';

/** Maven's project names (artifactIds) and the folders they build, to name a file from the repository root. */
const JAVA_MODULES: Record<string, string> = { 'scl-library': 'library/java', 'scl-services': 'services/java/app' };

/** Absolute paths in a tool's output, shown from the repository root. */
function fromRepository(text: string): string {
  return text.split(`${fromRoot()}/`).join('');
}

/** rustfmt's "Diff in /abs/file.rs:12:" headers. */
export function rustfmtFindings(output: string): string[] {
  return [...output.matchAll(/^Diff in (\S+\.rs):(\d+):?$/gm)].map(
    ([, file, line]) => `${fromRepository(file ?? '')}:${line}: not formatted as rustfmt.toml says`,
  );
}

interface CargoSpan {
  file_name: string;
  line_start: number;
  column_start: number;
  is_primary: boolean;
}
interface CargoMessage {
  reason?: string;
  message?: { level: string; message: string; code: { code: string } | null; spans: CargoSpan[] };
}

/** Cargo's JSON messages (--message-format=json): file:line:col: level: message [lint or error code], once each. */
export function cargoDiagnostics(output: string): string[] {
  const findings = new Set<string>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let parsed: CargoMessage;
    try {
      parsed = JSON.parse(line) as CargoMessage;
    } catch {
      continue;
    }
    const message = parsed.message;
    if (parsed.reason !== 'compiler-message' || message === undefined) continue;
    const span = message.spans.find((candidate) => candidate.is_primary);
    if (span === undefined || !['error', 'warning'].includes(message.level)) continue;
    const code = message.code === null ? '' : ` [${message.code.code}]`;
    findings.add(`${span.file_name}:${span.line_start}:${span.column_start}: ${message.level}: ${message.message}${code}`);
  }
  return [...findings];
}

/** cargo test: the failed tests, where each panicked, and any compile error's location. */
export function cargoTestFindings(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^test .* \.\.\. FAILED$|panicked at \S+\.rs:\d+|^--> \S+\.rs:\d+|^error(\[E\d+\])?: /.test(line));
}

/** Spotless names the files of the first module that fails, from that module's folder, and counts the rest. */
export function spotlessFindings(output: string): string[] {
  const findings: string[] = [];
  let module = '';
  for (const line of output.split('\n')) {
    const failed = /on project ([\w-]+): The following files had format violations/.exec(line);
    if (failed !== null) module = JAVA_MODULES[failed[1] ?? ''] ?? '';
    const file = /^\[ERROR\] {5}(\S+\.java)$/.exec(line);
    if (file !== null) findings.push(`${module === '' ? '' : `${module}/`}${file[1]}: not formatted as palantir-java-format says`);
    if (line.includes('Violations also present in')) findings.push(line.replace('[ERROR] ', ''));
  }
  return findings;
}

/** javac through Maven: "[WARNING] /abs/File.java:[12,3] [lint] message" (and [ERROR] for errors), as file:line:col. */
export function javacFindings(output: string): string[] {
  const findings = new Set<string>();
  for (const match of output.matchAll(/^\[(?:WARNING|ERROR)\] (\/\S+\.java):\[(\d+),(\d+)\] (.*)$/gm)) {
    const [, file, line, column, message] = match;
    findings.add(`${fromRepository(file ?? '')}:${line}:${column}: ${message}`);
  }
  if (output.includes('warnings found and -Werror specified')) findings.add('javac: warnings found and -Werror specified');
  return [...findings];
}

/** Surefire: each failed test (Class.method:line message) and each failing class's summary. */
export function surefireFindings(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /^\[ERROR\] {3}\S+\.\S+:\d+/.test(line) || /<<< (FAILURE|ERROR)!/.test(line))
    .map((line) => line.replace(/^\[ERROR\]\s+/, ''));
}
