"""Settings: the interface language (applied at the next start), the idle lock, how
long approved records stay on the laptop (retention), whether scheduled sync may open
the data while the app is closed, and whether a forgotten password can be recovered."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.store.errors import StoreError
from app.store.retention import MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, valid_retention_days
from app.ui.i18n import normalize_language
from app.ui.idle_lock import IDLE_LOCK_SETTING, MAX_IDLE_LOCK_MINUTES, idle_lock_minutes
from app.ui.widgets import MessageLabel

LANGUAGE_SETTING = "language"


class SettingsDialog(QDialog):
    def __init__(self, store, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle(self.tr("Settings"))
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("language")
        self.language_combo.addItem("Bahasa Indonesia", "id")
        self.language_combo.addItem("English", "en")
        current = normalize_language(store.get_setting(LANGUAGE_SETTING))
        self.language_combo.setCurrentIndex(self.language_combo.findData(current))
        self.idle_lock_spin = QSpinBox()
        self.idle_lock_spin.setObjectName("idle_lock_minutes")
        self.idle_lock_spin.setRange(0, MAX_IDLE_LOCK_MINUTES)
        self.idle_lock_spin.setSuffix(self.tr(" min"))
        self.idle_lock_spin.setSpecialValueText(self.tr("Never"))
        self.idle_lock_spin.setValue(idle_lock_minutes(store))
        self.idle_lock_spin.setToolTip(
            self.tr("Lock Jempol after this many minutes without use (0: never).")
        )
        self.retention_edit = QLineEdit(str(store.retention_days()))
        self.retention_edit.setObjectName("retention_days")
        self.retention_edit.setMaxLength(4)
        self.retention_edit.setToolTip(
            self.tr(
                "Requests the server has received and a supervisor has approved are deleted "
                "from this laptop this many days after the approval (the server keeps them; "
                "the daily summary still counts them)."
            )
        )
        self.retention_error = MessageLabel()
        self.retention_error.setObjectName("retention_error")
        self.unattended_check = QCheckBox(self.tr("Scheduled sync while Jempol is closed"))
        self.unattended_check.setObjectName("unattended")
        self.unattended_check.setChecked(store.unattended())
        self.unattended_check.setToolTip(
            self.tr(
                "Keeps the data key in the Windows credential store so the scheduled sync can "
                "open the data without a password. Anyone who can log in to this Windows "
                "account can then open it: use a Windows password."
            )
        )
        recovery_id = store.recovery_key_id()
        self.recovery_label = QLabel(
            self.tr("Set (key %1): an administrator can reset a forgotten password.").replace(
                "%1", recovery_id
            )
            if recovery_id
            else self.tr(
                "Not set yet: register this laptop with the server, otherwise a forgotten "
                "password cannot be recovered."
            )
        )
        self.recovery_label.setObjectName("recovery")
        self.recovery_label.setWordWrap(True)
        note = QLabel(self.tr("A new language is used from the next start of Jempol."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language_combo)
        form.addRow(self.tr("Lock when idle"), self.idle_lock_spin)
        form.addRow(self.tr("Delete approved data after (days)"), self.retention_edit)
        form.addRow("", self.retention_error)
        form.addRow("", self.unattended_check)
        form.addRow(self.tr("Password recovery"), self.recovery_label)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Store the settings; an unusable number of days keeps the dialog open with a
        message under the field, and nothing is stored."""
        try:
            days = valid_retention_days(self.retention_edit.text())
        except StoreError:
            self.retention_error.show_message(
                self.tr("Delete approved data after (days): type a whole number from %1 to %2.")
                .replace("%1", str(MIN_RETENTION_DAYS))
                .replace("%2", str(MAX_RETENTION_DAYS))
            )
            self.retention_edit.setFocus()
            return
        self.retention_error.clear_message()
        self._store.set_setting(LANGUAGE_SETTING, self.language_combo.currentData())
        self._store.set_setting(IDLE_LOCK_SETTING, self.idle_lock_spin.value())
        self._store.set_retention_days(days)
        if self.unattended_check.isChecked() != self._store.unattended():
            self._store.set_unattended(self.unattended_check.isChecked())
        self.accept()
