from __future__ import annotations

import threading

import pytest

from app.store import RequestFilter, Store, vault
from app.store.database import (
    CIPHER_PRAGMAS,
    LEGACY_CIPHER_PRAGMAS,
    WrongKey,
    backup_to,
    cipher_profile,
    connect,
    dbapi,
    is_plaintext,
    read_only,
    uses_hmac,
)
from app.store.migrations import MIGRATIONS, backup_path
from app.store.officers import hash_password
from app.store.syncstate import SYNC_MIGRATIONS
from tests.store.factories import request_input


def test_pragmas(store):
    def pragma(name):
        return store.db.execute(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 2  # FULL
    assert pragma("busy_timeout") == 5000
    assert store.integrity_check() == "ok"


def test_foreign_keys_are_enforced(store, officer):
    with pytest.raises(dbapi.IntegrityError):
        store.db.execute(
            "INSERT INTO stock_movements (uuid, officer_id, at, kind, quantity)"
            " VALUES ('x', 999, 'now', 'receipt', 1)"
        )


def test_one_connection_per_thread(store, officer, db_path):
    errors, results = [], []

    def misuse():
        try:
            store.stock_balance(officer["id"])
        except dbapi.ProgrammingError as err:
            errors.append(err)

    def worker():
        with Store.open(db_path) as own:
            own.receive_stock(officer["id"], 4)
            results.append(own.stock_balance(officer["id"]))

    for target in (misuse, worker):
        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
    assert len(errors) == 1
    assert results == [4]
    assert store.stock_balance(officer["id"]) == 4


def test_fresh_file_gets_every_step_and_no_backup(store, db_path):
    assert MIGRATIONS.pending(store.db) == []
    assert SYNC_MIGRATIONS.pending(store.db) == []
    assert list(db_path.parent.glob("*.bak")) == []
    store.close()
    Store.open(db_path).close()  # nothing pending: no backup either
    assert list(db_path.parent.glob("*.bak")) == []


OLD_PASSWORD = "siti-rahasia"


def make_old_file(path):
    """A database left by the first release: only m001_initial, holding data, unencrypted."""
    db = connect(path, None)
    MIGRATIONS.apply(db, stop_before="m002_stock_movements")
    salt = bytes(range(16))
    with db.atomic():
        db.execute(
            "INSERT INTO officers (id, name, nip, team, kecamatan_code, password_hash,"
            " password_salt, created_at) VALUES (1, 'Siti', '1980', 'Tim', '64.02.01',"
            " ?, ?, '2025-03-04T01:00:00+00:00')",
            [hash_password(OLD_PASSWORD, salt), salt.hex()],
        )
        db.execute(
            "INSERT INTO visits (uuid, officer_id, visit_date, kecamatan_code, desa_code, site,"
            " area_type, started_at, revision, created_at, updated_at) VALUES ('v1', 1,"
            " '2025-03-04', '64.02.01', '64.02.01.2001', 'balai_desa', 'inland',"
            " '2025-03-04T01:00:00+00:00', 1, '2025-03-04T01:00:00+00:00',"
            " '2025-03-04T01:00:00+00:00')"
        )
        for i, name in enumerate(["Abdul Rahman", "Siti Aminah", "Rahmat Hidayat"], start=1):
            data = request_input(i, name=name)
            db.execute(
                "INSERT INTO requests (uuid, visit_uuid, officer_id, visit_date, desa_code, nik,"
                " kk, name, birth_date, sex, service, status, revision, created_at, updated_at)"
                " VALUES (?, 'v1', 1, '2025-03-04', ?, ?, ?, ?, ?, ?, ?, 'received', 1, ?, ?)",
                [
                    f"r{i}",
                    data.desa_code,
                    data.nik,
                    data.kk,
                    name,
                    data.birth_date.isoformat(),
                    data.sex,
                    data.service,
                    f"2025-03-04T01:0{i}:00+00:00",
                    f"2025-03-04T01:0{i}:00+00:00",
                ],
            )
        db.execute(
            "INSERT INTO outbox (entity, entity_uuid, revision, op, payload, created_at)"
            " VALUES ('visit', 'v1', 1, 'create', '{}', '2025-03-04T01:00:00+00:00')"
        )
    rows = {r["uuid"]: r for r in db.query("SELECT * FROM requests")}
    db.close()
    return rows


def test_migrating_an_old_file_keeps_every_row_and_a_backup(db_path):
    old_rows = make_old_file(db_path)

    with Store.open(db_path) as store:
        assert MIGRATIONS.pending(store.db) == [] and SYNC_MIGRATIONS.pending(store.db) == []
        for uuid, old in old_rows.items():
            new = store.db.execute("SELECT * FROM requests WHERE uuid = ?", [uuid]).fetchone()
            assert new is not None
            assert dict(zip(old.keys(), new, strict=True)) == old
        assert store.get_visit("v1")["desa_code"] == "64.02.01.2001"
        assert store.last_outbox_id() == 1
        # The search index built by m003 covers rows written before it existed.
        found = store.page_requests(RequestFilter(name_prefix="rah"), 0, 10)
        assert sorted(r["uuid"] for r in found) == ["r1", "r3"]
        # And the new steps work on the old data.
        store.receive_stock(1, 3)
        assert store.stock_balance(1) == 3
        assert store.integrity_check() == "ok"

    backup = backup_path(db_path, "m002_stock_movements")
    assert backup.name == "jempol.sqlite3.pre-m002_stock_movements.bak"
    assert backup.exists()
    assert not is_plaintext(backup) and not is_plaintext(db_path)
    with read_only(backup, vault.key_for(db_path)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM requests").fetchone()[0] == 3
        tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master")}
        assert "stock_movements" not in tables


def test_a_failing_step_leaves_the_file_at_the_previous_step(db_path, monkeypatch):
    make_old_file(db_path)
    step = next(m for m in MIGRATIONS._migrations if m.name == "m003_request_search")

    def broken(db):
        db.execute("CREATE INDEX half_done ON requests(name)")
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(step, "fn", broken)
    with pytest.raises(RuntimeError):
        Store.open(db_path)
    monkeypatch.undo()
    db = connect(db_path, vault.key_for(db_path))
    applied = [m.name for m in MIGRATIONS.applied(db)]
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    db.close()
    assert applied == ["m001_initial", "m002_stock_movements"]
    assert "half_done" not in indexes
    with Store.open(db_path) as store:  # retried on the next start
        assert store.count_requests(RequestFilter(name_prefix="abdul")) == 1
    assert backup_path(db_path, "m003_request_search").exists()


def test_second_writer_waits_instead_of_failing(store, officer, db_path):
    other = Store.open(db_path)
    try:
        with store.transaction():
            store.receive_stock(officer["id"], 1)
            done = threading.Event()

            def write():
                with Store.open(db_path) as own:
                    own.receive_stock(officer["id"], 2)
                done.set()

            thread = threading.Thread(target=write)
            thread.start()
            assert not done.wait(0.2)  # blocked behind our open transaction
        thread.join()
        assert done.is_set()
        assert other.stock_balance(officer["id"]) == 3
    finally:
        other.close()


# --- cipher profile ------------------------------------------------------------------------
def test_new_files_have_small_pages_without_hmac_and_a_backup_keeps_them(store, tmp_path):
    assert cipher_profile(store.db.conn) == CIPHER_PRAGMAS
    assert uses_hmac(store.db.conn) is False
    assert int(store.db.execute("PRAGMA page_size").fetchone()[0]) == 2048
    store.db.execute("CREATE TABLE probe (x)")
    store.db.execute("INSERT INTO probe VALUES (42)")
    backup = backup_to(store.db.conn, tmp_path / "copy.sqlite3", store.key)
    with read_only(backup, store.key) as copy:
        assert cipher_profile(copy.conn) == CIPHER_PRAGMAS
        assert copy.execute("SELECT x FROM probe").fetchall() == [(42,)]
    with pytest.raises(WrongKey):
        connect(backup, bytes(32))


def test_a_file_with_sqlciphers_default_profile_still_opens_and_keeps_it(tmp_path):
    """A file encrypted by the first encrypted build (SQLCipher 4 defaults: 4 KiB pages,
    HMAC-SHA512 per page) opens, reads and writes; its backups are made with the same profile."""
    path, key = tmp_path / "earlier.sqlite3", bytes(range(32))
    conn = dbapi.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("CREATE TABLE probe (x)")
    conn.execute("INSERT INTO probe VALUES (1)")
    conn.commit()
    conn.close()

    db = connect(path, key)
    try:
        assert cipher_profile(db.conn) == LEGACY_CIPHER_PRAGMAS
        assert uses_hmac(db.conn) is True
        db.execute("INSERT INTO probe VALUES (2)")
        backup = backup_to(db.conn, tmp_path / "earlier.bak", key)
    finally:
        db.close()
    for opened in (path, backup):
        with read_only(opened, key) as copy:
            assert cipher_profile(copy.conn) == LEGACY_CIPHER_PRAGMAS
            assert copy.execute("SELECT x FROM probe ORDER BY x").fetchall() == [(1,), (2,)]
    with pytest.raises(WrongKey):
        connect(path, bytes(32))
