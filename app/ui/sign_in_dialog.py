"""Signing in with the offline password chosen on the first run."""

from __future__ import annotations

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


class SignInDialog(QDialog):
    def __init__(self, store, officer: dict, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._officer = officer
        self.setWindowTitle(self.tr("Sign in"))
        self.setModal(True)
        who = QLabel(f"{officer['name']} ({officer['nip']})")
        who.setStyleSheet("font-weight: bold;")
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
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.password_edit.setFocus()

    def switch_to_supervisor(self) -> None:
        """Open the supervisor login (shown first, so the app keeps a window) and leave."""
        self.supervisor_launcher = launch_supervisor(self._store)
        self.reject()

    def submit(self) -> None:
        if self._store.verify_password(self._officer["id"], self.password_edit.text()):
            self.accept()
            return
        self.password_edit.selectAll()
        self.error.show_message(
            self.tr(
                "Password: wrong password. Type the offline password chosen at the first start."
            )
        )
