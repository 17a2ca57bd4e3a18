"""Settings: the interface language (applied at the next start) and the idle lock."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import normalize_language
from app.ui.idle_lock import IDLE_LOCK_SETTING, MAX_IDLE_LOCK_MINUTES, idle_lock_minutes

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
        note = QLabel(self.tr("A new language is used from the next start of Jempol."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language_combo)
        form.addRow(self.tr("Lock when idle"), self.idle_lock_spin)
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
        self._store.set_setting(LANGUAGE_SETTING, self.language_combo.currentData())
        self._store.set_setting(IDLE_LOCK_SETTING, self.idle_lock_spin.value())
        self.accept()
