"""Registration of this laptop with the sync server (server URL, officer account)."""

from __future__ import annotations

import socket

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.sync_texts import t
from app.ui.widgets import ERROR_STYLE, INFO_STYLE, WARNING_STYLE, MessageLabel
from sync.transport import is_insecure


class SyncSettingsDialog(QDialog):
    """Collects the fields and asks the controller to register; never blocks on the network.

    The controller's worker answers through ``registration_done(ok, text)``.
    """

    def __init__(self, controller, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        lang = self.lang = controller.lang
        self.setWindowTitle(t("dialog_title", lang))
        registration = controller.registration() or {}
        self.url_edit = QLineEdit(registration.get("server_url") or "https://")
        self.url_edit.setObjectName("server_url")
        self.username_edit = QLineEdit(registration.get("officer_username") or "")
        self.username_edit.setObjectName("username")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.device_edit = QLineEdit(registration.get("device_name") or socket.gethostname())
        self.device_edit.setObjectName("device_name")
        intro = QLabel(t("dialog_intro", lang))
        intro.setWordWrap(True)
        self.message = MessageLabel(self)
        self.message.setObjectName("sync_dialog_message")
        form = QFormLayout()
        form.addRow(t("server_url", lang), self.url_edit)
        form.addRow(t("username", lang), self.username_edit)
        form.addRow(t("password", lang), self.password_edit)
        form.addRow(t("device_name", lang), self.device_edit)
        buttons = QDialogButtonBox()
        self.register_button = QPushButton(t("register", lang))
        self.register_button.setObjectName("register_button")
        buttons.addButton(self.register_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(t("close", lang), QDialogButtonBox.ButtonRole.RejectRole)
        self.register_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        controller.registration_done.connect(self.registration_done)

    def submit(self) -> None:
        fields = (
            (self.url_edit, "server_url"),
            (self.username_edit, "username"),
            (self.password_edit, "password"),
        )
        for edit, key in fields:
            if not edit.text().strip():
                self.message.show_message(
                    t("field_required", self.lang, field=t(key, self.lang)), ERROR_STYLE
                )
                edit.setFocus()
                return
        url = self.url_edit.text().strip()
        self.register_button.setEnabled(False)
        self.message.show_message(t("registering", self.lang), INFO_STYLE)
        self.controller.register(
            url,
            self.username_edit.text().strip(),
            self.password_edit.text(),
            self.device_edit.text().strip(),
        )
        self.password_edit.clear()

    def registration_done(self, ok: bool, text: str) -> None:
        self.register_button.setEnabled(True)
        style = INFO_STYLE if ok else ERROR_STYLE
        if ok and is_insecure(self.url_edit.text().strip()):
            text = f"{text}\n{t('insecure', self.lang)}"
            style = WARNING_STYLE
        self.message.show_message(text, style)
