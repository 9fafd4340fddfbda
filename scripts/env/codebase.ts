// Counts the code of each implementation of the five features: each library per language, and the sidecar once.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../paths.js';
import { knownLanguages } from '../orchestration/languages.js';
import type { CodebaseFacts } from '../results/types.js';

const SOURCE_EXTENSIONS = ['.ts', '.go', '.py', '.rs', '.java'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'target', 'build', '.venv', '__pycache__', 'test', 'tests', 'testdata']);

function isTestFile(name: string): boolean {
  return /(_test\.go|\.test\.ts|^test_.*\.py|_test\.py|Test\.java)$/.test(name);
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
      const text = await readFile(path, 'utf8');
      files += 1;
      lines += text.split('\n').filter((line) => line.trim() !== '').length;
    }
  }
  return { files, lines };
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
  return { implementations };
}
