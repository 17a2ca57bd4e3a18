"""Retention in the app: the purge after sign-in at start, and the days setting."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.store.retention import RETENTION_SETTING
from tests.store.test_retention import APPROVED, RECEIVED, decide, sync
from tests.ui.conftest import PASSWORD, request_input

WAIT_MS = 10000


def test_sign_in_at_start_purges_on_a_worker_thread(qtbot, store, officer, visit, make_window):
    due, kept = (store.save_request(officer["id"], visit["uuid"], request_input(i)) for i in (1, 2))
    sync(store, RECEIVED)
    decide(store, due["uuid"], "approve", APPROVED)  # in 2025: long past 30 days
    window = make_window(store, sign_in=True)
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible())
    assert not window.retention.running  # nothing before the officer signs in
    dialog = window.sign_in_dialog
    with qtbot.waitSignal(window.retention.finished, timeout=WAIT_MS) as done:
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    result = done.args[0]
    assert result.requests == 1 and result.days == 30
    assert store.get_request(due["uuid"]) is None
    assert store.get_request(kept["uuid"]) is not None
    assert window.all_list.model.total == 1  # refreshed
    message = window.statusBar().currentMessage()
    assert "1 approved request" in message and "30 days" in message
    first_job = window.retention.job
    window.lock()  # an unlock later does not purge again
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible())
    qtbot.keyClicks(window.sign_in_dialog.password_edit, PASSWORD)
    qtbot.keyClick(window.sign_in_dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked)
    assert window.retention.job is first_job
    window.idle_lock.stop()


def test_settings_dialog_edits_the_retention_days(qtbot, store, officer, make_window):
    window = make_window(store)
    window.show_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.retention_edit.text() == "30"
    for bad in ("0", "366", "dua", ""):
        dialog.retention_edit.setText(bad)
        dialog.save()
        assert dialog.isVisible(), bad  # kept open
        assert dialog.retention_error.isVisible()
        assert "1 to 365" in dialog.retention_error.text()
        assert store.get_setting(RETENTION_SETTING) is None  # nothing stored
    dialog.retention_edit.setText(" 90 ")
    dialog.save()
    assert not dialog.isVisible()
    assert store.get_setting(RETENTION_SETTING) == 90 and store.retention_days() == 90
    window.show_settings()
    assert window.settings_dialog.retention_edit.text() == "90"
    window.idle_lock.stop()
