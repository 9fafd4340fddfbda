// C7 (one upgrade reaches every instance), from the effort and the rollouts of each upgrade on each path.
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import { notMeasured, type ClaimFinding, type DecidingFigure, type Verdict } from '../../scripts/report/claims.js';
import { formatNumber } from '../../scripts/report/html.js';
import { analyzeUpgrade } from './summary.js';

export function claimC7(run: AnalysedRun): ClaimFinding {
  const rule =
    "supported when, for every upgrade, the sidecar path changed code in one language while the library path changed it in more, and the sidecar rollouts failed no request and left no old behaviour after the last instance moved; not supported when the sidecar path changed as many languages as the library path, or its rollouts failed a larger share of requests than the library's or did not take effect everywhere; depends otherwise (one language only, or a rollout missing)";
  const upgrade = run.analysisOf(analyzeUpgrade);
  const data = upgrade?.data ?? null;
  if (upgrade === null || data === null || data.upgrades.length === 0)
    return notMeasured('the upgrade scenario did not run (npm run bench -- --scenario upgrade)', rule);
  const { library, sidecar } = upgrade;
  const describePath = (summary: typeof library, restarted: string) =>
    `${summary.path} path: code in up to ${summary.maxLanguages} language(s), ${summary.maxCodebases} codebase(s); ${summary.rollouts} rollout(s) restarting ${restarted}, ${summary.failed} of ${summary.sent} requests failed, mixed-version window up to ${formatNumber(summary.maxMixedWindowSeconds, 2, 's')}, ${summary.allTookEffect ? 'took effect everywhere' : 'did NOT take effect everywhere'}`;
  const evidence = `${data.upgrades.length} upgrade(s) over ${data.langs.join(', ')}: ${describePath(library, 'every app')}; ${describePath(sidecar, 'only the sidecars')}`;
  const perUpgrade = data.upgrades.map((upgrade) => ({
    library: upgrade.effort.find((one) => one.path === 'library')?.languages.length ?? 0,
    sidecar: upgrade.effort.find((one) => one.path === 'sidecar')?.languages.length ?? 0,
  }));
  const sidecarOnce = perUpgrade.every((one) => one.sidecar === 1);
  const libraryMany = perUpgrade.every((one) => one.library > 1);
  const complete = library.rollouts === data.upgrades.length && sidecar.rollouts === data.upgrades.length;
  let verdict: Verdict;
  const noFewerLanguages = perUpgrade.some((one) => one.library > 1 && one.sidecar >= one.library);
  // Rollouts of different lengths: failed shares, not counts.
  const failedShare = (summary: typeof library) => (summary.sent === 0 ? 0 : summary.failed / summary.sent);
  if (noFewerLanguages || (complete && (failedShare(sidecar) > failedShare(library) || !sidecar.allTookEffect))) verdict = 'not supported';
  else if (complete && sidecarOnce && libraryMany && sidecar.failed === 0 && sidecar.allTookEffect) verdict = 'supported';
  else verdict = 'depends';
  // Languages changed decide "once" and a failed share decides "without harm"; "depends" and "did not take effect" rest on no one figure.
  const languages: DecidingFigure = {
    label: 'languages the sidecar path changed (most over the upgrades)',
    unit: 'count',
    value: Math.max(...perUpgrade.map((one) => one.sidecar)),
    comparedWith: { label: 'the library path', value: Math.max(...perUpgrade.map((one) => one.library)) },
  };
  const failures: DecidingFigure = {
    label: 'requests failed during the sidecar rollouts',
    unit: 'share',
    value: failedShare(sidecar),
    comparedWith: { label: 'during the library rollouts', value: failedShare(library) },
  };
  const deciding =
    verdict === 'supported' || (verdict === 'not supported' && noFewerLanguages)
      ? languages
      : verdict === 'not supported' && failedShare(sidecar) > failedShare(library)
        ? failures
        : null;
  return { evidence, verdict, rule, ...(deciding === null ? {} : { deciding }) };
}

export const upgradeClaims: ClaimRule[] = [{ id: 'C7', evaluate: claimC7 }];
