"""Named, versioned schema steps for the laptop database.

Each step is one function registered on ``MIGRATIONS`` and runs in its own
transaction (``sqlite_utils.migrations``). Steps are frozen once released: a
schema change is a new step, never an edit to an old one. Steps use
``db.execute`` only; ``executescript`` would commit the step's transaction early.

The sync engineer's set (``app.store.syncstate.SYNC_MIGRATIONS``) is applied
after this one by :func:`apply_migrations`. Before any pending step touches an
existing file, the file is copied to ``<name>.pre-<step>.bak`` beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from app.store.database import backup_to

MIGRATIONS = Migrations("jempol")


def _run(db: sqlite_utils.Database, *statements: str) -> None:
    for sql in statements:
        db.execute(sql)


@MIGRATIONS()
def m001_initial(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """CREATE TABLE officers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            nip TEXT NOT NULL UNIQUE,
            team TEXT NOT NULL DEFAULT '',
            kecamatan_code TEXT NOT NULL DEFAULT '',
            password_hash TEXT NOT NULL,
            password_salt TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)",
        """CREATE TABLE visits (
            uuid TEXT PRIMARY KEY,
            officer_id INTEGER NOT NULL REFERENCES officers(id),
            visit_date TEXT NOT NULL,
            kecamatan_code TEXT NOT NULL,
            desa_code TEXT NOT NULL,
            site TEXT NOT NULL CHECK (site IN ('balai_desa', 'sekolah', 'rumah', 'lainnya')),
            site_note TEXT NOT NULL DEFAULT '',
            area_type TEXT NOT NULL CHECK (area_type IN ('inland', 'coastal')),
            latitude REAL,
            longitude REAL,
            team_members TEXT NOT NULL DEFAULT '[]',
            started_at TEXT NOT NULL,
            ended_at TEXT,
            revision INTEGER NOT NULL CHECK (revision >= 1),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX visits_officer_ended ON visits(officer_id, ended_at)",
        "CREATE INDEX visits_date_desa ON visits(visit_date, desa_code)",
        # id is the stable integer rowid the FTS index points at (a bare rowid may
        # change on VACUUM); uuid is the record's identity everywhere else.
        """CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            visit_uuid TEXT NOT NULL REFERENCES visits(uuid),
            officer_id INTEGER NOT NULL REFERENCES officers(id),
            visit_date TEXT NOT NULL,
            desa_code TEXT NOT NULL,
            nik TEXT NOT NULL,
            kk TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL,
            birth_date TEXT,
            sex TEXT,
            service TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('received', 'done', 'pending', 'cancelled')),
            pending_reason TEXT,
            address TEXT NOT NULL DEFAULT '',
            rt TEXT NOT NULL DEFAULT '',
            rw TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            marital_status TEXT,
            has_ektp INTEGER NOT NULL DEFAULT 0,
            mismatch_reason TEXT NOT NULL DEFAULT '',
            cancel_reason TEXT,
            revision INTEGER NOT NULL CHECK (revision >= 1),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            sync_state TEXT NOT NULL DEFAULT 'pending'
                CHECK (sync_state IN ('pending', 'sent', 'accepted', 'rejected')),
            reject_code TEXT,
            reject_message TEXT,
            review_state TEXT
                CHECK (review_state IS NULL
                       OR review_state IN ('approved', 'returned', 'rejected')),
            review_comment TEXT,
            review_by TEXT,
            review_at TEXT,
            server_received_at TEXT
        )""",
        "CREATE INDEX requests_nik ON requests(nik, created_at, uuid)",
        "CREATE INDEX requests_visit ON requests(visit_uuid, created_at, uuid)",
        """CREATE TABLE request_history (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL REFERENCES requests(uuid),
            revision INTEGER NOT NULL,
            officer_id INTEGER REFERENCES officers(id),
            at TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'cancelled')),
            changes TEXT NOT NULL,
            snapshot TEXT NOT NULL,
            UNIQUE (uuid, revision)
        )""",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            officer_id INTEGER,
            entity TEXT NOT NULL,
            entity_uuid TEXT,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX audit_entity ON audit(entity, entity_uuid)",
        # The AUTOINCREMENT id is the sync cursor: ids only grow, never reused.
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            entity TEXT NOT NULL CHECK (entity IN ('visit', 'request', 'stock')),
            entity_uuid TEXT NOT NULL,
            revision INTEGER NOT NULL,
            op TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (entity, entity_uuid, revision)
        )""",
    )


@MIGRATIONS()
def m002_stock_movements(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """CREATE TABLE stock_movements (
            uuid TEXT PRIMARY KEY,
            officer_id INTEGER NOT NULL REFERENCES officers(id),
            visit_uuid TEXT REFERENCES visits(uuid),
            at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('receipt', 'print', 'spoiled', 'adjust')),
            quantity INTEGER NOT NULL CHECK (quantity != 0),
            request_uuid TEXT REFERENCES requests(uuid),
            note TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX stock_movements_officer ON stock_movements(officer_id, at)",
        # A request consumes at most one blank card.
        """CREATE UNIQUE INDEX stock_movements_print_once
           ON stock_movements(request_uuid) WHERE kind = 'print'""",
    )


@MIGRATIONS()
def m003_request_search(db: sqlite_utils.Database) -> None:
    """Indexes for the request list at 750,000 rows and an FTS5 name index."""
    _run(
        db,
        "CREATE INDEX requests_created ON requests(created_at, uuid)",
        "CREATE INDEX requests_visit_date ON requests(visit_date, created_at, uuid)",
        "CREATE INDEX requests_desa ON requests(desa_code, created_at, uuid)",
        "CREATE INDEX requests_service_status ON requests(service, status, created_at, uuid)",
        "CREATE INDEX requests_officer ON requests(officer_id, created_at, uuid)",
        "CREATE INDEX requests_updated ON requests(updated_at)",
        "CREATE INDEX requests_sync_state ON requests(sync_state)",
        "CREATE INDEX requests_review_state ON requests(review_state)",
        """CREATE VIRTUAL TABLE requests_fts USING fts5(
            name,
            content='requests',
            content_rowid='id',
            tokenize='unicode61 remove_diacritics 2',
            prefix='1 2 3'
        )""",
        "INSERT INTO requests_fts(requests_fts) VALUES ('rebuild')",
        """CREATE TRIGGER requests_fts_insert AFTER INSERT ON requests BEGIN
            INSERT INTO requests_fts(rowid, name) VALUES (new.id, new.name);
        END""",
        """CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests BEGIN
            INSERT INTO requests_fts(requests_fts, rowid, name)
            VALUES ('delete', old.id, old.name);
        END""",
        """CREATE TRIGGER requests_fts_update AFTER UPDATE OF name ON requests BEGIN
            INSERT INTO requests_fts(requests_fts, rowid, name)
            VALUES ('delete', old.id, old.name);
            INSERT INTO requests_fts(rowid, name) VALUES (new.id, new.name);
        END""",
    )


@MIGRATIONS()
def m004_compact_history(db: sqlite_utils.Database) -> None:
    """Keep each request snapshot once, and index the counts run on every refresh.

    The snapshot of a revision lives in its outbox entry (what sync sends); the history
    row keeps its own copy only where the two differ. A creation's ``changes`` (every
    non-empty field, from None) is derived from that snapshot when read, so it is NULL.
    ``outbox_cursor`` serves ``count(*) ... WHERE id > ?`` (pending changes) from a
    narrow index instead of the outbox rows; ``stock_movements_balance`` covers the
    balance sum.
    """
    _run(
        db,
        """CREATE TABLE request_history_compact (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL REFERENCES requests(uuid),
            revision INTEGER NOT NULL,
            officer_id INTEGER REFERENCES officers(id),
            at TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'cancelled')),
            changes TEXT,
            snapshot TEXT,
            UNIQUE (uuid, revision)
        )""",
        """INSERT INTO request_history_compact
               (id, uuid, revision, officer_id, at, action, changes, snapshot)
           SELECT h.id, h.uuid, h.revision, h.officer_id, h.at, h.action,
                  CASE WHEN h.action = 'created' THEN NULL ELSE h.changes END,
                  CASE WHEN o.payload = h.snapshot THEN NULL ELSE h.snapshot END
           FROM request_history AS h
           LEFT JOIN outbox AS o
             ON o.entity = 'request' AND o.entity_uuid = h.uuid AND o.revision = h.revision
           ORDER BY h.id""",
        "DROP TABLE request_history",
        "ALTER TABLE request_history_compact RENAME TO request_history",
        "CREATE INDEX outbox_cursor ON outbox(id)",
        "CREATE INDEX stock_movements_balance ON stock_movements(officer_id, quantity)",
    )


@MIGRATIONS()
def m005_retention(db: sqlite_utils.Database) -> None:
    """What the retention purge (``app.store.retention``) needs.

    ``purged_counts`` keeps, per visit day, visit, officer, desa, service and status, how
    many requests were purged, so the daily summary counts the same after a purge.
    ``requests_retention`` lists only the accepted and approved requests by approval time
    (the purge's candidates); ``stock_movements_request`` serves the foreign-key lookup
    when a request is deleted (and the purge's unlinking of its blank card).
    """
    _run(
        db,
        """CREATE TABLE purged_counts (
            visit_date TEXT NOT NULL,
            visit_uuid TEXT NOT NULL REFERENCES visits(uuid),
            officer_id INTEGER NOT NULL REFERENCES officers(id),
            desa_code TEXT NOT NULL,
            service TEXT NOT NULL,
            status TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count >= 0),
            PRIMARY KEY (visit_date, visit_uuid, officer_id, desa_code, service, status)
        ) WITHOUT ROWID""",
        """CREATE INDEX requests_retention ON requests(coalesce(review_at, updated_at))
           WHERE review_state = 'approved' AND sync_state = 'accepted'""",
        "CREATE INDEX stock_movements_request ON stock_movements(request_uuid)",
    )


@MIGRATIONS()
def m006_name_index_owner(db: sqlite_utils.Database) -> None:
    """The name index also holds each request's officer, for officers sharing a laptop.

    ``requests_fts`` gains an ``owner`` column holding U+E000 followed by the officer id
    (``search.OWNER_TOKEN``, read through the view ``requests_fts_source``), so a name
    search among the requests an officer may see (``RequestFilter.visible_to``) is
    answered by the FTS index alone. A private-use character never starts a query word,
    so no name prefix matches (or scans) an owner token.
    """
    _run(
        db,
        "DROP TRIGGER requests_fts_insert",
        "DROP TRIGGER requests_fts_delete",
        "DROP TRIGGER requests_fts_update",
        "DROP TABLE requests_fts",
        """CREATE VIEW requests_fts_source AS
           SELECT id, name, char(57344) || officer_id AS owner FROM requests""",
        """CREATE VIRTUAL TABLE requests_fts USING fts5(
            name,
            owner,
            content='requests_fts_source',
            content_rowid='id',
            tokenize='unicode61 remove_diacritics 2',
            prefix='1 2 3'
        )""",
        "INSERT INTO requests_fts(requests_fts) VALUES ('rebuild')",
        """CREATE TRIGGER requests_fts_insert AFTER INSERT ON requests BEGIN
            INSERT INTO requests_fts(rowid, name, owner)
            VALUES (new.id, new.name, char(57344) || new.officer_id);
        END""",
        """CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests BEGIN
            INSERT INTO requests_fts(requests_fts, rowid, name, owner)
            VALUES ('delete', old.id, old.name, char(57344) || old.officer_id);
        END""",
        """CREATE TRIGGER requests_fts_update AFTER UPDATE OF name, officer_id ON requests
        BEGIN
            INSERT INTO requests_fts(requests_fts, rowid, name, owner)
            VALUES ('delete', old.id, old.name, char(57344) || old.officer_id);
            INSERT INTO requests_fts(rowid, name, owner)
            VALUES (new.id, new.name, char(57344) || new.officer_id);
        END""",
    )


@MIGRATIONS()
def m007_lean_request_indexes(db: sqlite_utils.Database) -> None:
    """Fewer index pages written by each save (and by each sync's state changes).

    ``requests_updated`` served no query. The sync and review states are only ever
    looked up for the rare rows that need the officer (rejected by the server; returned
    or rejected by a supervisor, or approved for the retention purge's own index), so
    their indexes become partial: a new or edited request, and one moving from pending to
    sent to accepted, no longer touches either. A save then writes three index pages
    fewer, which in the encrypted file are three pages fewer to encrypt.
    """
    _run(
        db,
        "DROP INDEX requests_updated",
        "DROP INDEX requests_sync_state",
        "DROP INDEX requests_review_state",
        """CREATE INDEX requests_sync_rejected ON requests(sync_state)
           WHERE sync_state = 'rejected'""",
        """CREATE INDEX requests_reviewed ON requests(review_state)
           WHERE review_state IS NOT NULL""",
    )


def _has_schema(db: sqlite_utils.Database) -> bool:
    row = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()
    return row[0] > 0


def backup_path(path: Path, migration_name: str) -> Path:
    return path.with_name(f"{path.name}.pre-{migration_name}.bak")


def apply_migrations(
    db: sqlite_utils.Database, path: Path, sets: Sequence[Migrations], key: bytes | None
) -> list[str]:
    """Apply every pending step of ``sets`` in order; return the names applied.

    An existing file is first copied, whole and consistent, to
    ``<name>.pre-<first pending step>.bak`` (encrypted with ``key``, like the file).
    """
    pending = [m.name for s in sets for m in s.pending(db)]
    if not pending:
        return []
    if _has_schema(db):
        backup_to(db.conn, backup_path(path, pending[0]), key)
    for migration_set in sets:
        migration_set.apply(db)
    return pending
