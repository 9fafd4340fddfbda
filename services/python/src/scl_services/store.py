"""SQLite under SCL_DATA_DIR: customers and payments, each committed record surviving kill -9."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path


def utc_now() -> str:
    """RFC 3339 in UTC with milliseconds: `2026-11-28T02:22:26.123Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def open_database(path: Path, schema: str) -> sqlite3.Connection:
    """WAL with synchronous=NORMAL: a commit reaches the OS before it returns, so kill -9 loses nothing
    committed (a power cut could). Calls are synchronous on the event loop, as better-sqlite3's are in
    the TypeScript services: each is a few tens of microseconds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA busy_timeout=5000")
    connection.executescript(schema)
    return connection
