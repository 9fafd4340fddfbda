// Counts the payments a service really stored, from its own SQLite file: the ground truth for double charges.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Rows of the `payments` table in whichever SQLite file of `dataDir` has one (each language names its file its own
 * way: payment.db, payments.sqlite). Null when no such file is found.
 */
export async function countStoredPayments(dataDir: string): Promise<number | null> {
  let names: string[];
  try {
    names = await readdir(dataDir);
  } catch {
    return null;
  }
  for (const name of names.filter((one) => /\.(db|sqlite|sqlite3)$/.test(one))) {
    let db: Database.Database | undefined;
    try {
      db = new Database(join(dataDir, name), { readonly: true, fileMustExist: true });
      const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'payments'").get();
      if (table === undefined) continue;
      return (db.prepare('SELECT COUNT(*) AS rows FROM payments').get() as { rows: number }).rows;
    } catch {
      // Not a database, or locked: try the next file.
    } finally {
      db?.close();
    }
  }
  return null;
}
