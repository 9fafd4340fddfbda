// Reads SCL_CONFIG_FILE (spec/config-file.schema.json) and re-reads it whenever the sidecar replaces it.
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import configFileSchema from '../../../../spec/config-file.schema.json' with { type: 'json' };
import configSchema from '../../../../spec/config.schema.json' with { type: 'json' };
import type { AppliedConfig } from './platform.js';

/** Why a file was not applied, or `watch` when watching its folder failed. */
export type ConfigRejection = 'invalid_json' | 'schema' | 'watch';

export interface ConfigFile {
  current(): AppliedConfig;
  onChange(listener: (applied: AppliedConfig) => void): void;
  close(): void;
}

function compileValidator() {
  const ajv = new Ajv2020({ allErrors: false });
  ajv.addSchema(configSchema);
  return ajv.compile<AppliedConfig>(configFileSchema);
}

/**
 * Starts with the file if it holds a good config, else with `fallback`. Watches the folder, not
 * the file: the sidecar replaces the file by rename, which a watch on the old inode would miss.
 * A file that does not parse or validate (torn, hand-edited) is reported and the last good one
 * stays in use.
 */
export async function openConfigFile(
  file: string,
  fallback: AppliedConfig,
  onRejected: (reason: ConfigRejection, detail: string) => void,
): Promise<ConfigFile> {
  const isValid = compileValidator();
  const listeners: Array<(applied: AppliedConfig) => void> = [];
  let current = fallback;
  let reading = false;
  let readAgain = false;

  async function reread(): Promise<void> {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    do {
      readAgain = false;
      const next = await readGood(file, isValid, onRejected);
      if (next !== undefined && next.version !== current.version) {
        current = next;
        for (const listener of listeners) listener(next);
      }
    } while (readAgain);
    reading = false;
  }

  const folder = path.dirname(file);
  const name = path.basename(file);
  await mkdir(folder, { recursive: true });
  // Watch before the first read so that a change in between is not missed.
  const watcher: FSWatcher = watch(folder, (_event, changed) => {
    if (changed === null || changed === name) void reread();
  });
  watcher.on('error', (error) => onRejected('watch', `watching ${folder} failed: ${error.message}`));
  await reread();

  return {
    current: () => current,
    onChange: (listener) => void listeners.push(listener),
    close: () => watcher.close(),
  };
}

/** The file's config, or undefined when it is absent or not good. */
async function readGood(
  file: string,
  isValid: ReturnType<typeof compileValidator>,
  onRejected: (reason: ConfigRejection, detail: string) => void,
): Promise<AppliedConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined; // not written yet, or removed: keep what is in use
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    onRejected('invalid_json', `${file}: ${(error as Error).message}`);
    return undefined;
  }
  if (!isValid(document)) {
    onRejected('schema', `${file}: ${isValid.errors?.[0]?.instancePath ?? ''} ${isValid.errors?.[0]?.message ?? ''}`);
    return undefined;
  }
  return document;
}
