// The one figure each of C1, C2, C6 and K4 turned on, picked from the figures its rule read (scenarios/consistency/claims.ts).
import type { DecidingFigure, Verdict } from '../../scripts/report/claims.js';

type Found = { deciding?: DecidingFigure };

/** Picks the language a rule "in every language" turns on: the highest score, or the lowest where `lowest` says so. */
function binding<T>(items: readonly T[], score: (item: T) => number, lowest: boolean): T | undefined {
  return items.reduce<T | undefined>(
    (pick, item) => (pick === undefined || (lowest ? score(item) < score(pick) : score(item) > score(pick)) ? item : pick),
    undefined,
  );
}

/** C1: the glue a language needs for the sidecar against its own library; the largest share decides "small in each". */
export function decidingC1(
  libraries: readonly { lang: string; sidecarGlueLines: number; libraryLines: number }[],
  verdict: Verdict,
): Found {
  const one = binding(libraries, (x) => x.sidecarGlueLines / x.libraryLines, verdict === 'not supported');
  if (one === undefined || verdict === 'not measured') return {};
  return {
    deciding: {
      label: `${one.lang}: lines of glue its services need for the sidecar`,
      unit: 'lines',
      value: one.sidecarGlueLines,
      comparedWith: { label: `its own library (written again per language)`, value: one.libraryLines },
    },
  };
}

/** C2: how many vectors and generated input kinds two libraries took differently; without a difference, how many cases looked. */
export function decidingC2(differences: number, casesTried: number | null, minimumCases: number, verdict: Verdict): Found {
  if (verdict === 'depends')
    return {
      deciding: {
        label: 'generated cases that tested the copies (the differential test)',
        unit: 'count',
        value: casesTried ?? 0,
        comparedWith: { label: "enough to count as a test (the rule's threshold)", value: minimumCases },
      },
    };
  if (verdict === 'not measured') return {};
  return {
    deciding: { label: "vectors and generated input kinds two languages' libraries took differently", unit: 'count', value: differences },
  };
}

/** C6: vectors the one sidecar failed beside some language, unexpectedly or, when none did, as listed expected failures. */
export function decidingC6(failed: number, expected: number, verdict: Verdict): Found {
  if (verdict === 'not measured') return {};
  return verdict === 'depends'
    ? { deciding: { label: 'vectors the one sidecar fails beside some language, listed as expected', unit: 'count', value: expected } }
    : { deciding: { label: 'vectors the one sidecar failed unexpectedly beside any language', unit: 'count', value: failed } };
}

/** K4: the app-side code sidecar mode needs against the library adapter; the smallest ratio decides "in every language". */
export function decidingK4(
  languages: readonly { lang: string; sidecarGlueLines: number; libraryGlueLines: number }[],
  verdict: Verdict,
): Found {
  const one = binding(languages, (x) => x.sidecarGlueLines / x.libraryGlueLines, verdict !== 'not supported');
  if (one === undefined || verdict === 'not measured') return {};
  return {
    deciding: {
      label: `${one.lang}: app-side lines to use the sidecar`,
      unit: 'lines',
      value: one.sidecarGlueLines,
      comparedWith: { label: 'the library adapter', value: one.libraryGlueLines },
    },
  };
}
