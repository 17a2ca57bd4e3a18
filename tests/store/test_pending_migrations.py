"""``Store.pending_migrations`` and ``Store.peek_setting``: read-only looks before opening."""

from __future__ import annotations

import sqlite_utils

from app.store import Store
from app.store.database import connect, is_plaintext
from app.store.encryption import ENCRYPT_STEP, resolve_key
from app.store.migrations import MIGRATIONS
from app.store.syncstate import SYNC_MIGRATIONS
from tests.store.test_database import make_old_file

ALL_STEPS = [
    m.name
    for s in (MIGRATIONS, SYNC_MIGRATIONS)
    for m in s.pending(sqlite_utils.Database(memory=True))
]


def test_a_missing_file_needs_every_step_and_is_not_created(db_path):
    assert Store.pending_migrations(db_path) == ALL_STEPS
    assert ALL_STEPS[0] == "m001_initial"
    assert not db_path.exists()


def test_an_empty_file_needs_every_step(db_path):
    db_path.touch()
    assert Store.pending_migrations(db_path) == ALL_STEPS


def test_an_older_file_lists_only_the_missing_steps_and_is_left_alone(db_path):
    make_old_file(db_path)
    before = db_path.read_bytes()
    pending = Store.pending_migrations(db_path)
    # An earlier version's file is unencrypted: encrypting it comes first.
    assert pending[:2] == [ENCRYPT_STEP, "m002_stock_movements"]
    assert "m001_initial" not in pending
    assert pending == [ENCRYPT_STEP, *ALL_STEPS[1:]]
    assert db_path.read_bytes() == before  # read-only: no step, no pragma, no backup
    assert list(db_path.parent.glob("*.bak")) == []
    assert is_plaintext(db_path)


def test_nothing_is_pending_after_open(db_path):
    make_old_file(db_path)
    Store.open(db_path).close()
    assert not is_plaintext(db_path)
    assert Store.pending_migrations(db_path) == []
    assert len(list(db_path.parent.glob("*.bak"))) == 1


def test_a_file_stopped_half_way_lists_the_rest(db_path):
    db = connect(db_path, resolve_key(db_path))  # a new, encrypted file
    MIGRATIONS.apply(db, stop_before="m004_compact_history")
    db.close()
    pending = Store.pending_migrations(db_path)
    assert pending[0] == "m004_compact_history"
    assert pending == ALL_STEPS[ALL_STEPS.index("m004_compact_history") :]


def test_peek_setting_reads_without_opening(db_path):
    assert Store.peek_setting(db_path, "language", "id") == "id"
    assert not db_path.exists()
    make_old_file(db_path)
    assert Store.peek_setting(db_path, "language") is None
    with Store.open(db_path) as store:
        store.set_setting("language", "en")
    assert Store.peek_setting(db_path, "language", "id") == "en"
