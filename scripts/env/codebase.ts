// Counts the code of each implementation of the five features (each library per language, the sidecar once) and the
// per-language glue each mode needs in the services.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { REPO_ROOT } from '../paths.js';
import { knownLanguages } from '../orchestration/languages.js';
import type { CodebaseFacts } from '../results/types.js';

const SOURCE_EXTENSIONS = ['.ts', '.go', '.py', '.rs', '.java'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'target', 'build', '.venv', '__pycache__', 'test', 'tests', 'testdata']);

function isTestFile(name: string): boolean {
  return /(_test\.go|_test\.rs|\.test\.ts|^test_.*\.py|_test\.py|Test\.java)$/.test(name);
}

async function countSource(folder: string): Promise<{ files: number; lines: number }> {
  let files = 0;
  let lines = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name)) continue;
      const inner = await countSource(path);
      files += inner.files;
      lines += inner.lines;
    } else if (SOURCE_EXTENSIONS.some((extension) => entry.name.endsWith(extension)) && !isTestFile(entry.name)) {
      files += 1;
      lines += countLines(await readFile(path, 'utf8'));
    }
  }
  return { files, lines };
}

/**
 * The files of a language's platform folder (services/<lang>/.../platform/) that exist only for one mode, by name (dashes and
 * underscores ignored). What every mode shares (the seam, business-counter rules, the plain peer client) is not glue.
 */
export const GLUE_FILE_NAMES: Record<'library' | 'sidecar', string[]> = {
  library: ['library'],
  sidecar: ['sidecar', 'logfile', 'jsonlines', 'accesslog', 'observe', 'configfile', 'folderwatch', 'counters'],
};

async function findFolder(root: string, name: string): Promise<string | undefined> {
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || SKIPPED_FOLDERS.has(entry.name)) continue;
    if (entry.name === name) return join(root, entry.name);
    const inner = await findFolder(join(root, entry.name), name);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** Lines each language's services need to use the library, and to use the sidecar. */
export async function captureGlue(langs: readonly string[]): Promise<CodebaseFacts['glue']> {
  const glue: CodebaseFacts['glue'] = [];
  for (const lang of langs) {
    const servicesDir = join(REPO_ROOT, 'services', lang);
    const platform = existsSync(servicesDir) ? await findFolder(servicesDir, 'platform') : undefined;
    if (platform === undefined) continue;
    const sources = (await readdir(platform, { withFileTypes: true })).filter(
      (entry) => entry.isFile() && SOURCE_EXTENSIONS.some((extension) => entry.name.endsWith(extension)) && !isTestFile(entry.name),
    );
    for (const mode of ['library', 'sidecar'] as const) {
      const files = sources.filter((entry) =>
        GLUE_FILE_NAMES[mode].includes(
          entry.name
            .replace(/\.[a-z]+$/, '')
            .replace(/[-_]/g, '')
            .toLowerCase(),
        ),
      );
      let lines = 0;
      for (const file of files) lines += countLines(await readFile(join(platform, file.name), 'utf8'));
      glue.push({
        lang,
        mode,
        files: files.length,
        lines,
        paths: files.map((file) => relative(REPO_ROOT, join(platform, file.name))).sort(),
      });
    }
  }
  return glue;
}

const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

/**
 * The files of library/ts/src the sidecar is built from: the import closure of sidecar/src, followed through
 * relative imports. The sidecar needs them as much as its own files, so "written once" counts them too.
 */
export async function captureSidecarReuse(): Promise<CodebaseFacts['sidecarReuse']> {
  const sidecarDir = join(REPO_ROOT, 'sidecar', 'src');
  const libraryDir = join(REPO_ROOT, 'library', 'ts', 'src');
  if (!existsSync(sidecarDir)) return null;
  const pending = (await readdir(sidecarDir, { recursive: true }))
    .filter((name) => name.endsWith('.ts') && !isTestFile(name))
    .map((name) => join(sidecarDir, name));
  const seen = new Set<string>(pending);
  const reused = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = join(dirname(file), match[1]!.replace(/\.js$/, '.ts'));
      if (seen.has(target) || !existsSync(target)) continue;
      seen.add(target);
      pending.push(target);
      if (target.startsWith(libraryDir)) reused.add(target);
    }
  }
  let lines = 0;
  for (const file of reused) lines += countLines(await readFile(file, 'utf8'));
  return { from: relative(REPO_ROOT, libraryDir), files: reused.size, lines };
}

function countLines(text: string): number {
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

/** Non-blank lines of non-test source; the sidecar is counted without the TS library it reuses. */
export async function captureCodebase(): Promise<CodebaseFacts> {
  const candidates = [
    ...knownLanguages().map((lang) => ({ name: `library/${lang}`, path: join(REPO_ROOT, 'library', lang) })),
    { name: 'sidecar', path: join(REPO_ROOT, 'sidecar', 'src') },
  ];
  const implementations: CodebaseFacts['implementations'] = [];
  for (const candidate of candidates) {
    if (!existsSync(candidate.path)) continue;
    implementations.push({ name: candidate.name, path: relative(REPO_ROOT, candidate.path), ...(await countSource(candidate.path)) });
  }
  return { implementations, sidecarReuse: await captureSidecarReuse(), glue: await captureGlue(knownLanguages()) };
}
