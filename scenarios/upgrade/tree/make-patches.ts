// Developer tool: writes the uncommitted changes of the working tree as one patch per codebase into scenarios/upgrade/upgrades/<name>/.
// Usage: node dist/scenarios/upgrade/tree/make-patches.js <name>   (then revert the working tree: git checkout -- . && git clean -fd <paths>)
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../../../scripts/orchestration/paths.js';
import { CODEBASE_INFO, CODEBASES, patchFileName } from './codebases.js';

const name = process.argv[2];
if (name === undefined || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
  console.error('SCL_ERR_BAD_FLAG: give the upgrade name in kebab-case, e.g. redact-pii');
  process.exit(2);
}
const root = fromRoot();
const folder = join(root, 'scenarios', 'upgrade', 'upgrades', name);
mkdirSync(folder, { recursive: true });
for (const codebase of CODEBASES) {
  const paths = CODEBASE_INFO[codebase].paths;
  // New files must be known to git to appear in a diff; intent-to-add records nothing else.
  execFileSync('git', ['add', '--intent-to-add', '--', ...paths], { cwd: root });
  const diff = execFileSync('git', ['diff', '--no-color', '--no-ext-diff', '--full-index', 'HEAD', '--', ...paths], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const file = join(folder, patchFileName(codebase));
  if (diff.trim() === '') {
    rmSync(file, { force: true });
    console.log(`${codebase}: no change`);
  } else {
    writeFileSync(file, diff);
    console.log(`${codebase}: ${file}`);
  }
}
