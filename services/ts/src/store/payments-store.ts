// The payments table: capture idempotently by key in one transaction, and read one.
import type { Db } from './sqlite.js';
import { openDatabase } from './sqlite.js';

export type Currency = 'EUR' | 'USD' | 'GBP';

export interface Payment {
  id: number;
  customerId: number;
  amountCents: number;
  currency: Currency;
  status: 'captured';
  createdAt: string;
}

export interface PaymentRequest {
  customerId: number;
  amountCents: number;
  currency: Currency;
}

export type CaptureResult = { outcome: 'captured' | 'replayed'; payment: Payment } | { outcome: 'key_reused' };

interface KeyedRow extends Payment {
  fingerprint: string;
}

export class PaymentsStore {
  private readonly db: Db;
  private readonly insertRow;
  private readonly selectOne;
  private readonly selectByKey;
  private readonly captureOnce;

  constructor(dataDir: string) {
    this.db = openDatabase(dataDir, 'payment.db');
    // The stored answer of a keyed request is its payment row: the only executed answer is 201.
    this.db.exec(`CREATE TABLE IF NOT EXISTS payments (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      customer_id INTEGER NOT NULL,
      amount_cents INTEGER NOT NULL,
      currency TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL,
      idempotency_key TEXT UNIQUE,
      fingerprint TEXT
    )`);
    this.insertRow = this.db.prepare<[number, number, string, string, string | null, string | null]>(
      `INSERT INTO payments (customer_id, amount_cents, currency, status, created_at, idempotency_key, fingerprint)
       VALUES (?, ?, ?, 'captured', ?, ?, ?)`,
    );
    const columns = 'id, customer_id AS customerId, amount_cents AS amountCents, currency, status, created_at AS createdAt';
    this.selectOne = this.db.prepare<[number], Payment>(`SELECT ${columns} FROM payments WHERE id = ?`);
    this.selectByKey = this.db.prepare<[string], KeyedRow>(`SELECT ${columns}, fingerprint FROM payments WHERE idempotency_key = ?`);
    this.captureOnce = this.db.transaction(this.captureInTransaction.bind(this));
  }

  /**
   * Charges unless `key` was seen: the lookup and the insert share one IMMEDIATE transaction, so
   * even two processes on this file cannot both charge one key.
   */
  capture(request: PaymentRequest, key: string | undefined): CaptureResult {
    return this.captureOnce.immediate(request, key);
  }

  get(id: number): Payment | undefined {
    return this.selectOne.get(id);
  }

  close(): void {
    this.db.close();
  }

  private captureInTransaction(request: PaymentRequest, key: string | undefined): CaptureResult {
    const fingerprint = key === undefined ? null : fingerprintOf(request);
    if (key !== undefined) {
      const stored = this.selectByKey.get(key);
      if (stored !== undefined) {
        if (stored.fingerprint !== fingerprint) return { outcome: 'key_reused' };
        const { fingerprint: _, ...payment } = stored;
        return { outcome: 'replayed', payment };
      }
    }
    const createdAt = new Date().toISOString();
    const { customerId, amountCents, currency } = request;
    const { lastInsertRowid } = this.insertRow.run(customerId, amountCents, currency, createdAt, key ?? null, fingerprint);
    return {
      outcome: 'captured',
      payment: { id: Number(lastInsertRowid), customerId, amountCents, currency, status: 'captured', createdAt },
    };
  }
}

/** "The same body" means the same validated fields: key order, spacing and unknown fields do not count. */
function fingerprintOf(request: PaymentRequest): string {
  return `${request.customerId}:${request.amountCents}:${request.currency}`;
}
