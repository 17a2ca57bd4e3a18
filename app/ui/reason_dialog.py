"""A small dialog asking for a reason (data mismatch confirmation, cancellation)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import CONFIRM_STYLE


class ReasonDialog(QDialog):
    """Shows ``details`` and asks for a non-empty reason; OK stays disabled until typed."""

    def __init__(
        self,
        title: str,
        prompt: str,
        *,
        details: list[str] = (),
        accept_text: str = "",
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        for text in details:
            label = QLabel("• " + text)
            label.setWordWrap(True)
            label.setStyleSheet(CONFIRM_STYLE)
            layout.addWidget(label)
        prompt_label = QLabel(prompt)
        prompt_label.setWordWrap(True)
        layout.addWidget(prompt_label)
        self.reason_edit = QLineEdit(reason)
        self.reason_edit.setObjectName("reason")
        layout.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(
            accept_text or self.tr("OK"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("Back"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._accept_if_given)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._update_ok)
        self.reason_edit.returnPressed.connect(self._accept_if_given)
        self._update_ok()
        self.reason_edit.setFocus()

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()))

    def _accept_if_given(self) -> None:
        if self.reason():
            self.accept()
