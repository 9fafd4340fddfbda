// Replaces a file atomically: a temp file in the same folder, fsync, rename over the file, fsync of the folder.
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let tempCounter = 0;

/**
 * A reader sees the old content or the new, never a mix: rename(2) swaps the name in one step,
 * and the fsync before it makes sure the new inode's data is on disk before the name points to
 * it. The folder's fsync makes the rename itself durable. The temp name starts with a dot and
 * differs from the file's, so an app watching the folder for its file's name ignores it.
 */
export async function replaceFile(path: string, content: string | Buffer): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${process.pid}.${++tempCounter}.tmp`);
  const file = await open(temp, 'w', 0o644);
  try {
    await file.writeFile(content);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  const dir = await open(folder, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
