// A build step with unlessNewer is skipped only while its output is newer than every input file, nested ones included.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { upToDate } from '../languages.js';

function touch(path: string, secondsAgo: number): void {
  writeFileSync(path, 'x');
  const at = Date.now() / 1000 - secondsAgo;
  utimesSync(path, at, at);
}

describe('a build step that redoes its work unless its output is newer', () => {
  const root = mkdtempSync(join(tmpdir(), 'scl-up-to-date-'));
  mkdirSync(join(root, 'src/deep'), { recursive: true });
  const step = { output: 'out/app.jar', inputs: ['src', 'pom.xml'] };

  it('runs without an output, is skipped once the output is newest, and runs again when a nested input changes', () => {
    touch(join(root, 'pom.xml'), 100);
    touch(join(root, 'src/deep/Main.java'), 100);
    expect(upToDate(step, root)).toBe(false);
    mkdirSync(join(root, 'out'));
    touch(join(root, 'out/app.jar'), 50);
    utimesSync(join(root, 'src/deep'), Date.now() / 1000 - 100, Date.now() / 1000 - 100);
    utimesSync(join(root, 'src'), Date.now() / 1000 - 100, Date.now() / 1000 - 100);
    expect(upToDate(step, root)).toBe(true);
    touch(join(root, 'src/deep/Main.java'), 10);
    expect(upToDate(step, root)).toBe(false);
  });

  it('a missing input counts as unchanged, a changed one anywhere in the list as changed', () => {
    touch(join(root, 'src/deep/Main.java'), 100);
    utimesSync(join(root, 'src/deep'), Date.now() / 1000 - 100, Date.now() / 1000 - 100);
    expect(upToDate({ ...step, inputs: ['src', 'absent'] }, root)).toBe(true);
    touch(join(root, 'pom.xml'), 1);
    expect(upToDate(step, root)).toBe(false);
  });
});
