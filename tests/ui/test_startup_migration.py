"""Start-up upgrade of an old data file: a notice on screen, the work on a worker thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from app.logs import log_path
from app.paths import database_path
from app.store import Store
from app.store.database import connect
from app.ui.i18n import install_translator, remove_translators
from app.ui.main import run_gui
from app.ui.upgrade import StoreUpgrade, open_store
from tests.store.test_database import make_old_file


@pytest.fixture
def old_file(data_dir):
    path = database_path(data_dir)
    rows = make_old_file(path)
    return path, rows


@pytest.fixture
def broken_old_file(data_dir):
    """An old file whose next step (m002) cannot run: its table is already there."""
    path = database_path(data_dir)
    make_old_file(path)
    db = connect(path, None)  # an earlier version's file is unencrypted
    db.execute("CREATE TABLE stock_movements (x INTEGER)")
    db.conn.commit()
    db.close()
    return path


def watch(upgrade: StoreUpgrade, seen: dict) -> None:
    """Record what the officer sees; try Escape while the notice is up."""

    def shown():
        dialog = upgrade.dialog
        seen["label"] = dialog.labelText()
        seen["modal"] = dialog.isModal()
        seen["buttons"] = dialog.findChildren(QPushButton)
        dialog.reject()  # Escape: ignored while busy
        seen["still_visible"] = dialog.isVisible()

    def error(box):
        seen["error"] = box.informativeText()
        QTimer.singleShot(0, box.accept)  # runs inside the box's own event loop

    upgrade.dialog_shown.connect(shown)
    upgrade.error_shown.connect(error)
    upgrade.finished.connect(lambda ok: seen.setdefault("finished", ok))


def test_run_gui_upgrades_an_old_file_behind_the_notice(qapp, data_dir, old_file):
    path, rows = old_file
    try:
        assert run_gui(data_dir, smoke_test=True, lang="en") == 0
    finally:
        remove_translators(qapp)
    log = log_path(data_dir).read_text(encoding="utf-8")
    assert "upgrading jempol.sqlite3: encrypt-database, m002_stock_movements" in log
    assert "upgrade notice shown" in log
    assert "upgrade finished" in log
    assert Store.pending_migrations(path) == []
    assert len(list(path.parent.glob("*.pre-m002_stock_movements.bak"))) == 1
    with Store.open(path) as store:
        uuids = {r[0] for r in store.db.execute("SELECT uuid FROM requests").fetchall()}
    assert uuids == set(rows)


def test_the_notice_is_indonesian_modal_and_the_work_is_off_the_gui_thread(
    qapp, old_file, monkeypatch
):
    path, rows = old_file
    threads = []
    real_open = Store.open.__func__

    def spying_open(cls, p, migrate=True):
        threads.append(threading.current_thread() is threading.main_thread())
        return real_open(cls, p, migrate)

    monkeypatch.setattr(Store, "open", classmethod(spying_open))
    seen: dict = {}
    install_translator(qapp, "id")
    try:
        store = open_store(path, lang="id", on_upgrade=lambda u: watch(u, seen))
    finally:
        remove_translators(qapp)
    assert store is not None
    try:
        assert store.db.execute("SELECT count(*) FROM requests").fetchone()[0] == len(rows)
    finally:
        store.close()
    assert seen["label"] == (
        "Memperbarui data Jempol ke versi baru… Salinan cadangan dibuat lebih dulu;"
        " jangan matikan laptop."
    )
    assert seen["modal"] and seen["still_visible"]
    assert seen["buttons"] == []  # no cancel
    assert seen["finished"] is True
    assert threads == [False, True]  # the migrating open on the worker, then the GUI's own


def test_an_up_to_date_file_opens_without_a_notice(qapp, data_dir):
    path = database_path(data_dir)
    Store.open(path).close()
    calls = []
    store = open_store(path, on_upgrade=calls.append)
    store.close()
    missing = data_dir / "new" / "jempol.sqlite3"
    store = open_store(missing, on_upgrade=calls.append)  # a new file: the fast path
    store.close()
    assert calls == []


def test_a_failed_upgrade_is_shown_and_nothing_more_is_done(qapp, broken_old_file):
    path = broken_old_file
    seen: dict = {}
    assert open_store(path, lang="en", on_upgrade=lambda u: watch(u, seen)) is None
    assert seen["finished"] is False
    assert "stock_movements already exists" in seen["error"]
    assert str(path.parent) in seen["error"]  # where the backup copy is
    assert Store.pending_migrations(path)[0] == "m002_stock_movements"  # rolled back
    assert len(list(path.parent.glob("*.pre-m002_stock_movements.bak"))) == 1


def test_run_gui_exits_non_zero_when_the_upgrade_fails(qapp, data_dir, broken_old_file):
    try:
        assert run_gui(data_dir, smoke_test=True, lang="en") == 1
    finally:
        remove_translators(qapp)
    log = log_path(data_dir).read_text(encoding="utf-8")
    assert "upgrade failed" in log
    assert Store.pending_migrations(broken_old_file)[0] == "m002_stock_movements"
