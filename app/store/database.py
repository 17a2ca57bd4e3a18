"""Opening the SQLite file, its pragmas, transactions and file backups.

One connection per thread: a ``Database`` made here keeps sqlite3's
``check_same_thread`` so a connection handed to another thread fails loudly.
Workers open their own store on the same path; ``busy_timeout`` makes a second
writer wait for the first instead of failing.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 32 * 1024


def connect(path: Path) -> sqlite_utils.Database:
    """Open ``path`` (created if missing) with WAL, foreign keys and full sync."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        conn.close()
        raise sqlite3.OperationalError(f"cannot switch {path.name} to WAL (got {mode})")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Room for the request indexes at 750,000 rows, and sorts kept in memory.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA temp_store = MEMORY")
    return sqlite_utils.Database(conn)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[sqlite_utils.Database]:
    """Open an existing ``path`` read-only (no pragma or schema change), closed on exit.

    Cheap to call before deciding whether the file needs the slow path (migrations).
    """
    conn = sqlite3.connect(
        f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        yield sqlite_utils.Database(conn)
    finally:
        conn.close()


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """Run the block in one write transaction; nested blocks become savepoints.

    The outer transaction starts with ``BEGIN IMMEDIATE`` so the write lock is
    taken up front: a second writer waits (busy_timeout) at the start rather than
    failing half-way when a read transaction cannot be upgraded.
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"jempol_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def backup_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """Copy the live database to ``dest`` with the SQLite online backup API."""
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.unlink(missing_ok=True)
    target = sqlite3.connect(str(tmp))
    try:
        conn.backup(target)
    finally:
        target.close()
    tmp.replace(dest)
    return dest


def utc_now() -> str:
    """Current UTC time as ISO-8601 with microseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
