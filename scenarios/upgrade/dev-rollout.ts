// TEMPORARY dev driver.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/orchestration/paths.js';
import { runRollout } from './rollout.js';
import type { MemberSpec } from './fleet.js';

const path = (process.argv[2] ?? 'library') as 'library' | 'sidecar';
const newRoot = process.argv[3] ?? repoRoot();
const langs = (process.argv[4] ?? 'ts').split(',');
const rate = Number(process.argv[5] ?? 50);
const members: MemberSpec[] = [];
['customers', 'payment', 'web'].forEach((service, s) => {
  for (let i = 0; i < 2; i++) members.push({ instanceId: `${service}-${i + 1}`, service, lang: langs[(s + i) % langs.length]!, mode: path });
});
const runDir = mkdtempSync(join(tmpdir(), 'scl-dev-rollout-'));
console.log(runDir);
const figures = await runRollout({ path, probe: 'redaction', members, oldRoot: repoRoot(), newRoot, ratePerSecond: rate, warmupSeconds: 3, steadySeconds: 3, settleSeconds: 2, bucketSeconds: 0.5, runDir, step: (l) => console.log(l) });
const { timeline, ...rest } = figures;
console.log(JSON.stringify(rest, null, 1));
console.log(timeline.map((b) => `${b.startSeconds}\tok ${b.ok}\tfail ${b.failed}\tp99 ${b.p99Micros}\told ${b.oldRecords}\tnew ${b.newRecords}`).join('\n'));
process.exit(0);
