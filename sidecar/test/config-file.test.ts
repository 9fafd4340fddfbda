import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceFile } from '../src/config/atomic-file.js';
import { ConfigFileWriter, configFileText } from '../src/config/file-writer.js';
import type { AppliedConfig } from '../../library/ts/src/types.js';

const applied = (version: number, banner = `banner ${version}`): AppliedConfig => ({ version, config: { logLevel: 'info', banner } });
const folder = () => mkdtempSync(join(tmpdir(), 'scl-config-file-'));

describe('writing the config file atomically', () => {
  it('a reader polling the file never sees a partial file while it is replaced again and again', async () => {
    const file = join(folder(), 'config.json');
    await replaceFile(file, configFileText(applied(1)));
    let reads = 0;
    let torn = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(file, 'utf8');
        reads++;
        try {
          JSON.parse(text);
        } catch {
          torn++;
        }
      }
    })();
    // Large documents make a torn read likely if the write were not atomic.
    for (let version = 2; version <= 300; version++)
      await replaceFile(file, configFileText(applied(version, 'b'.repeat(150).repeat(version % 2 === 0 ? 1 : 0))));
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(10);
    expect(torn).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(300);
  });

  it('no temp file is left beside the config file', async () => {
    const dir = folder();
    await replaceFile(join(dir, 'config.json'), 'x');
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  it('the file follows spec/config-file.schema.json: {version, config}', () => {
    expect(JSON.parse(configFileText(applied(3)))).toEqual({ version: 3, config: { logLevel: 'info', banner: 'banner 3' } });
  });
});

describe('the config file writer', () => {
  it('a burst within the debounce window is written once, with the last version', async () => {
    const file = join(folder(), 'config.json');
    const written: number[] = [];
    const writer = new ConfigFileWriter({ path: file, debounceSeconds: 0.2, onWritten: (a) => written.push(a.version) });
    await writer.init();
    for (let version = 1; version <= 5; version++) writer.offer(applied(version));
    await writer.flush();
    expect(written).toEqual([5]);
    expect(writer.writes).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(5);
  });

  it('unchanged content is not written again, even after a restart', async () => {
    const file = join(folder(), 'config.json');
    writeFileSync(file, configFileText(applied(2)));
    const before = statSync(file).ino;
    const writer = new ConfigFileWriter({ path: file, debounceSeconds: 0 });
    await writer.init();
    expect(writer.hasConfig).toBe(false);
    writer.offer(applied(2));
    await writer.flush();
    expect(writer.writes).toBe(0);
    expect(writer.skippedUnchanged).toBe(1);
    expect(writer.hasConfig).toBe(true);
    expect(statSync(file).ino).toBe(before);
  });

  it('a failed write is reported and the next version tries again', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'blocker'), '');
    const errors: string[] = [];
    // A path under a regular file cannot be created.
    const writer = new ConfigFileWriter({
      path: join(dir, 'blocker', 'config.json'),
      debounceSeconds: 0,
      onError: (e) => errors.push(e.message),
    });
    await writer.init();
    writer.offer(applied(1));
    await writer.flush();
    expect(errors).toHaveLength(1);
    expect(writer.hasConfig).toBe(false);
  });
});
