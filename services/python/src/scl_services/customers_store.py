"""The customers table."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TypedDict

from .store import open_database, utc_now

_SCHEMA = """
CREATE TABLE IF NOT EXISTS customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  created_at TEXT NOT NULL
);
"""


class Customer(TypedDict):
    """A customer as the API answers it (spec/services.openapi.yaml), keys as on the wire."""

    id: int
    name: str
    email: str
    createdAt: str


def _customer(row: sqlite3.Row) -> Customer:
    return {"id": row["id"], "name": row["name"], "email": row["email"], "createdAt": row["created_at"]}


class CustomersStore:
    def __init__(self, data_dir: Path) -> None:
        self._db = open_database(data_dir / "customers.sqlite", _SCHEMA)

    def create(self, name: str, email: str) -> Customer:
        created_at = utc_now()
        cursor = self._db.execute(
            "INSERT INTO customers (name, email, created_at) VALUES (?, ?, ?)", (name, email, created_at)
        )
        assert cursor.lastrowid is not None  # set by every INSERT
        return {"id": cursor.lastrowid, "name": name, "email": email, "createdAt": created_at}

    def get(self, customer_id: int) -> Customer | None:
        row = self._db.execute("SELECT * FROM customers WHERE id = ?", (customer_id,)).fetchone()
        return _customer(row) if row else None

    def page(self, after: int, limit: int) -> tuple[list[Customer], int | None]:
        """Up to `limit` customers with id > `after`, and the `after` of the next page (None on the last)."""
        rows = self._db.execute(
            "SELECT * FROM customers WHERE id > ? ORDER BY id LIMIT ?", (after, limit + 1)
        ).fetchall()
        items = [_customer(row) for row in rows[:limit]]
        next_after = items[-1]["id"] if len(rows) > limit else None
        return items, next_after

    def close(self) -> None:
        self._db.close()
