// The Rust and Java gates fail naming file, line and rule: rustfmt and clippy run for real on a seeded crate; the
// Maven tools' findings are picked out of output they printed on this repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runGate } from '../gates/gate.js';
import { javacFindings, spotlessFindings, surefireFindings } from '../gates/rust-java-findings.js';
import { rustGates } from '../gates/rust-java.js';
import { fromRoot } from '../orchestration/paths.js';

function hasCargoTools(): boolean {
  try {
    execFileSync('cargo', ['clippy', '--version'], { stdio: 'ignore' });
    execFileSync('cargo', ['fmt', '--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const cargo = hasCargoTools();
if (!cargo) console.warn('SCL_ERR_TOOLCHAIN_MISSING: cargo fmt or cargo clippy is missing; the Rust gate tests are skipped');

// Inside the repository (gates run in a folder relative to its root), in the ignored .cache/.
const crate = `.cache/gates-test/${randomUUID()}`;

describe.skipIf(!cargo)('the Rust gates on a crate seeded with findings', () => {
  mkdirSync(fromRoot(crate, 'src'), { recursive: true });
  // Its own [workspace]: the repository's workspace does not list it.
  writeFileSync(fromRoot(crate, 'Cargo.toml'), '[package]\nname = "seeded"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n');
  writeFileSync(fromRoot(crate, 'Cargo.lock'), 'version = 4\n\n[[package]]\nname = "seeded"\nversion = "0.1.0"\n');
  // Misformatted, and a return clippy calls needless (needless_return, a default style lint).
  writeFileSync(fromRoot(crate, 'src/lib.rs'), 'pub fn one() -> u32 {   return 1; }\n');
  const [fmt, clippy] = rustGates().map((gate) => ({ ...gate, cwd: crate }));
  afterAll(() => rmSync(fromRoot(crate), { recursive: true, force: true }));

  it('cargo fmt --check names the misformatted file and line', async () => {
    const result = await runGate(fmt!);
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([expect.stringMatching(/src\/lib\.rs:1: not formatted/)]);
  });

  it('clippy names file, line and the lint', { timeout: 300_000 }, async () => {
    const result = await runGate(clippy!);
    expect(result.passed, result.output).toBe(false);
    expect(result.findings).toEqual([expect.stringMatching(/^src\/lib\.rs:1:\d+: error: .* \[clippy::needless_return\]$/)]);
  });
});

describe('the Java gates pick their findings out of Maven', () => {
  it('spotless: each file from its module folder, and the count of the rest', () => {
    const output = [
      '[ERROR] Failed to execute goal com.diffplug.spotless:spotless-maven-plugin:3.11.0:check (default-cli) on project scl-library: The following files had format violations:',
      '[ERROR]     src/test/java/dev/sidecarlab/library/config/AnswerTest.java',
      '[ERROR]         @@ -58,7 +62,8 @@',
      '[ERROR] Violations also present in 28 other files.',
    ].join('\n');
    expect(spotlessFindings(output)).toEqual([
      'library/java/src/test/java/dev/sidecarlab/library/config/AnswerTest.java: not formatted as palantir-java-format says',
      'Violations also present in 28 other files.',
    ]);
  });

  it('javac: file:line:col from the repository root, with the lint', () => {
    const file = fromRoot('services/java/app/src/main/java/dev/sidecarlab/services/hooks/Hooks.java');
    const output = `[WARNING] ${file}:[63,63] [deprecation] fields() in JsonNode has been deprecated\n[ERROR] warnings found and -Werror specified`;
    expect(javacFindings(output)).toEqual([
      'services/java/app/src/main/java/dev/sidecarlab/services/hooks/Hooks.java:63:63: [deprecation] fields() in JsonNode has been deprecated',
      'javac: warnings found and -Werror specified',
    ]);
  });

  it('surefire: the failed test and its class', () => {
    const output = [
      '[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.2 s <<< FAILURE! -- in dev.sidecarlab.library.egress.EgressTest',
      '[ERROR] Failures: ',
      '[ERROR]   EgressTest.aTimeoutIsRetried:42 expected: <2> but was: <1>',
      '[INFO] Tests run: 9, Failures: 0, Errors: 0, Skipped: 0',
    ].join('\n');
    expect(surefireFindings(output)).toEqual([
      'Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.2 s <<< FAILURE! -- in dev.sidecarlab.library.egress.EgressTest',
      'EgressTest.aTimeoutIsRetried:42 expected: <2> but was: <1>',
    ]);
  });
});
