"""Idle lock and wrong-password slow-down on a real MainWindow and a real store file."""

from __future__ import annotations

import subprocess
import time

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from app.i18n import _tool
from app.paths import database_path
from app.resources import resource_path
from app.store import RequestFilter, Store
from app.ui.idle_lock import DEFAULT_IDLE_LOCK_MINUTES, IDLE_LOCK_SETTING, idle_lock_minutes
from app.ui.sign_in_dialog import SignInDialog, retry_delay, sign_in_failures
from tests.ui.conftest import PASSWORD, request_input

WAIT_MS = 5000
NAME = "Budi Santoso"


@pytest.fixture
def window_with_lock(qtbot):
    from app.ui.main_window import MainWindow

    def make(store, idle_lock_ms: int | None = None):
        window = MainWindow(store, lang="id", sign_in=False, idle_lock_ms=idle_lock_ms)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not None)
        return window

    return make


def sign_in_dialog_shown(window):
    dialog = window.sign_in_dialog
    return dialog is not None and dialog.isVisible()


def type_password(qtbot, dialog, password: str) -> None:
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_idle_timeout_locks_and_only_the_right_password_unlocks(
    qtbot, store, officer, visit, window_with_lock
):
    window = window_with_lock(store, idle_lock_ms=100)
    window.form.name_edit.setText(NAME)
    qtbot.waitUntil(lambda: sign_in_dialog_shown(window), timeout=WAIT_MS)
    assert window.locked
    assert not window.centralWidget().isVisible()  # residents' data hidden
    assert not window.idle_lock.is_armed()  # typing the password does not re-arm it
    dialog = window.sign_in_dialog
    assert dialog.isModal() and dialog.note.isVisibleTo(dialog)

    type_password(qtbot, dialog, "bukan-sandinya")
    assert window.locked and dialog.isVisible() and not window.centralWidget().isVisible()
    assert dialog.error.text() != ""

    type_password(qtbot, dialog, PASSWORD)
    assert not window.locked and window.sign_in_dialog is None
    assert window.centralWidget().isVisible()
    assert window.form.name_edit.text() == NAME  # nothing typed is lost
    assert window.idle_lock.is_armed()  # counting again after the unlock
    window.idle_lock.stop()
    assert sign_in_failures(store, officer["id"])[0] == 0  # reset by the right password


def test_lock_hides_open_dialogs_and_brings_them_back(qtbot, store, officer, window_with_lock):
    window = window_with_lock(store, idle_lock_ms=0)
    assert not window.idle_lock.is_armed()  # 0 disables the lock
    window.show_settings()
    settings = window.settings_dialog
    qtbot.waitUntil(settings.isVisible, timeout=WAIT_MS)
    window.lock()
    qtbot.waitUntil(lambda: sign_in_dialog_shown(window), timeout=WAIT_MS)
    assert not settings.isVisible()
    type_password(qtbot, window.sign_in_dialog, PASSWORD)
    qtbot.waitUntil(settings.isVisible, timeout=WAIT_MS)
    assert not window.locked


def test_input_events_restart_the_idle_timer(qtbot, store, officer, visit, window_with_lock):
    timeout = 60_000
    window = window_with_lock(store, idle_lock_ms=timeout)
    lock = window.idle_lock
    edit = window.form.name_edit

    def reset_by(send) -> None:
        qtbot.waitUntil(lambda: 0 < lock.remaining_ms() < timeout - 150, timeout=WAIT_MS)
        before = lock.remaining_ms()
        send()
        assert lock.remaining_ms() > before + 100  # counting from the input again

    reset_by(lambda: qtbot.keyClick(edit, Qt.Key.Key_Left))
    reset_by(lambda: qtbot.mouseClick(edit, Qt.MouseButton.LeftButton))
    reset_by(lambda: qtbot.mouseMove(window.tabs, QPoint(10, 10)))

    def wheel() -> None:
        pos = QPointF(5, 5)
        event = QWheelEvent(
            pos,
            QPointF(edit.mapToGlobal(pos.toPoint())),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(edit, event)

    reset_by(wheel)
    lock.stop()


def test_idle_minutes_setting_default_and_settings_dialog(qtbot, store, officer, window_with_lock):
    assert idle_lock_minutes(store) == DEFAULT_IDLE_LOCK_MINUTES == 10
    window = window_with_lock(store)
    assert window.idle_lock.timeout_ms == 10 * 60_000
    assert window.idle_lock.is_armed()
    window.show_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.idle_lock_spin.value() == 10
    dialog.idle_lock_spin.setValue(3)
    dialog.save()
    assert store.get_setting(IDLE_LOCK_SETTING) == 3
    assert window.idle_lock.timeout_ms == 3 * 60_000 and window.idle_lock.is_armed()
    store.set_setting(IDLE_LOCK_SETTING, "soon")  # unusable value: the default
    assert idle_lock_minutes(store) == 10
    store.set_setting(IDLE_LOCK_SETTING, 0)
    assert idle_lock_minutes(store) == 0
    window.idle_lock.stop()


def test_retry_delay_sequence():
    assert [retry_delay(n) for n in range(11)] == [0, 0, 0, 2, 4, 8, 16, 32, 60, 60, 60]
    assert retry_delay(10_000) == 60


@pytest.fixture
def indonesian(qapp, tmp_path):
    from PySide6.QtCore import QTranslator

    qm = tmp_path / "jempol_id.qm"
    ts = resource_path("translations", "jempol_id.ts")
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def make_dialog(qtbot, store, officer, **kwargs):
    dialog = SignInDialog(store, officer, tick_ms=5, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_wrong_passwords_slow_down_and_the_count_survives_a_restart(
    qtbot, indonesian, data_dir, store, officer, visit
):
    store.save_request(officer["id"], visit["uuid"], request_input(1))
    dialog = make_dialog(qtbot, store, officer)
    for expected in (1, 2):
        type_password(qtbot, dialog, "salah")
        assert dialog.failures() == expected and dialog.ok_button.isEnabled()
    type_password(qtbot, dialog, "salah")
    assert dialog.failures() == 3 and not dialog.ok_button.isEnabled() and dialog.waiting()
    assert dialog.error.text() == "Kata sandi salah. Coba lagi dalam 2 detik."
    type_password(qtbot, dialog, PASSWORD)  # refused while waiting, even the right one
    assert dialog.isVisible() and dialog.failures() == 3
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=WAIT_MS)
    type_password(qtbot, dialog, "salah")
    assert dialog.error.text() == "Kata sandi salah. Coba lagi dalam 4 detik."
    dialog.close()

    # restart: a new store connection and a new dialog keep the count and the wait
    reopened = Store.open(database_path(data_dir))
    try:
        count, at = sign_in_failures(reopened, officer["id"])
        assert count == 4
        again = make_dialog(qtbot, reopened, officer, clock=lambda: at + 1)
        assert again.failures() == 4 and not again.ok_button.isEnabled()
        assert again.error.text() == "Kata sandi salah. Coba lagi dalam 3 detik."
        again.close()
        later = make_dialog(qtbot, reopened, officer, clock=lambda: at + 100)
        assert later.ok_button.isEnabled() and not later.waiting()
        with qtbot.waitSignal(later.accepted, timeout=WAIT_MS):
            type_password(qtbot, later, PASSWORD)
        assert sign_in_failures(reopened, officer["id"]) == (0, 0.0)
        assert reopened.count_requests(RequestFilter()) == 1  # data is never wiped
        assert time.time() - at < 600  # the stored time is a real clock reading
    finally:
        reopened.close()
