"""The ``Store`` facade: one SQLite file, one connection, used by one thread."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from app.store.bulk import BulkMixin
from app.store.database import connect, read_only, write_transaction
from app.store.migrations import MIGRATIONS, apply_migrations
from app.store.officers import OfficersMixin
from app.store.outbox import OutboxMixin
from app.store.requests import RequestsMixin
from app.store.search import SearchMixin
from app.store.stock import StockMixin
from app.store.syncstate import SYNC_MIGRATIONS, SyncStateMixin
from app.store.targets import TargetsMixin
from app.store.visits import VisitsMixin


class Store(
    SyncStateMixin,
    OutboxMixin,
    OfficersMixin,
    VisitsMixin,
    BulkMixin,
    RequestsMixin,
    SearchMixin,
    StockMixin,
    TargetsMixin,
):
    """All laptop data access. Open one per thread: ``Store.open(path)``.

    The connection keeps sqlite3's same-thread check, so a worker thread must
    open its own ``Store`` on the same path; writers wait for each other for up
    to ``database.BUSY_TIMEOUT_MS``.
    """

    def __init__(self, db: sqlite_utils.Database, path: Path):
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path, migrate: bool = True) -> Store:
        """Open (creating if needed) and bring the schema up to date.

        Applies ``MIGRATIONS`` then ``SYNC_MIGRATIONS``; an existing file is
        backed up to ``<name>.pre-<step>.bak`` before its first pending step.
        """
        path = Path(path)
        db = connect(path)
        try:
            if migrate:
                apply_migrations(db, path, [MIGRATIONS, SYNC_MIGRATIONS])
        except BaseException:
            db.close()
            raise
        return cls(db, path)

    @staticmethod
    def pending_migrations(path: Path) -> list[str]:
        """Names of the steps ``Store.open(path)`` would apply, in order; nothing is written.

        A missing file needs every step (it is created fresh, quickly); an up-to-date file
        needs none. Opens the file read-only, so it is cheap enough for start-up.
        """
        sets = [MIGRATIONS, SYNC_MIGRATIONS]
        path = Path(path)
        if not path.exists():
            return [m.name for s in sets for m in s.pending(sqlite_utils.Database(memory=True))]
        with read_only(path) as db:
            return [m.name for s in sets for m in s.pending(db)]

    @staticmethod
    def peek_setting(path: Path, key: str, default: Any = None) -> Any:
        """One stored setting read without opening (or migrating) the store.

        For start-up choices made before ``Store.open`` (the UI language of the upgrade
        notice); ``default`` when the file or its settings table does not exist yet.
        """
        path = Path(path)
        if not path.exists():
            return default
        with read_only(path) as db:
            if not db["settings"].exists():
                return default
            row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return default if row is None else json.loads(row[0])

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group several writes into one transaction (nested calls are savepoints).

        The CSV importer wraps each good row in one so a row is written whole
        or not at all.
        """
        with write_transaction(self.db):
            yield self

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]
