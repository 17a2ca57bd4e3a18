"""``run_gui``: the desktop app's entry point (called by ``app.cli``)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app import APP_NAME, ORG_NAME, __version__
from app.paths import database_path
from app.store import Store
from app.ui.i18n import install_translator, normalize_language
from app.ui.main_window import MainWindow, app_icon
from app.ui.settings_dialog import LANGUAGE_SETTING
from app.ui.supervisor.launcher import launch_supervisor

SMOKE_TEST_SETTLE_MS = 200


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
) -> int:
    """Open the store in ``data_dir`` and run the main window until it closes.

    ``lang`` overrides the stored 'language' setting (Indonesian by default). With
    ``smoke_test`` the window is shown, the event loop settles, and it closes again.
    ``supervisor`` opens the supervisor login and review window instead of the field form.
    """
    app = application()
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(database_path(data_dir))
    try:
        language = normalize_language(lang or store.get_setting(LANGUAGE_SETTING))
        install_translator(app, language)
        if supervisor:
            window = launch_supervisor(store, lang=language).dialog
        else:
            window = MainWindow(store, lang=language)
            window.show()
        if smoke_test:
            QTimer.singleShot(SMOKE_TEST_SETTLE_MS, window.close)
            QTimer.singleShot(SMOKE_TEST_SETTLE_MS, app.quit)
        code = app.exec()
        window.deleteLater()
        return 0 if smoke_test else code
    finally:
        store.close()
