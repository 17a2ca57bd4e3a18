"""m004_compact_history: an existing file keeps every row and reads the same history."""

from __future__ import annotations

import pytest

from app.store import Store
from app.store.database import connect
from app.store.encryption import resolve_key
from app.store.migrations import MIGRATIONS, backup_path
from app.store.outbox import dumps
from app.store.syncstate import SYNC_MIGRATIONS
from tests.store.factories import TODAY, new_officer, new_visit, request_input

COPIED = ("officers", "settings", "visits", "requests", "audit", "outbox", "stock_movements")


def make_pre_m004_file(path, source: Store) -> dict[str, list[dict]]:
    """A file as left by the release before m004, holding ``source``'s data.

    History rows are written the old way: the full snapshot and the changes (for a
    creation too) in every row. Returns each request's history as read before.
    """
    history = {
        r["uuid"]: source.request_history(r["uuid"])
        for r in source.db.query("SELECT uuid FROM requests")
    }
    db = connect(path, resolve_key(path))
    MIGRATIONS.apply(db, stop_before="m004_compact_history")
    SYNC_MIGRATIONS.apply(db)
    with db.atomic():
        for table in COPIED:
            rows = source.db.execute(f"SELECT * FROM {table}").fetchall()
            if rows:
                marks = ", ".join("?" for _ in rows[0])
                db.conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        for entries in history.values():
            for h in entries:
                db.execute(
                    "INSERT INTO request_history (id, uuid, revision, officer_id, at, action,"
                    " changes, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        h["id"],
                        h["uuid"],
                        h["revision"],
                        h["officer_id"],
                        h["at"],
                        h["action"],
                        dumps(h["changes"]),
                        dumps(h["snapshot"]),
                    ],
                )
    db.close()
    return history


@pytest.fixture
def source(tmp_path):
    store = Store.open(tmp_path / "source.sqlite3")
    officer = new_officer(store)
    oid = officer["id"]
    visit = new_visit(store, oid)
    store.receive_stock(oid, 3)
    records = [
        store.save_request(oid, visit["uuid"], request_input(i), today=TODAY) for i in (1, 2, 3)
    ]
    store.save_request(
        oid, None, request_input(1, notes="Berkas lengkap"), uuid=records[0]["uuid"], today=TODAY
    )
    store.cancel_request(oid, records[1]["uuid"], "Pemohon batal")
    done = request_input(4, service="ktp_printing", status="done", has_ektp=True)
    store.save_requests_bulk(oid, visit["uuid"], [done], today=TODAY)
    yield store
    store.close()


def test_old_file_keeps_every_row_and_reads_the_same_history(tmp_path, source):
    path = tmp_path / "jempol.sqlite3"
    before = make_pre_m004_file(path, source)
    with Store.open(path, migrate=False) as old:
        counts = {
            t: old.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (*COPIED, "request_history")
        }
        # Tamper with one outbox entry (as a test of server refusals does): the history
        # row whose snapshot no longer matches keeps its own copy.
        uuid = next(iter(before))
        old.db.execute(
            "UPDATE outbox SET payload = json_set(payload, '$.notes', 'ubah')"
            " WHERE entity = 'request' AND entity_uuid = ? AND revision = 1",
            [uuid],
        )

    with Store.open(path) as store:
        assert MIGRATIONS.pending(store.db) == []
        assert backup_path(path, "m004_compact_history").is_file()
        assert store.integrity_check() == "ok"
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        for table, count in counts.items():
            assert store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
        for request_uuid, history in before.items():
            assert store.request_history(request_uuid) == history
        kept = store.db.execute(
            "SELECT uuid, revision FROM request_history WHERE snapshot IS NOT NULL"
        ).fetchall()
        assert [tuple(k) for k in kept] == [(uuid, 1)]
        created_changes = store.db.execute(
            "SELECT count(*) FROM request_history WHERE action = 'created' AND changes IS NOT NULL"
        ).fetchone()[0]
        assert created_changes == 0
        indexes = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
        assert {"outbox_cursor", "stock_movements_balance"} <= indexes
        # New work lands in the compact table and reads back whole.
        oid = store.officers()[0]["id"]
        record = store.save_request(
            oid, store.open_visit(oid)["uuid"], request_input(9), today=TODAY
        )
        [entry] = store.request_history(record["uuid"])
        assert entry["snapshot"] == store.request_snapshot(record)
        assert entry["changes"]["nik"] == [None, record["nik"]]


def test_counts_use_the_narrow_indexes(store, officer):
    def plan(sql, params):
        return " ".join(r[3] for r in store.db.execute(f"EXPLAIN QUERY PLAN {sql}", params))

    assert "outbox_cursor" in plan("SELECT count(*) FROM outbox WHERE id > ?", [0])
    sql = "SELECT coalesce(sum(quantity), 0) FROM stock_movements WHERE officer_id = ?"
    assert "COVERING INDEX stock_movements_balance" in plan(sql, [officer["id"]])
    store.receive_stock(officer["id"], 4)
    store.record_spoiled(officer["id"], 1)
    assert store.stock_balance(officer["id"]) == 3
    assert store.pending_changes() == 2
