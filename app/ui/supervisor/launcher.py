"""Opening the supervisor workspace: the login dialog, then ``SupervisorWindow``.

Used by ``jempol --supervisor`` (``app.ui.main.run_gui``) and by the "Sign in as
supervisor" button of the officer's sign-in and first-run dialogs. The launcher owns
the review service (its worker thread) until the window takes it over, and stops the
thread when the dialog is cancelled or the window closes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.ui.i18n import normalize_language
from app.ui.settings_dialog import LANGUAGE_SETTING
from app.ui.supervisor.login_dialog import SupervisorLoginDialog
from app.ui.supervisor.window import SupervisorWindow
from app.ui.supervisor.worker import ReviewService


class SupervisorLauncher(QObject):
    """Shows the login dialog at once; ``window_opened(window)`` after a good login,
    ``finished`` when the dialog was cancelled or the window closed."""

    window_opened = Signal(object)
    finished = Signal()

    def __init__(
        self,
        store=None,
        *,
        lang: str = "id",
        service: ReviewService | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else QCoreApplication.instance())
        self.store = store
        self.lang = lang
        self.service = service or ReviewService(parent=self)
        self.window: SupervisorWindow | None = None
        self.dialog = SupervisorLoginDialog(self.service, store, lang=lang)
        self.dialog.setObjectName("supervisor_login")
        self.dialog.signed_in.connect(self._open_window)
        self.dialog.rejected.connect(self._done)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.service.shutdown)
        self.dialog.show()

    def _open_window(self, session: dict) -> None:
        # Shown before the dialog closes, so the app never runs out of windows.
        window = SupervisorWindow(
            self.service, session, store=self.store, lang=self.lang, owns_service=False
        )
        window.setObjectName("supervisor_window")
        window.closed.connect(self._done)
        self.window = window
        window.show()
        window.activateWindow()
        self.window_opened.emit(window)

    def _done(self) -> None:
        self.service.shutdown()
        self.finished.emit()


def launch_supervisor(store=None, *, lang: str | None = None) -> SupervisorLauncher:
    """Show the supervisor login; the launcher lives as a child of the QApplication.
    ``lang`` defaults to the store's language setting (Indonesian)."""
    if lang is None:
        lang = normalize_language(store.get_setting(LANGUAGE_SETTING) if store else None)
    return SupervisorLauncher(store, lang=lang)
