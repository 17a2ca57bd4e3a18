"""Signing in with the offline password chosen on the first run.

Two gates use the same dialog. At start, ``VaultGate``: the database is still locked,
the officer is picked from the laptop's key file (several officers may share a laptop)
and the password unlocks the database key (``app.store.vault``). After an idle lock,
``StoreGate``: the open store checks the signed-in officer's password.

Wrong passwords slow down, never wipe anything: after the third wrong password in a
row the sign-in button stays disabled for ``retry_delay(failures)`` seconds (2, 4, 8,
... up to a minute) with a countdown. The count is kept per officer (in the key file
before the database is open, in the store's settings after), so restarting the app
does not reset it; a right password resets it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.store import vault as vaults
from app.store.vault import Vault, WrongPassword, failure_count
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
    return failure_count(store.get_setting(failures_setting(officer_id)))


class StoreGate:
    """A password checked by the open store (idle lock, switching officer).

    ``others``: every officer on this laptop may sign in, the current one listed first
    (a shared laptop); ``chosen`` is the officer whose password was right.
    """

    def __init__(self, store, officer: dict, *, others: bool = False) -> None:
        self.store = store
        self.officer = officer
        self.others = others
        self.chosen: dict | None = None

    def officers(self) -> list[tuple[str, str]]:
        people = [self.officer]
        if self.others:
            people += [o for o in self.store.officers() if o["id"] != self.officer["id"]]
        return [(o["nip"], f"{o['name']} ({o['nip']})") for o in people]

    def _officer(self, nip: str) -> dict:
        if nip == self.officer["nip"] or not self.others:
            return self.officer
        return self.store.get_officer_by_nip(nip) or self.officer

    def check(self, nip: str, password: str) -> bool:
        officer = self._officer(nip)
        if not self.store.verify_password(officer["id"], password):
            return False
        self.store.ensure_key_slot(officer["id"], password)
        self.chosen = officer
        return True

    def failures(self, nip: str) -> tuple[int, float]:
        return sign_in_failures(self.store, self._officer(nip)["id"])

    def set_failures(self, nip: str, count: int, at: float) -> None:
        value = {"count": count, "at": at} if count > 0 else None
        self.store.set_setting(failures_setting(self._officer(nip)["id"]), value)


class VaultGate:
    """The database is locked: the password opens the officer's slot of the key file.

    A right password leaves the database key in this process (``vault.remember``),
    re-makes an old-style slot with the current KDF, and refreshes the copy scheduled
    sync uses when the key file allows it. ``nip`` is the officer who signed in.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.nip: str | None = None

    def officers(self) -> list[tuple[str, str]]:
        vault = Vault.load(self.db_path)
        slots = [(s.nip, f"{s.name} ({s.nip})") for s in vault.officers()]
        last = vault.last_nip
        return sorted(slots, key=lambda slot: (slot[0] != last, slot[1].casefold()))

    def check(self, nip: str, password: str) -> bool:
        try:
            key = Vault.load(self.db_path).unlock(nip, password)
        except WrongPassword:
            return False
        with Vault(self.db_path, {}).editing() as vault:
            if vault.needs_slot(nip):
                name = next((s.name for s in vault.officers() if s.nip == nip), "")
                vault.set_officer(key, nip, name, password)
            vault.last_nip = nip
            unattended = vault.unattended
        if unattended:
            vaults.store_unattended_key(self.db_path, key)
        vaults.remember(self.db_path, key)
        self.nip = nip
        return True

    def failures(self, nip: str) -> tuple[int, float]:
        return Vault.load(self.db_path).failures(nip)

    def set_failures(self, nip: str, count: int, at: float) -> None:
        with Vault(self.db_path, {}).editing() as vault:
            vault.set_failures(nip, count, at)


def needs_unlock(db_path: Path) -> bool:
    """True when the database is encrypted for officers and not unlocked here yet."""
    if vaults.key_for(db_path) is not None or not Vault.exists(db_path):
        return False
    return bool(Vault.load(db_path).officers())


class SignInDialog(QDialog):
    """``gate`` checks the password (``StoreGate``/``VaultGate``); ``SignInDialog(store,
    officer)`` is the store gate. ``tick_ms`` is the length of one countdown second and
    ``clock`` the time source (unix seconds); tests shorten the one and fake the other."""

    def __init__(
        self,
        gate,
        officer: dict | None = None,
        *,
        note: str = "",
        tick_ms: int = 1000,
        clock: Callable[[], float] = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if officer is not None:
            gate = StoreGate(gate, officer)
        self.gate = gate
        self._store = getattr(gate, "store", None)
        self._clock = clock
        self._remaining = 0
        self.setWindowTitle(self.tr("Sign in"))
        self.setModal(True)
        choices = gate.officers()
        self.officer_combo = QComboBox()
        self.officer_combo.setObjectName("officer")
        for nip, label in choices:
            self.officer_combo.addItem(label, nip)
        self.officer_combo.currentIndexChanged.connect(self._officer_changed)
        if len(choices) > 1:
            who = self.officer_combo
        else:
            who = QLabel(choices[0][1] if choices else "")
            who.setStyleSheet("font-weight: bold;")
            self.officer_combo.hide()
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

    def nip(self) -> str:
        return self.officer_combo.currentData() or ""

    def failures(self) -> int:
        return self.gate.failures(self.nip())[0]

    def _officer_changed(self) -> None:
        self.countdown.stop()
        self._remaining = 0
        self.ok_button.setEnabled(True)
        self.error.clear_message()
        self._resume_wait()
        self.password_edit.setFocus()

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
        nip = self.nip()
        if self.gate.check(nip, self.password_edit.text()):
            self.password_edit.clear()
            self.gate.set_failures(nip, 0, self._clock())
            self.accept()
            return
        count = self.gate.failures(nip)[0] + 1
        self.gate.set_failures(nip, count, self._clock())
        self.password_edit.selectAll()
        self._wait(retry_delay(count))

    def _resume_wait(self) -> None:
        """A dialog opened soon after wrong passwords (or a restart) keeps the wait."""
        count, at = self.gate.failures(self.nip())
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
