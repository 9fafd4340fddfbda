// Runs the Java library's and services' JUnit tests (`mvn test` on the reactor), so that `npm test` covers Java
// too. Skipped, with the reason, when Maven or a JDK 17+ is not installed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toolchainAvailable } from '../../../scripts/orchestration/languages.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const check = await toolchainAvailable('java');
if (!check.available) console.warn(check.message);

describe.skipIf(!check.available)('Java modules', () => {
  it('library/java and services/java pass mvn test', { timeout: 600_000 }, () => {
    // The local repository under .cache/m2 makes a rerun fast; a clean machine downloads once.
    const run = spawnSync('mvn', ['-B', '-q', '-f', 'services/java/pom.xml', '-Dmaven.repo.local=.cache/m2', 'test'], { cwd: root, encoding: 'utf8' });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  });
});
