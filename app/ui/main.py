"""``run_gui``: the desktop app's entry point (called by ``app.cli``)."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app import APP_NAME, ORG_NAME, __version__
from app.logs import remove_handlers, setup_logging
from app.paths import database_path
from app.store import Store
from app.ui.i18n import install_translator, normalize_language
from app.ui.main_window import OFFICER_SETTING, MainWindow, app_icon
from app.ui.settings_dialog import LANGUAGE_SETTING
from app.ui.setup_wizard import DEMO, first_run
from app.ui.sign_in_dialog import SignInDialog, VaultGate, needs_unlock
from app.ui.supervisor.launcher import launch_supervisor
from app.ui.upgrade import open_store

SMOKE_TEST_SETTLE_MS = 200
SMOKE_TEST_BACKSTOP_MS = 10_000
NOTE_MS = 60_000

log = logging.getLogger("jempol.ui")


def application() -> QApplication:
    """The process's QApplication (created once)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName(APP_NAME)
        app.setOrganizationName(ORG_NAME)
        app.setApplicationVersion(__version__)
        app.setWindowIcon(app_icon())
    return app


def run_gui(
    data_dir: Path,
    *,
    smoke_test: bool = False,
    lang: str | None = None,
    supervisor: bool = False,
    started_at: float | None = None,
) -> int:
    """Open the store in ``data_dir`` and run the main window until it closes.

    ``lang`` overrides the stored 'language' setting (Indonesian by default). A data
    folder without an officer profile first shows the setup wizard (demo, server or
    profile only; not in a smoke test). With ``smoke_test`` the window is shown, the
    event loop settles, and it closes again; ``window shown in <N> ms`` is printed,
    counted from ``started_at`` (a ``time.perf_counter()`` value taken at process start;
    by default the call of this function). ``supervisor`` opens the supervisor login and
    review window instead of the field form. Logs go to ``<data dir>/logs/jempol.log``.

    A data file from an older version is upgraded on a worker thread behind a modal
    notice first (``app.ui.upgrade.open_store``); if that fails, the error is shown and
    1 is returned without opening the window.
    """
    started = started_at if started_at is not None else time.perf_counter()
    app = application()
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_logging(data_dir)
    path = database_path(data_dir)
    language = normalize_language(lang or Store.peek_setting(path, LANGUAGE_SETTING))
    install_translator(app, language)  # before the upgrade notice, which is translated
    signed_in_nip = None
    if needs_unlock(path):
        # The database is encrypted: the officer's password unlocks it before anything
        # is read. A supervisor may go to the review window instead.
        signed_in_nip = _unlock(app, path, started, smoke_test=smoke_test)
        if signed_in_nip is None:
            remove_handlers()
            return 0
    store = open_store(path, lang=language, smoke_test=smoke_test)
    if store is None:
        remove_handlers()
        return 1
    if signed_in_nip is not None:
        officer = store.get_officer_by_nip(signed_in_nip)
        if officer is not None:
            store.set_setting(OFFICER_SETTING, officer["id"])
    try:
        choice = None
        if not (supervisor or smoke_test) and not store.officers():
            choice = first_run(data_dir, language)
            if choice is None:
                log.info("setup wizard closed without a choice")
                remove_handlers()
                return 0
            if choice.mode == DEMO:
                store.close()
                data_dir = choice.data_dir
                setup_logging(data_dir)  # the demo folder keeps its own log
                store = open_store(database_path(data_dir), lang=language)
                if store is None:
                    remove_handlers()
                    return 1
        if supervisor:
            window = launch_supervisor(store, lang=language).dialog
        else:
            window = MainWindow(
                store,
                lang=language,
                # signed in above, or the officer just chose this folder in the wizard
                sign_in=choice is None and signed_in_nip is None,
                profile_defaults=choice.profile_defaults if choice else None,
            )
            window.show()
            if choice is not None and choice.note:
                window.statusBar().showMessage(choice.note, NOTE_MS)
        QTimer.singleShot(0, lambda: _report_shown(started, smoke_test))
        backstop = QTimer()
        if smoke_test:
            # Closing the last window ends app.exec(). An explicit app.quit() on top of it
            # would leave the main thread "quitting" (every later nested event loop returns
            # at once: pytest-qt's waits in the same process), so it is only a backstop.
            QTimer.singleShot(SMOKE_TEST_SETTLE_MS, window.close)
            backstop.setSingleShot(True)
            backstop.timeout.connect(app.quit)
            backstop.start(SMOKE_TEST_BACKSTOP_MS)
        code = app.exec()
        backstop.stop()
        window.deleteLater()
        log.info("%s closed", APP_NAME)
        remove_handlers()  # only on a normal end: a crash is still logged to the data folder
        return 0 if smoke_test else code
    finally:
        if store is not None:
            store.close()


def _unlock(app: QApplication, path: Path, started: float, *, smoke_test: bool) -> str | None:
    """The sign-in that unlocks the database; the officer's NIP, or None to quit.

    "Sign in as supervisor" leaves this dialog for the supervisor window, which then
    runs until it closes (None is returned after it). A smoke test shows the dialog and
    closes it.
    """
    gate = VaultGate(path)
    dialog = SignInDialog(gate)
    dialog.setObjectName("unlock_dialog")
    if smoke_test:
        QTimer.singleShot(0, lambda: _report_shown(started, smoke_test))
        QTimer.singleShot(SMOKE_TEST_SETTLE_MS, dialog.reject)
    accepted = dialog.exec() == SignInDialog.DialogCode.Accepted
    if accepted:
        return gate.nip
    if dialog.supervisor_launcher is not None and not smoke_test:
        app.exec()
    return None


def _report_shown(started: float, smoke_test: bool) -> None:
    """First turn of the event loop after ``show()``: the window is on screen."""
    ms = (time.perf_counter() - started) * 1000
    log.info("window shown in %.0f ms", ms)
    if smoke_test:
        print(f"window shown in {ms:.0f} ms", flush=True)
