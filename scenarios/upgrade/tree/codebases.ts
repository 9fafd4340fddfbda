// The codebases an upgrade patches, the folders each one owns, and which deployment path ships it.
export const CODEBASES = ['contract', 'library-ts', 'library-python', 'library-go', 'library-rust', 'library-java', 'sidecar'] as const;
export type Codebase = (typeof CODEBASES)[number];

export interface CodebaseInfo {
  /** Folders (relative to the repository root) whose changes belong to this codebase's patch. */
  paths: readonly string[];
  /** The language it is written in; the contract is data shared by all. */
  lang: 'ts' | 'python' | 'go' | 'rust' | 'java' | 'shared';
  /** Which path deploys it: the library path ships every library, the sidecar path the sidecar. */
  path: 'both' | 'library' | 'sidecar';
  /** For a library, the language of the apps that link it. */
  appLang?: string;
}

export const CODEBASE_INFO: Readonly<Record<Codebase, CodebaseInfo>> = {
  contract: { paths: ['spec', 'conformance'], lang: 'shared', path: 'both' },
  'library-ts': { paths: ['library/ts'], lang: 'ts', path: 'library', appLang: 'ts' },
  'library-python': { paths: ['library/python'], lang: 'python', path: 'library', appLang: 'python' },
  'library-go': { paths: ['library/go'], lang: 'go', path: 'library', appLang: 'go' },
  'library-rust': { paths: ['library/rust'], lang: 'rust', path: 'library', appLang: 'rust' },
  // The Java library owns no middleware: the services' request hook that feeds it (services/java) ships with it.
  'library-java': { paths: ['library/java', 'services/java'], lang: 'java', path: 'library', appLang: 'java' },
  sidecar: { paths: ['sidecar'], lang: 'ts', path: 'sidecar' },
};

/** The libraries, one per language, in the order reports list them. */
export const LIBRARY_CODEBASES = [
  'library-ts',
  'library-python',
  'library-go',
  'library-rust',
  'library-java',
] as const satisfies readonly Codebase[];

/** A test file by the project's layout: <component>/test/, tests/ in Python, *_test.go in Go, *_test.rs in Rust, src/test/ in Java. */
export function isTestFile(file: string): boolean {
  return /(^|\/)(test|tests)\//.test(file) || file.endsWith('_test.go') || file.endsWith('_test.rs');
}

export function patchFileName(codebase: Codebase): string {
  return `${codebase}.patch`;
}
