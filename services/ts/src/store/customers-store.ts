// The customers table: create, read one, and list by ascending id a page at a time.
import type { Db } from './sqlite.js';
import { openDatabase } from './sqlite.js';

export interface Customer {
  id: number;
  name: string;
  email: string;
  createdAt: string;
}

export interface CustomerPage {
  items: Customer[];
  nextAfter: number | null;
}

export class CustomersStore {
  private readonly db: Db;
  private readonly insertRow;
  private readonly selectOne;
  private readonly selectPage;

  constructor(dataDir: string) {
    this.db = openDatabase(dataDir, 'customers.db');
    this.db.exec(`CREATE TABLE IF NOT EXISTS customers (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      email TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`);
    this.insertRow = this.db.prepare<[string, string, string]>('INSERT INTO customers (name, email, created_at) VALUES (?, ?, ?)');
    const columns = 'id, name, email, created_at AS createdAt';
    this.selectOne = this.db.prepare<[number], Customer>(`SELECT ${columns} FROM customers WHERE id = ?`);
    this.selectPage = this.db.prepare<[number, number], Customer>(`SELECT ${columns} FROM customers WHERE id > ? ORDER BY id LIMIT ?`);
  }

  create(name: string, email: string): Customer {
    const createdAt = new Date().toISOString();
    const { lastInsertRowid } = this.insertRow.run(name, email, createdAt);
    return { id: Number(lastInsertRowid), name, email, createdAt };
  }

  get(id: number): Customer | undefined {
    return this.selectOne.get(id);
  }

  /** Ids greater than `after`; one extra row tells whether a next page exists. */
  list(after: number, limit: number): CustomerPage {
    const rows = this.selectPage.all(after, limit + 1);
    const hasMore = rows.length > limit;
    if (hasMore) rows.pop();
    return { items: rows, nextAfter: hasMore ? rows[rows.length - 1]!.id : null };
  }

  close(): void {
    this.db.close();
  }
}
