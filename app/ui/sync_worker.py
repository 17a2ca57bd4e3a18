"""The sync worker: runs the sync client in its own QThread, reports by signals only.

Each operation opens its OWN ``Store`` on the data directory's database (never the
GUI's connection) and takes the data directory's sync lock, so a scheduled
``jempol-sync run`` and the app never sync at the same time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from sync.client import SyncClient, SyncConfig, open_store, register_device, sync_lock
from sync.errors import SyncError
from sync.transport import Transport, TransportConfig, apply_settings


class SyncWorker(QObject):
    """Lives in the controller's worker thread; slots run there, signals go to the GUI."""

    progress = Signal(dict)  # sync.client.Progress as a dict
    finished = Signal(dict)  # SyncReport fields + "warnings"
    failed = Signal(str, str, str)  # code, action, message (in the UI language)
    reachable = Signal(bool)
    registered = Signal(dict)  # {username, role, url, device_id}
    register_failed = Signal(str)

    def __init__(self, data_dir: Path, lang: str, config: SyncConfig | None = None) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.lang = lang
        self.config = config or SyncConfig(lang=lang)

    @Slot()
    def run_sync(self) -> None:
        try:
            with sync_lock(self.data_dir), open_store(self.data_dir) as store:
                with SyncClient(store, config=self.config, progress=self._progress) as client:
                    report = client.run()
        except SyncError as err:
            self.failed.emit(err.code, err.action, err.message(self.lang))
            return
        except Exception as exc:  # a bug must not kill the worker thread silently
            self.failed.emit("internal", "stop", f"{type(exc).__name__}: {exc}")
            return
        data = {k: v for k, v in vars(report).items()}
        self.finished.emit(data)

    def _progress(self, progress) -> None:
        self.progress.emit(dict(vars(progress)))

    @Slot()
    def probe(self) -> None:
        """GET /health on the registered server (quick, no retries)."""
        try:
            quick = TransportConfig(connect_timeout=5, read_timeout=10, retries=0, body_retries=0)
            with open_store(self.data_dir) as store:
                registration = store.registration()
                apply_settings(quick, store.get_setting)  # CA bundle, plain http
            if registration is None:
                self.reachable.emit(False)
                return
            with Transport(registration["server_url"], config=quick) as transport:
                transport.health()
        except SyncError:
            self.reachable.emit(False)
            return
        self.reachable.emit(True)

    @Slot(str, str, str, str)
    def register(self, url: str, username: str, password: str, device_name: str) -> None:
        try:
            with sync_lock(self.data_dir), open_store(self.data_dir) as store:
                answer = register_device(
                    store, url, username, password, device_name or None, self.config
                )
        except SyncError as err:
            self.register_failed.emit(err.message(self.lang))
            return
        self.registered.emit(
            {
                "username": answer.officer.username,
                "role": answer.officer.role,
                "url": url,
                "device_id": answer.device_id,
            }
        )
