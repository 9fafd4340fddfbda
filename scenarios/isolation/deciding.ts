// The one figure C3's verdict turned on, picked by the same branches that decide it (scenarios/isolation/claims.ts).
import type { DecidingFigure, Verdict } from '../../scripts/report/claims.js';
import type { IsolationFigures } from '../common/fault-analysis.js';

/** One fault in one language, in sidecar mode and in library mode, with the share of client requests each failed. */
export interface IsolationPair {
  sidecar: IsolationFigures;
  library: IsolationFigures;
  sidecarFailed: number;
  libraryFailed: number;
}

export interface C3Branches {
  verdict: Verdict;
  appHurt: IsolationFigures[];
  worse: IsolationPair[];
  counted: IsolationPair[];
  spared: IsolationPair[];
  deathFailed: number | null;
  deathHurts: boolean;
  /** The rule's thresholds, passed in: claims.ts imports this file, so this file cannot import it back. */
  thresholds: { appAnsweredShare: number; sparedFraction: number; unnoticedFailedShare: number };
}

const ratio = (pair: IsolationPair) => pair.sidecarFailed / pair.libraryFailed;

function pairFigure(pair: IsolationPair, what: string): DecidingFigure {
  return {
    label: `${pair.sidecar.fault} (${pair.sidecar.lang}): client requests failed in sidecar mode${what}`,
    unit: 'share',
    value: pair.sidecarFailed,
    comparedWith: { label: `with ${pair.library.fault} in library mode`, value: pair.libraryFailed },
  };
}

/** Spread into the finding: empty when "depends" rests on several figures at once. */
export function decidingC3({ verdict, appHurt, worse, counted, spared, deathFailed, deathHurts, thresholds }: C3Branches): {
  deciding?: DecidingFigure;
} {
  if (verdict === 'depends') return {};
  const hurt = appHurt[0];
  if (hurt !== undefined) {
    return {
      deciding: {
        label: `${hurt.fault} (${hurt.lang}): probes of the app's own port answered in sidecar mode${hurt.appSurvived ? '' : ' (the app died)'}`,
        unit: 'share',
        value: hurt.appAnsweredDuring ?? 0,
        comparedWith: { label: "kept answering (the rule's threshold)", value: thresholds.appAnsweredShare },
      },
    };
  }
  const worst = worse.reduce<IsolationPair | null>(
    (pick, pair) => (pick === null || pair.sidecarFailed - pair.libraryFailed > pick.sidecarFailed - pick.libraryFailed ? pair : pick),
    null,
  );
  if (worst !== null) return { deciding: pairFigure(worst, ', more than in the library') };
  // Supported: the counted fault closest to the bound of sparing; not supported with none spared: the closest miss.
  const closest = counted.reduce<IsolationPair | null>(
    (pick, pair) => (pick === null || (spared.length > 0 ? ratio(pair) > ratio(pick) : ratio(pair) < ratio(pick)) ? pair : pick),
    null,
  );
  if (closest !== null)
    return { deciding: pairFigure(closest, `, against at most ${thresholds.sparedFraction * 100}% of library mode's to count as spared`) };
  if (deathHurts && deathFailed !== null)
    return {
      deciding: {
        label: "the sidecar's own death (kill -9): client requests failed until it was back",
        unit: 'share',
        value: deathFailed,
        comparedWith: { label: "unnoticed (the rule's threshold)", value: thresholds.unnoticedFailedShare },
      },
    };
  return {};
}
