// From the counted code to C1's comparison: a library per language against the sidecar once plus each language's glue.
import type { CodebaseFacts, Lang } from '../../scripts/results/types.js';

export interface LanguageCode {
  lang: Lang;
  libraryLines: number;
  libraryFiles: number;
  /** The services' adapter to the library (platform/library.*). */
  libraryGlueLines: number;
  /** What the services need to use the sidecar: log file writer, config file reader, ambassador client. */
  sidecarGlueLines: number;
  sidecarGlueFiles: number;
}

export interface CodeComparison {
  languages: LanguageCode[];
  sidecarOwnLines: number;
  sidecarOwnFiles: number;
  /** library/ts files the sidecar is built from. */
  reusedLines: number;
  /** The sidecar's own code and what it reuses: written once for every language. */
  sidecarOnceLines: number;
  /** Every language's library and its adapter: the library approach for the languages of this run. */
  librariesTotalLines: number;
  /** The sidecar once plus every language's glue: the sidecar approach for the same languages. */
  sidecarTotalLines: number;
  /** From how many languages on the sidecar approach needs fewer lines, at this run's average per language; null if never. */
  breakEvenLanguages: number | null;
}

export function compareCode(codebase: CodebaseFacts): CodeComparison | null {
  const sidecar = codebase.implementations.find((one) => one.name === 'sidecar');
  const languages: LanguageCode[] = codebase.implementations
    .filter((one) => one.name.startsWith('library/'))
    .map((library) => {
      const lang = library.name.slice('library/'.length);
      const glue = (mode: 'library' | 'sidecar') => (codebase.glue ?? []).find((one) => one.lang === lang && one.mode === mode);
      return {
        lang,
        libraryLines: library.lines,
        libraryFiles: library.files,
        libraryGlueLines: glue('library')?.lines ?? 0,
        sidecarGlueLines: glue('sidecar')?.lines ?? 0,
        sidecarGlueFiles: glue('sidecar')?.files ?? 0,
      };
    });
  if (sidecar === undefined || languages.length === 0) return null;
  const reusedLines = codebase.sidecarReuse?.lines ?? 0;
  const sidecarOnceLines = sidecar.lines + reusedLines;
  const librariesTotalLines = languages.reduce((sum, one) => sum + one.libraryLines + one.libraryGlueLines, 0);
  const sidecarTotalLines = sidecarOnceLines + languages.reduce((sum, one) => sum + one.sidecarGlueLines, 0);
  const savedPerLanguage = (librariesTotalLines - (sidecarTotalLines - sidecarOnceLines)) / languages.length;
  return {
    languages,
    sidecarOwnLines: sidecar.lines,
    sidecarOwnFiles: sidecar.files,
    reusedLines,
    sidecarOnceLines,
    librariesTotalLines,
    sidecarTotalLines,
    breakEvenLanguages: savedPerLanguage > 0 ? Math.ceil(sidecarOnceLines / savedPerLanguage) : null,
  };
}
