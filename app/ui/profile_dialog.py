"""First run: the officer's profile (name, NIP, team, kecamatan, offline password)."""

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
from app.ui.widgets import MessageLabel, error_text, kecamatan_combo

NIP_LENGTH = 18
MIN_PASSWORD = 8


class ProfileDialog(QDialog):
    """Creates the officer with ``Store.create_officer``; ``officer`` holds the result."""

    def __init__(self, store, *, lang: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._lang = lang
        self.officer: dict | None = None
        self.setWindowTitle(self.tr("Officer profile"))
        self.setModal(True)

        intro = QLabel(
            self.tr(
                "Welcome to Jempol. Enter your profile once; the offline password protects "
                "the data on this laptop."
            )
        )
        intro.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.nip_edit = QLineEdit()
        self.nip_edit.setObjectName("nip")
        self.nip_edit.setPlaceholderText(self.tr("18 digits"))
        self.nip_edit.setMaxLength(24)
        self.team_edit = QLineEdit()
        self.team_edit.setObjectName("team")
        self.team_edit.setPlaceholderText(self.tr("e.g. Tim Jemput Bola 1"))
        self.kecamatan_combo = kecamatan_combo()
        self.kecamatan_combo.setObjectName("kecamatan")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("confirm")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.errors: dict[str, MessageLabel] = {}
        form = QFormLayout()
        for key, caption, widget in (
            ("name", self.tr("Full name"), self.name_edit),
            ("nip", self.tr("NIP"), self.nip_edit),
            ("team", self.tr("Team"), self.team_edit),
            ("kecamatan", self.tr("District (kecamatan)"), self.kecamatan_combo),
            ("password", self.tr("Offline password"), self.password_edit),
            ("confirm", self.tr("Repeat password"), self.confirm_edit),
        ):
            form.addRow(caption, widget)
            label = MessageLabel()
            self.errors[key] = label
            form.addRow("", label)

        self.general_error = MessageLabel()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.supervisor_button = self.buttons.addButton(
            self.tr("Sign in as supervisor"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.supervisor_button.setObjectName("supervisor_button")
        self.supervisor_button.clicked.connect(self.switch_to_supervisor)
        self.supervisor_launcher = None
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.name_edit.setFocus()

    def switch_to_supervisor(self) -> None:
        """Open the supervisor login (shown first, so the app keeps a window) and leave."""
        self.supervisor_launcher = launch_supervisor(self._store, lang=self._lang)
        self.reject()

    def problems(self) -> dict[str, str]:
        """Field -> message for everything wrong with the typed profile."""
        found: dict[str, str] = {}
        if len(self.name_edit.text().strip()) < 2:
            found["name"] = self.tr("Full name: type your name as on your civil-servant card.")
        nip = "".join(self.nip_edit.text().split())
        if not (nip.isdigit() and len(nip) == NIP_LENGTH):
            found["nip"] = self.tr("NIP: type the 18 digits of your NIP (digits only).")
        if not self.team_edit.text().strip():
            found["team"] = self.tr("Team: type the name of your outreach team.")
        if len(self.password_edit.text()) < MIN_PASSWORD:
            found["password"] = self.tr(
                "Offline password: use at least %n characters.", "", MIN_PASSWORD
            )
        elif self.password_edit.text() != self.confirm_edit.text():
            found["confirm"] = self.tr("Repeat password: type the same password twice.")
        return found

    def submit(self) -> None:
        found = self.problems()
        for key, label in self.errors.items():
            label.show_message(found.get(key, ""))
        self.general_error.clear_message()
        if found:
            return
        try:
            self.officer = self._store.create_officer(
                self.name_edit.text().strip(),
                "".join(self.nip_edit.text().split()),
                self.team_edit.text().strip(),
                self.kecamatan_combo.currentData(),
                self.password_edit.text(),
            )
        except ValueError as err:  # StoreError: NIP taken, password too short...
            field = getattr(err, "field", None)
            target = self.errors.get(field or "", self.general_error)
            target.show_message(error_text(err, self._lang))
            return
        self.accept()
