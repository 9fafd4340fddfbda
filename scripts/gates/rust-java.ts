// The Rust and Java gates: formatted, linted with warnings as errors, tested; each finding names its file and rule.
import { execa } from 'execa';
import type { Gate } from './gate.js';
import { toolchainAvailable } from '../orchestration/languages.js';
import {
  cargoDiagnostics,
  cargoTestFindings,
  javacFindings,
  rustfmtFindings,
  spotlessFindings,
  surefireFindings,
} from './rust-java-findings.js';

/** launch.json's build target dir: the gates reuse the dependencies it compiled (release profile). */
const CARGO_TARGET = ['--release', '--target-dir', '.cache/rust'];
const CARGO_ENV = { CARGO_TERM_COLOR: 'never' };
/** The reactor and the local repository of launch.json's build: a fresh clone downloads the plugins once. */
const MAVEN = ['-B', '--no-transfer-progress', '-f', 'services/java/pom.xml', '-Dmaven.repo.local=.cache/m2'];

export function rustGates(): Gate[] {
  return [
    {
      name: 'cargo fmt --check',
      rule: 'rustfmt: every Rust file is formatted as rustfmt.toml says (`cargo fmt --all` fixes it)',
      command: 'cargo',
      args: ['fmt', '--all', '--check'],
      cwd: '.',
      env: CARGO_ENV,
      findings: rustfmtFindings,
    },
    {
      name: 'cargo clippy -D warnings',
      rule: "clippy: rustc's and clippy's default lints, warnings as errors; each finding ends with its [lint]",
      command: 'cargo',
      args: ['clippy', '--workspace', '--all-targets', '--locked', ...CARGO_TARGET, '--message-format=json', '--', '-D', 'warnings'],
      cwd: '.',
      env: CARGO_ENV,
      findings: cargoDiagnostics,
    },
    {
      name: 'cargo test',
      rule: 'cargo test: the unit tests of library/rust and services/rust pass',
      command: 'cargo',
      args: ['test', '--workspace', '--locked', ...CARGO_TARGET],
      cwd: '.',
      env: CARGO_ENV,
      findings: cargoTestFindings,
    },
  ];
}

export function javaGates(): Gate[] {
  return [
    {
      name: 'mvn spotless:check',
      rule: 'palantir-java-format through Spotless: every Java file is formatted (`mvn spotless:apply` fixes it)',
      command: 'mvn',
      args: [...MAVEN, 'spotless:check'],
      cwd: '.',
      findings: spotlessFindings,
    },
    {
      name: 'javac -Xlint:all -Werror',
      rule: "javac's lints (all but those services/java/pom.xml names), warnings as errors; each finding starts with its [lint]",
      command: 'mvn',
      args: [...MAVEN, 'test-compile'],
      cwd: '.',
      findings: javacFindings,
    },
    {
      name: 'mvn test',
      rule: 'JUnit through Surefire: the tests of library/java and services/java pass',
      command: 'mvn',
      args: [...MAVEN, 'test'],
      cwd: '.',
      findings: surefireFindings,
    },
  ];
}

/** Runs the Rust and Java gates wanted (`npm run gates -- rust java`), skipping, said aloud, a missing toolchain. */
export async function runRustAndJavaGates(wanted: Set<string>, runAll: (gates: Gate[]) => Promise<void>): Promise<void> {
  if (wanted.has('rust')) {
    const rust = await toolchainAvailable('rust');
    if (!rust.available) console.log(`skip rust gates: ${rust.message}`);
    else if (!(await rustComponentsPresent())) {
      console.log(
        'skip rust gates: SCL_ERR_TOOLCHAIN_MISSING: `cargo fmt` or `cargo clippy` is missing (`rustup component add rustfmt clippy`)',
      );
    } else await runAll(rustGates());
  }
  if (wanted.has('java')) {
    const java = await toolchainAvailable('java');
    if (java.available) await runAll(javaGates());
    else console.log(`skip java gates: ${java.message}`);
  }
}

async function rustComponentsPresent(): Promise<boolean> {
  const runs = await Promise.all(
    [
      ['fmt', '--version'],
      ['clippy', '--version'],
    ].map((args) => execa('cargo', args, { reject: false, stdin: 'ignore' })),
  );
  return runs.every((run) => run.exitCode === 0);
}
