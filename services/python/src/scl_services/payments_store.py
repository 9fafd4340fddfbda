"""The payments table and the idempotency keys, written together in one transaction."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from .store import open_database, utc_now

_SCHEMA = """
CREATE TABLE IF NOT EXISTS payments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NOT NULL,
  amount_cents INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key TEXT PRIMARY KEY,
  request_fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL
);
"""


class Payment(TypedDict):
    """A payment as the API answers it (spec/services.openapi.yaml), keys as on the wire."""

    id: int
    customerId: int
    amountCents: int
    currency: str
    status: str
    createdAt: str


@dataclass(frozen=True, slots=True)
class Capture:
    """The answer to a capture: `replayed` when an earlier request with the same key made it."""

    status: int
    body: str
    payment_id: int = 0
    replayed: bool = False
    key_reused: bool = False  # same key, different request: nothing was charged


def _payment(row: sqlite3.Row) -> Payment:
    return {
        "id": row["id"],
        "customerId": row["customer_id"],
        "amountCents": row["amount_cents"],
        "currency": row["currency"],
        "status": row["status"],
        "createdAt": row["created_at"],
    }


class PaymentsStore:
    def __init__(self, data_dir: Path) -> None:
        self._db = open_database(data_dir / "payments.sqlite", _SCHEMA)

    def capture(self, customer_id: int, amount_cents: int, currency: str, key: str | None) -> Capture:
        """Charges once per key: the payment and the stored answer commit together or not at all."""
        fingerprint = json.dumps([customer_id, amount_cents, currency])
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if key is not None:
                stored = db.execute(
                    "SELECT request_fingerprint, status, body FROM idempotency_keys WHERE key = ?", (key,)
                ).fetchone()
                if stored is not None:
                    db.execute("ROLLBACK")
                    if stored["request_fingerprint"] != fingerprint:
                        return Capture(422, "", key_reused=True)
                    return Capture(stored["status"], stored["body"], replayed=True)
            created_at = utc_now()
            cursor = db.execute(
                "INSERT INTO payments (customer_id, amount_cents, currency, status, created_at) VALUES (?, ?, ?, ?, ?)",
                (customer_id, amount_cents, currency, "captured", created_at),
            )
            assert cursor.lastrowid is not None  # set by every INSERT
            payment: Payment = {
                "id": cursor.lastrowid,
                "customerId": customer_id,
                "amountCents": amount_cents,
                "currency": currency,
                "status": "captured",
                "createdAt": created_at,
            }
            body = json.dumps(payment, separators=(",", ":"))
            if key is not None:
                db.execute(
                    "INSERT INTO idempotency_keys (key, request_fingerprint, status, body) VALUES (?, ?, ?, ?)",
                    (key, fingerprint, 201, body),
                )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return Capture(201, body, payment["id"])

    def get(self, payment_id: int) -> Payment | None:
        row = self._db.execute("SELECT * FROM payments WHERE id = ?", (payment_id,)).fetchone()
        return _payment(row) if row else None

    def close(self) -> None:
        self._db.close()
