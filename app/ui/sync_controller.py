"""The app's side of sync: a worker thread, the menu actions, status-bar widgets, auto-sync.

``SyncController(main_window)`` is created by ``MainWindow``. It owns a ``QThread`` with a
:class:`~app.ui.sync_worker.SyncWorker` (which opens its own store connection) and talks to
it by queued signals only; the worker never touches a widget. While the laptop is
registered, a reachability probe (``GET /api/v1/health``, in the worker) runs on a timer
and, where Qt has a network-information backend, whenever reachability changes. When the
server answers and there is something to send (or the last pull is old), a sync starts by
itself; while probes or syncs keep failing, the interval backs off up to
``MAX_INTERVAL_MS``. "Sinkronkan sekarang" in the Sync menu starts one at once. After a
sync the window's lists are refreshed (``main_window.refresh_all()``).
"""

from __future__ import annotations

import atexit
import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from app.store.syncstate import LAST_SUCCESS_AT
from app.ui.bundle_actions import BundleActions
from app.ui.sync_dialog import SyncSettingsDialog
from app.ui.sync_status import SyncStatusWidget
from app.ui.sync_texts import t
from app.ui.sync_worker import SyncWorker
from sync.client import SyncConfig

PROBE_INTERVAL_MS = 60_000
MAX_INTERVAL_MS = 15 * 60_000
PULL_EVERY_SECONDS = 15 * 60

STOP_WAIT_MS = 5000
EXIT_WAIT_MS = 30_000

log = logging.getLogger("jempol.ui.sync")
# Every sync thread started and not yet stopped. Holding them here means a running
# QThread is never garbage-collected with its controller ("QThread: Destroyed while
# thread is still running" aborts the process); ``_stop_all`` stops them at exit.
_live_threads: set[QThread] = set()


class SyncController(QObject):
    started = Signal()
    progress = Signal(dict)
    finished = Signal(dict)
    failed = Signal(str)  # message in the UI language
    online_changed = Signal(bool)
    registration_done = Signal(bool, str)

    # Requests to the worker (queued across threads).
    _run_requested = Signal()
    _probe_requested = Signal()
    _register_requested = Signal(str, str, str, str)

    def __init__(
        self,
        main_window,
        *,
        data_dir: Path | None = None,
        config: SyncConfig | None = None,
        probe_interval_ms: int = PROBE_INTERVAL_MS,
    ) -> None:
        super().__init__(main_window)
        self.window = main_window
        self.store = main_window.store  # the GUI's store: light reads only
        self.lang = getattr(main_window, "lang", "id")
        self.data_dir = Path(data_dir) if data_dir else Path(self.store.path).parent
        self.running = False
        self.online: bool | None = None
        self.failures = 0
        self.base_interval = probe_interval_ms
        self._last_success = time.monotonic() - PULL_EVERY_SECONDS

        self.thread = QThread()
        self.thread.setObjectName("jempol-sync")
        self.worker = SyncWorker(self.data_dir, self.lang, config or SyncConfig(lang=self.lang))
        self.worker.moveToThread(self.thread)
        _live_threads.add(self.thread)
        self._run_requested.connect(self.worker.run_sync)
        self._probe_requested.connect(self.worker.probe)
        self._register_requested.connect(self.worker.register)
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.reachable.connect(self._on_reachable)
        self.worker.registered.connect(self._on_registered)
        self.worker.register_failed.connect(lambda text: self.registration_done.emit(False, text))
        self.thread.start()

        self.status_widget = SyncStatusWidget(self.lang)
        self.sync_action = QAction(t("menu_sync_now", self.lang), main_window)
        self.sync_action.setObjectName("sync_now_action")
        self.sync_action.triggered.connect(self.sync_now)
        self.settings_action = QAction(t("menu_settings", self.lang), main_window)
        self.settings_action.setObjectName("sync_settings_action")
        self.settings_action.triggered.connect(self.show_settings)
        self.dialog: SyncSettingsDialog | None = None
        if hasattr(main_window, "sync_menu"):
            main_window.sync_menu.addAction(self.sync_action)
            main_window.sync_menu.addAction(self.settings_action)
        if hasattr(main_window, "statusBar"):
            main_window.statusBar().addPermanentWidget(self.status_widget)
        self.bundle_actions = BundleActions(self)  # Ekspor paket / Impor paket (USB relay)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.probe)
        self._watch_network()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        # MainWindow.closeEvent calls shutdown(); a window deleted without closing still
        # stops the thread (the lambda holds the thread, not this half-deleted object).
        main_window.destroyed.connect(lambda *_a, thread=self.thread: _stop_thread(thread))
        self._show_stored_status()
        if self.registration():
            self.timer.start(0)

    # ------------------------------------------------------------------ reads (GUI thread)
    def registration(self) -> dict | None:
        info = self.store.registration()
        if info:
            info = {k: v for k, v in info.items() if k != "token"}
        return info

    def _show_stored_status(self) -> None:
        """Cheap key reads only (the full ``sync_status()`` counts rows: not on this thread)."""
        self.status_widget.set_last_success(self.store.sync_get(LAST_SUCCESS_AT))
        self.status_widget.set_online(self.online if self.registration() else None)

    # ------------------------------------------------------------------ actions
    def sync_now(self) -> bool:
        """Start a sync unless one is running; returns whether one was started."""
        if self.running:
            self.window.statusBar().showMessage(t("busy", self.lang), 5000)
            return False
        self.running = True
        self.sync_action.setEnabled(False)
        self.status_widget.show_progress(
            {"phase": "push", "records_sent": 0, "records_total": self.store.pending_changes()}
        )
        self.started.emit()
        self._run_requested.emit()
        return True

    def probe(self) -> None:
        if self.registration() is None or self.running:
            self._schedule()
            return
        self._probe_requested.emit()

    def register(self, url: str, username: str, password: str, device_name: str) -> None:
        self._register_requested.emit(url, username, password, device_name)

    def show_settings(self) -> None:
        if self.dialog is None:
            self.dialog = SyncSettingsDialog(self, parent=self.window)
        self.dialog.show()
        self.dialog.raise_()

    # ------------------------------------------------------------------ worker answers
    def _on_progress(self, progress: dict) -> None:
        self.status_widget.show_progress(progress)
        self.progress.emit(progress)

    def _on_finished(self, report: dict) -> None:
        self.running = False
        self.failures = 0
        self._last_success = time.monotonic()
        self.sync_action.setEnabled(True)
        self.status_widget.idle()
        self._set_online(True)
        message = t("done", self.lang, sent=report["records_sent"], pulled=report["changes_pulled"])
        if report.get("rejected"):
            message += " " + t("done_rejected", self.lang, rejected=report["rejected"])
        if report.get("purged"):
            message += " " + t(
                "done_purged", self.lang, purged=report["purged"], days=report["retention_days"]
            )
        for warning in report.get("warnings", []):
            message += " " + warning
        if hasattr(self.window, "refresh_all"):
            self.window.refresh_all()
        self._show_stored_status()
        self.window.statusBar().showMessage(message, 15000)
        self.finished.emit(report)
        self._schedule()

    def _on_failed(self, code: str, action: str, message: str) -> None:
        self.running = False
        self.failures += 1
        self.sync_action.setEnabled(True)
        self.status_widget.idle()
        if action == "retry":
            self._set_online(False)
        self._show_stored_status()
        text = t("failed", self.lang, message=message)
        self.window.statusBar().showMessage(text, 15000)
        self.failed.emit(message)
        self._schedule()

    def _on_reachable(self, reachable: bool) -> None:
        self._set_online(reachable)
        if not reachable:
            self.failures += 1
            self._schedule()
            return
        due = time.monotonic() - self._last_success >= PULL_EVERY_SECONDS
        if self.store.pending_changes() or due:
            self.sync_now()
        else:
            self.failures = 0
            self._schedule()

    def _on_registered(self, info: dict) -> None:
        self.registration_done.emit(
            True, t("registered", self.lang, username=info["username"], url=info["url"])
        )
        self.failures = 0
        self._show_stored_status()
        self.timer.start(0)

    # ------------------------------------------------------------------ scheduling
    def interval_ms(self) -> int:
        return min(self.base_interval * (2 ** min(self.failures, 8)), MAX_INTERVAL_MS)

    def _schedule(self) -> None:
        if self.thread.isRunning():
            self.timer.start(self.interval_ms())

    def _set_online(self, online: bool) -> None:
        changed = online != self.online
        self.online = online
        self.status_widget.set_online(online if self.registration() else None)
        if changed:
            self.online_changed.emit(online)

    def _watch_network(self) -> None:
        """Probe at once when the OS says reachability changed (where Qt can tell)."""
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:  # pragma: no cover - QtNetwork ships with PySide6 Essentials
            return
        if not QNetworkInformation.loadDefaultBackend():
            return
        info = QNetworkInformation.instance()
        if info is not None:
            info.reachabilityChanged.connect(lambda _r: self.timer.start(0))

    def shutdown(self) -> None:
        """Stop the timer and the worker thread: ``quit()`` then ``wait()``. A sync in
        progress gets ``STOP_WAIT_MS`` to finish its step (every step is persisted, so
        one cut short resumes at the next sync); a thread still busy after that is
        waited for once more at process exit. Safe to call more than once."""
        self.timer.stop()
        _stop_thread(self.thread)


def _stop_thread(thread: QThread, wait_ms: int = STOP_WAIT_MS) -> bool:
    """Quit ``thread``'s event loop and wait for it; True once it has finished."""
    try:
        if thread.isRunning():
            thread.quit()
            if not thread.wait(wait_ms):
                log.warning("sync thread still busy after %d ms; left to finish", wait_ms)
                return False
    except RuntimeError:  # its C++ object is already gone: nothing left to stop
        pass
    _live_threads.discard(thread)
    return True


@atexit.register
def _stop_all() -> None:
    """At interpreter exit, before Python destroys the thread objects."""
    for thread in list(_live_threads):
        if not _stop_thread(thread, EXIT_WAIT_MS):
            thread.terminate()  # last resort at exit; SQLite rolls back the open step
            thread.wait()
            _live_threads.discard(thread)
