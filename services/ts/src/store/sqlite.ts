// Opens a service's SQLite file under SCL_DATA_DIR with the settings every store shares.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function openDatabase(dataDir: string, fileName: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  // Durability against kill -9: a commit in WAL mode has been handed to the kernel with write(2)
  // before better-sqlite3 returns, so it sits in the OS page cache, which outlives the process;
  // the next open replays the WAL. NORMAL skips only the fsync per commit, which matters for a
  // power cut or a kernel crash, not for a crash of this process (spec/start-contract.md asks
  // for the latter). FULL would add an fsync to every write request.
  db.pragma('synchronous = NORMAL');
  // A second process on the same file (a restart overlapping the old one) waits, not fails.
  db.pragma('busy_timeout = 5000');
  return db;
}
