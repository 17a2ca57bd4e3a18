"""Upgrading an old data file at start-up, off the GUI thread, with a notice on screen.

``Store.open`` applies pending migrations after copying the file to a backup; on a large
old file that takes tens of seconds. ``open_store`` asks ``Store.pending_migrations``
first (read-only, cheap): with nothing pending (an up-to-date or a new file) it simply
opens the store. Otherwise ``StoreUpgrade`` runs ``Store.open`` on a worker ``QThread``
(its own connection, closed when done) while a modal busy ``UpgradeDialog`` is shown; the
worker reports by signals only. Afterwards the GUI thread opens the store as before (no
step left to apply). When the upgrade fails, the error is shown and the file is left as
the failed step's rollback left it; the backup copy stays beside it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app import APP_NAME
from app.store import Store, StoreError

log = logging.getLogger("jempol.ui.upgrade")

SMOKE_TEST_ERROR_MS = 200  # a smoke test must not wait for a click on the error message


def error_text(exc: Exception, lang: str = "id") -> str:
    """A readable message for a failed upgrade (no personal data: SQLite names columns)."""
    if isinstance(exc, StoreError):
        return exc.message(lang)
    return f"{type(exc).__name__}: {exc}"


class UpgradeThread(QThread):
    """Runs ``Store.open(path)`` (the migrations) on its own connection, then closes it."""

    succeeded = Signal()
    failed = Signal(str)  # error_text of the exception

    def __init__(self, path: Path, lang: str = "id", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("store-upgrade")
        self._path = Path(path)
        self._lang = lang

    def run(self) -> None:  # on the worker thread: no widgets here
        try:
            Store.open(self._path).close()
        except Exception as exc:  # shown to the officer; the backup copy is untouched
            log.exception("upgrading %s failed", self._path.name)
            self.failed.emit(error_text(exc, self._lang))
            return
        self.succeeded.emit()


class UpgradeDialog(QProgressDialog):
    """Modal busy notice without a cancel button; it cannot be closed while busy."""

    shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy = True
        self.setWindowTitle(APP_NAME)
        self.setLabelText(
            self.tr(
                "Updating the Jempol data to the new version… A backup copy is made first;"
                " do not switch off the laptop."
            )
        )
        self.setCancelButton(None)
        self.setRange(0, 0)  # busy indicator: the steps report no progress
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.shown.emit()

    def reject(self) -> None:  # Escape: ignored while the upgrade runs
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)


class StoreUpgrade(QObject):
    """One start-up upgrade of ``path``: ``run()`` blocks in a local event loop.

    Signals: ``dialog_shown()`` once the notice is on screen, ``finished(ok)`` when the
    worker is done, ``error_shown(QMessageBox)`` just before a failure message is shown.
    """

    dialog_shown = Signal()
    finished = Signal(bool)
    error_shown = Signal(object)

    def __init__(
        self, path: Path, pending: list[str], *, lang: str = "id", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.pending = list(pending)
        self.lang = lang
        self.dialog: UpgradeDialog | None = None
        self.error: str | None = None
        self._loop: QEventLoop | None = None

    def run(self) -> bool:
        """Show the notice, migrate on the worker, wait for its signal; True on success."""
        log.info("upgrading %s: %s", self.path.name, ", ".join(self.pending))
        started = time.perf_counter()
        self.dialog = UpgradeDialog()
        self.dialog.shown.connect(self._on_dialog_shown)
        thread = UpgradeThread(self.path, self.lang)
        thread.succeeded.connect(self._on_succeeded)
        thread.failed.connect(self._on_failed)
        self._loop = QEventLoop()
        self.dialog.show()
        thread.start()
        self._loop.exec()  # the worker's signal (queued to this thread) ends the loop
        thread.wait()
        self._loop = None
        self.dialog.busy = False
        self.dialog.close()
        self.dialog.deleteLater()
        ok = self.error is None
        log.info(
            "upgrade %s after %.0f ms",
            "finished" if ok else "failed",
            (time.perf_counter() - started) * 1000,
        )
        self.finished.emit(ok)
        return ok

    @Slot()
    def _on_dialog_shown(self) -> None:
        log.info("upgrade notice shown")
        self.dialog_shown.emit()

    @Slot()
    def _on_succeeded(self) -> None:
        if self._loop is not None:
            self._loop.quit()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.error = message
        if self._loop is not None:
            self._loop.quit()

    def show_error(self, *, auto_close_ms: int | None = None) -> None:
        """The failure message (modal); ``auto_close_ms`` closes it by itself (smoke test)."""
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "")
        box.setText(self.tr("The Jempol data could not be updated."))
        box.setInformativeText(
            self.tr(
                "%1\n\nThe backup copy made before the update is in %2. Jempol will close now;"
                " ask your supervisor or the Disdukcapil IT team for help.",
            )
            .replace("%1", self.error or "")
            .replace("%2", str(self.path.parent))
        )
        if auto_close_ms is not None:
            QTimer.singleShot(auto_close_ms, box.reject)
        self.error_shown.emit(box)
        box.exec()
        box.deleteLater()


def open_store(
    path: Path,
    *,
    lang: str = "id",
    smoke_test: bool = False,
    on_upgrade: Callable[[StoreUpgrade], None] | None = None,
) -> Store | None:
    """Open the store at ``path`` for the GUI thread, upgrading an old file first.

    Returns None when the upgrade failed (its message has been shown). ``on_upgrade``
    receives the ``StoreUpgrade`` before it runs (to connect to its signals).
    """
    path = Path(path)
    pending = Store.pending_migrations(path) if path.exists() else []
    if pending:
        upgrade = StoreUpgrade(path, pending, lang=lang)
        if on_upgrade is not None:
            on_upgrade(upgrade)
        if not upgrade.run():
            upgrade.show_error(auto_close_ms=SMOKE_TEST_ERROR_MS if smoke_test else None)
            return None
    return Store.open(path)
