"""Signing in with the offline password chosen on the first run.

Wrong passwords slow down, never wipe anything: after the third wrong password in a
row the sign-in button stays disabled for ``retry_delay(failures)`` seconds (2, 4, 8,
... up to a minute) with a countdown. The count is kept per officer in the store's
settings, so restarting the app does not reset it; a right password resets it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.supervisor.launcher import launch_supervisor
from app.ui.widgets import MessageLabel

MAX_RETRY_DELAY_SECONDS = 60
FREE_ATTEMPTS = 2


def retry_delay(failures: int) -> int:
    """Seconds to wait after the ``failures``-th wrong password in a row.

    0, 0, 2, 4, 8, 16, 32, 60, 60, ... (no wait for the first two mistakes).
    """
    if failures <= FREE_ATTEMPTS:
        return 0
    return min(MAX_RETRY_DELAY_SECONDS, 2 ** min(failures - FREE_ATTEMPTS, 6))


def failures_setting(officer_id: int) -> str:
    """The settings key holding ``{"count": n, "at": unix seconds}`` for one officer."""
    return f"sign_in_failures.{officer_id}"


def sign_in_failures(store, officer_id: int) -> tuple[int, float]:
    """(wrong passwords in a row, unix time of the last one) for ``officer_id``."""
    value = store.get_setting(failures_setting(officer_id))
    if not isinstance(value, dict):
        return 0, 0.0
    count, at = value.get("count", 0), value.get("at", 0.0)
    if not isinstance(count, int) or not isinstance(at, int | float):
        return 0, 0.0
    return max(0, count), float(at)


class SignInDialog(QDialog):
    """``tick_ms`` is the length of one countdown second and ``clock`` the time source
    (unix seconds); tests shorten the one and fake the other."""

    def __init__(
        self,
        store,
        officer: dict,
        *,
        note: str = "",
        tick_ms: int = 1000,
        clock: Callable[[], float] = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._officer = officer
        self._clock = clock
        self._remaining = 0
        self.setWindowTitle(self.tr("Sign in"))
        self.setModal(True)
        who = QLabel(f"{officer['name']} ({officer['nip']})")
        who.setStyleSheet("font-weight: bold;")
        self.note = QLabel(note)
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = MessageLabel()
        form = QFormLayout()
        form.addRow(self.tr("Offline password"), self.password_edit)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.supervisor_button = buttons.addButton(
            self.tr("Sign in as supervisor"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.supervisor_button.setObjectName("supervisor_button")
        self.supervisor_button.clicked.connect(self.switch_to_supervisor)
        self.supervisor_launcher = None
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.countdown = QTimer(self)
        self.countdown.setInterval(max(1, int(tick_ms)))
        self.countdown.timeout.connect(self._tick)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.password_edit.setFocus()
        self._resume_wait()

    def failures(self) -> int:
        return sign_in_failures(self._store, self._officer["id"])[0]

    def waiting(self) -> bool:
        """True while the sign-in button is held back after wrong passwords."""
        return self._remaining > 0

    def switch_to_supervisor(self) -> None:
        """Open the supervisor login (shown first, so the app keeps a window) and leave."""
        self.supervisor_launcher = launch_supervisor(self._store)
        self.reject()

    def submit(self) -> None:
        if self.waiting():
            return
        officer_id = self._officer["id"]
        if self._store.verify_password(officer_id, self.password_edit.text()):
            self._store.set_setting(failures_setting(officer_id), None)
            self.accept()
            return
        count = sign_in_failures(self._store, officer_id)[0] + 1
        self._store.set_setting(failures_setting(officer_id), {"count": count, "at": self._clock()})
        self.password_edit.selectAll()
        self._wait(retry_delay(count))

    def _resume_wait(self) -> None:
        """A dialog opened soon after wrong passwords (or a restart) keeps the wait."""
        count, at = sign_in_failures(self._store, self._officer["id"])
        delay = retry_delay(count)
        if delay <= 0:
            return
        elapsed = max(0.0, self._clock() - at)  # a clock set back never lengthens the wait
        self._wait(max(0, math.ceil(delay - elapsed)))

    def _wait(self, seconds: int) -> None:
        self._remaining = seconds
        if seconds <= 0:
            self._wrong_password_message()
            return
        self.ok_button.setEnabled(False)
        self._show_countdown()
        self.countdown.start()

    def _tick(self) -> None:
        self._remaining -= 1
        if self._remaining > 0:
            self._show_countdown()
            return
        self.countdown.stop()
        self.ok_button.setEnabled(True)
        self._wrong_password_message()
        self.password_edit.setFocus()

    def _show_countdown(self) -> None:
        self.error.show_message(
            self.tr("Wrong password. Try again in %n second(s).", "", self._remaining)
        )

    def _wrong_password_message(self) -> None:
        self.error.show_message(
            self.tr(
                "Password: wrong password. Type the offline password chosen at the first start."
            )
        )
