"""Signing in as a supervisor (or admin) against the central server.

The server address and user name are remembered in the laptop store's settings; the
address defaults to the one this laptop syncs with. The login itself runs on the
review worker thread; the dialog only shows the answer.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import MessageLabel
from sync.review_client import ReviewError

SERVER_SETTING = "review_server_url"
USERNAME_SETTING = "review_username"


def default_server_url(store) -> str:
    """The remembered review server, else the server this laptop syncs with, else ''."""
    if store is None:
        return ""
    remembered = store.get_setting(SERVER_SETTING)
    if remembered:
        return remembered
    registration = getattr(store, "registration", None)
    found = registration() if callable(registration) else None
    return (found or {}).get("server_url") or ""


class SupervisorLoginDialog(QDialog):
    """``signed_in(session)`` fires (before the dialog closes) with
    ``{username, role, kecamatan_code, server_url, expires_at}``."""

    signed_in = Signal(dict)

    def __init__(
        self,
        service,
        store=None,
        *,
        lang: str = "id",
        username: str = "",
        server_url: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._store = store
        self._lang = lang
        self.session: dict | None = None
        self._closed = False  # an answer arriving after Cancel is ignored
        self.setWindowTitle(self.tr("Sign in as supervisor"))
        self.setModal(True)
        self.setMinimumWidth(440)

        intro = QLabel(
            self.tr(
                "Supervisors and admins review the synced data on the central server. "
                "Sign in with your server account."
            )
        )
        intro.setWordWrap(True)
        self.server_edit = QLineEdit(server_url or default_server_url(store))
        self.server_edit.setObjectName("server_url")
        self.server_edit.setPlaceholderText("https://jempol.kukarkab.go.id")
        remembered = store.get_setting(USERNAME_SETTING) if store is not None else None
        self.username_edit = QLineEdit(username or remembered or "")
        self.username_edit.setObjectName("username")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.server_edit)
        form.addRow(self.tr("User name"), self.username_edit)
        form.addRow(self.tr("Password"), self.password_edit)

        self.error = MessageLabel()
        self.error.setObjectName("login_error")
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for edit in (self.server_edit, self.username_edit, self.password_edit):
            if not edit.text():
                edit.setFocus()
                break

    def problems(self) -> str:
        if not self.server_edit.text().strip():
            return self.tr(
                "Server address: type the address of the Jempol server, "
                "e.g. https://jempol.kukarkab.go.id"
            )
        if not self.username_edit.text().strip():
            return self.tr("User name: type your supervisor user name.")
        if not self.password_edit.text():
            return self.tr("Password: type your server password.")
        return ""

    def submit(self) -> None:
        problem = self.problems()
        if problem:
            self.error.show_message(problem)
            return
        self.error.clear_message()
        self._set_waiting(True)
        self._service.call(
            "login",
            {
                "server_url": self.server_edit.text().strip(),
                "username": self.username_edit.text().strip(),
                "password": self.password_edit.text(),
            },
            self._logged_in,
            self._login_failed,
        )

    def _set_waiting(self, waiting: bool) -> None:
        self.ok_button.setEnabled(not waiting)
        self.ok_button.setText(self.tr("Signing in…") if waiting else self.tr("Sign in"))

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def _logged_in(self, session: dict) -> None:
        if self._closed:
            return
        self._set_waiting(False)
        self.session = session
        if self._store is not None:
            self._store.set_setting(SERVER_SETTING, session["server_url"])
            self._store.set_setting(USERNAME_SETTING, session["username"])
        self.password_edit.clear()
        self.signed_in.emit(session)
        self.accept()

    def _login_failed(self, error: ReviewError) -> None:
        if self._closed:
            return
        self._set_waiting(False)
        self.password_edit.selectAll()
        self.password_edit.setFocus()
        self.error.show_message(error.message(self._lang))
