"""First start on a data folder without an officer profile: how to begin.

Three ways, one page each:

* **Coba demo** - open the separate demo folder (``app.paths.demo_data_dir()``), filled
  with demo data by :func:`app.demo.ensure_demo_data` when it is empty;
* **Sambungkan ke server** - server address, officer username and password: this laptop
  is registered (:func:`sync.client.register_device`) and the officer profile step
  follows, its kecamatan taken from the server's answer;
* **Isi profil saja (tanpa server)** - straight to the officer profile.

The wizard only decides and prepares; ``run_gui`` opens the main window on the chosen
folder, where the existing profile dialog asks for the profile. Network and database
work runs on a pool thread (:class:`app.ui.jobs.Job`) and comes back by signals.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.paths import demo_data_dir
from app.ui.jobs import Job
from app.ui.sync_texts import t
from app.ui.widgets import ERROR_STYLE, INFO_STYLE, MessageLabel
from sync.client import SyncConfig, open_store, register_device, sync_lock
from sync.errors import SyncError
from sync.transport import TransportConfig, is_insecure

log = logging.getLogger("jempol.ui.setup")

DEMO, SERVER, PROFILE = "demo", "server", "profile"


@dataclass
class SetupChoice:
    """What the officer chose: the folder to open and what the profile dialog may prefill."""

    mode: str  # DEMO | SERVER | PROFILE
    data_dir: Path
    profile_defaults: dict = field(default_factory=dict)  # kecamatan_code, ...
    note: str = ""  # shown in the status bar of the main window


def wizard_config(lang: str) -> SyncConfig:
    """Registration waits for the officer: one retry, then an answer on screen."""
    return SyncConfig(
        transport=TransportConfig(connect_timeout=10, read_timeout=30, retries=1, body_retries=1),
        lang=lang,
    )


def _prepare_demo(demo_dir: Path) -> dict:
    """Fill the demo folder when it is empty (pool thread); the officer to sign in as."""
    from app.demo import DEMO_PASSWORD, ensure_demo_data

    demo_dir.mkdir(parents=True, exist_ok=True)
    ensure_demo_data(demo_dir)
    with open_store(demo_dir) as store:
        officer = store.officers()[0]
    return {"name": officer["name"], "nip": officer["nip"], "password": DEMO_PASSWORD}


def _register(data_dir: Path, url, username, password, device_name, config) -> dict:
    """Register this laptop (pool thread, own store, the folder's sync lock)."""
    with sync_lock(data_dir), open_store(data_dir) as store:
        answer = register_device(store, url, username, password, device_name or None, config)
    return {
        "username": answer.officer.username,
        "role": answer.officer.role,
        "kecamatan_code": answer.officer.kecamatan_code,
        "url": url,
    }


class SetupWizard(QDialog):
    """Accepted with ``choice`` set; rejected (closed) when the officer quits."""

    def __init__(
        self,
        data_dir: Path,
        *,
        lang: str = "id",
        demo_dir: Path | None = None,
        config: SyncConfig | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.demo_dir = Path(demo_dir) if demo_dir else demo_data_dir()
        self.lang = lang
        self.config = config or wizard_config(lang)
        self.choice: SetupChoice | None = None
        self.job: Job | None = None
        self.setObjectName("setup_wizard")
        self.setWindowTitle(self.tr("Welcome to Jempol"))
        self.setMinimumWidth(560)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._choice_page())
        self.pages.addWidget(self._server_page())
        self.pages.addWidget(self._demo_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # ------------------------------------------------------------------ pages
    def _choice_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr("There is no officer profile on this laptop yet. How do you want to start?")
        )
        intro.setWordWrap(True)
        self.demo_button = QCommandLinkButton(
            self.tr("Try the demo"),
            self.tr("Practise with made-up residents in a separate demo folder."),
        )
        self.demo_button.setObjectName("demo_button")
        self.demo_button.clicked.connect(self.start_demo)
        self.server_button = QCommandLinkButton(
            self.tr("Connect to the server"),
            self.tr(
                "Register this laptop with the Disdukcapil server using your officer "
                "account, then fill in your profile."
            ),
        )
        self.server_button.setObjectName("server_button")
        self.server_button.clicked.connect(self.show_server_page)
        self.profile_button = QCommandLinkButton(
            self.tr("Fill in the profile only (no server)"),
            self.tr("Work offline now; the server can be set up later in the Sync menu."),
        )
        self.profile_button.setObjectName("profile_button")
        self.profile_button.clicked.connect(self.choose_profile_only)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(page)
        for widget in (intro, self.demo_button, self.server_button, self.profile_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(buttons)
        return page

    def _server_page(self) -> QWidget:
        page = QWidget()
        lang = self.lang
        intro = QLabel(t("dialog_intro", lang))
        intro.setWordWrap(True)
        self.url_edit = QLineEdit("https://")
        self.url_edit.setObjectName("server_url")
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.device_edit = QLineEdit(socket.gethostname())
        self.device_edit.setObjectName("device_name")
        form = QFormLayout()
        form.addRow(t("server_url", lang), self.url_edit)
        form.addRow(t("username", lang), self.username_edit)
        form.addRow(t("password", lang), self.password_edit)
        form.addRow(t("device_name", lang), self.device_edit)
        self.server_message = MessageLabel()
        self.server_message.setObjectName("server_message")
        buttons = QDialogButtonBox()
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.clicked.connect(self.show_choice_page)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setObjectName("connect_button")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.submit_server)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.server_message)
        layout.addStretch(1)
        layout.addWidget(buttons)
        return page

    def _demo_page(self) -> QWidget:
        page = QWidget()
        self.demo_message = MessageLabel(style=INFO_STYLE)
        self.demo_message.setObjectName("demo_message")
        buttons = QDialogButtonBox()
        self.demo_back_button = QPushButton(self.tr("Back"))
        self.demo_back_button.clicked.connect(self.show_choice_page)
        buttons.addButton(self.demo_back_button, QDialogButtonBox.ButtonRole.ResetRole)
        layout = QVBoxLayout(page)
        layout.addWidget(self.demo_message)
        layout.addStretch(1)
        layout.addWidget(buttons)
        return page

    def show_choice_page(self) -> None:
        if not self._busy():
            self.pages.setCurrentIndex(0)

    def show_server_page(self) -> None:
        self.pages.setCurrentIndex(1)
        self.url_edit.setFocus()
        self.url_edit.selectAll()

    def _busy(self) -> bool:
        return self.job is not None and self.job.running

    # ------------------------------------------------------------------ (c) profile only
    def choose_profile_only(self) -> None:
        self.choice = SetupChoice(PROFILE, self.data_dir)
        self.accept()

    # ------------------------------------------------------------------ (a) demo
    def start_demo(self) -> None:
        if self._busy():
            return
        self.pages.setCurrentIndex(2)
        self.demo_back_button.setEnabled(False)
        self.demo_message.show_message(
            self.tr("Preparing the demo data in %1…").replace("%1", str(self.demo_dir)),
            INFO_STYLE,
        )
        demo_dir = self.demo_dir
        self.job = Job(lambda: _prepare_demo(demo_dir), self)
        self.job.succeeded.connect(self._demo_ready)
        self.job.failed.connect(self._demo_failed)
        self.job.start()

    def _demo_ready(self, officer: object) -> None:
        info = dict(officer)  # type: ignore[call-overload]
        note = (
            self.tr("Demo data in %1. Next time, sign in as %2 (NIP %3) with the password %4.")
            .replace("%1", str(self.demo_dir))
            .replace("%2", info["name"])
            .replace("%3", info["nip"])
            .replace("%4", info["password"])
        )
        self.choice = SetupChoice(DEMO, self.demo_dir, note=note)
        log.info("first run: demo folder chosen")
        self.accept()

    def _demo_failed(self, exc: object) -> None:
        self.demo_back_button.setEnabled(True)
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        self.demo_message.show_message(
            self.tr("The demo data could not be prepared in %1: %2")
            .replace("%1", str(self.demo_dir))
            .replace("%2", str(reason)),
            ERROR_STYLE,
        )

    # ------------------------------------------------------------------ (b) server
    def submit_server(self) -> None:
        if self._busy():
            return
        for edit, key in (
            (self.url_edit, "server_url"),
            (self.username_edit, "username"),
            (self.password_edit, "password"),
        ):
            text = edit.text().strip()
            if not text or (key == "server_url" and text.rstrip("/") in ("https:", "http:")):
                self.server_message.show_message(
                    t("field_required", self.lang, field=t(key, self.lang)), ERROR_STYLE
                )
                edit.setFocus()
                return
        url = self.url_edit.text().strip()
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        device = self.device_edit.text().strip()
        self.password_edit.clear()  # never kept in the widget longer than needed
        self._set_server_busy(True)
        self.server_message.show_message(t("registering", self.lang), INFO_STYLE)
        data_dir, config = self.data_dir, self.config
        self.job = Job(lambda: _register(data_dir, url, username, password, device, config), self)
        self.job.succeeded.connect(self._registered)
        self.job.failed.connect(self._register_failed)
        self.job.start()

    def _set_server_busy(self, busy: bool) -> None:
        for widget in (
            self.connect_button,
            self.back_button,
            self.url_edit,
            self.username_edit,
            self.password_edit,
            self.device_edit,
        ):
            widget.setEnabled(not busy)

    def _registered(self, answer: object) -> None:
        info = dict(answer)  # type: ignore[call-overload]
        self._set_server_busy(False)
        note = t("registered", self.lang, username=info["username"], url=info["url"])
        if is_insecure(info["url"]):
            note = f"{note} {t('insecure', self.lang)}"
        defaults = {"kecamatan_code": info.get("kecamatan_code")}
        self.choice = SetupChoice(SERVER, self.data_dir, profile_defaults=defaults, note=note)
        log.info("first run: laptop registered with the server")
        self.accept()

    def _register_failed(self, exc: object) -> None:
        self._set_server_busy(False)
        if isinstance(exc, SyncError):
            reason = exc.message(self.lang)
        else:
            reason = type(exc).__name__
        self.server_message.show_message(
            self.tr("Not connected: %1").replace("%1", reason), ERROR_STYLE
        )
        self.password_edit.setFocus()

    def reject(self) -> None:
        if self._busy():
            return  # wait for the answer: the folder may be half set up otherwise
        super().reject()


def first_run(data_dir: Path, lang: str = "id", **options) -> SetupChoice | None:
    """Show the wizard modally; the officer's choice, or None when they quit."""
    wizard = SetupWizard(data_dir, lang=lang, **options)
    app = QApplication.instance()
    if app is not None:
        wizard.setWindowIcon(app.windowIcon())
    accepted = wizard.exec() == QDialog.DialogCode.Accepted
    choice = wizard.choice if accepted else None
    wizard.deleteLater()
    return choice
