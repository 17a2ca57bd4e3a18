"""Sync menu items for the offline USB relay: *Ekspor paket* and *Impor paket*.

``BundleActions(controller)`` adds both actions to the window's Sync menu. The file
dialogs run on the GUI thread; the work (sealing and writing the bundle, posting a
colleague's bundle to the server) runs in the sync controller's worker thread through a
:class:`BundleWorker`, which opens its own store and reports by signals only. Being in
the same thread as the sync worker, a bundle job simply waits for a running sync.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sync.bundle import BUNDLE_SUFFIX
from sync.client import SyncConfig, open_store, sync_lock
from sync.errors import SyncError
from sync.relay import export_bundle, relay_bundle

TEXTS: dict[str, dict[str, str]] = {
    "menu_export": {"id": "Ekspor paket…", "en": "Export bundle…"},
    "menu_import": {"id": "Impor paket…", "en": "Import bundle…"},
    "export_title": {"id": "Ekspor paket ke flashdisk", "en": "Export bundle to a USB drive"},
    "import_title": {
        "id": "Impor paket dari laptop lain (diteruskan ke server)",
        "en": "Import another laptop's bundle (relayed to the server)",
    },
    "file_filter": {"id": "Paket Jempol (*{suffix})", "en": "Jempol bundle (*{suffix})"},
    "working": {"id": "Memproses paket…", "en": "Working on the bundle…"},
    "exported": {
        "id": "Paket ditulis: {batches} batch, {records} data, terkunci untuk server. Bawa ke "
        "laptop yang tersambung dan pilih Sinkronisasi > Impor paket. Data tetap menunggu di "
        "laptop ini sampai sinkronisasi langsung berikutnya.",
        "en": "Bundle written: {batches} batch(es), {records} records, locked for the server. "
        "Take it to a connected laptop and choose Sync > Import bundle. The data stays waiting "
        "on this laptop until the next direct sync.",
    },
    "nothing": {
        "id": "Tidak ada data yang belum diterima server; paket tidak dibuat.",
        "en": "Nothing is waiting for the server; no bundle was written.",
    },
    "relayed": {
        "id": "Paket diteruskan ke server: {stored} batch baru, {duplicate} sudah ada; data "
        "diterima {accepted}, ditolak {rejected}.",
        "en": "Bundle relayed to the server: {stored} new batch(es), {duplicate} already "
        "there; records accepted {accepted}, rejected {rejected}.",
    },
    "batch_refused": {
        "id": "{count} batch ditolak server: {message}",
        "en": "{count} batch(es) refused by the server: {message}",
    },
    "failed": {"id": "Paket gagal: {message}", "en": "Bundle failed: {message}"},
}


def bt(key: str, lang: str, **params) -> str:
    texts = TEXTS[key]
    return texts.get(lang, texts["id"]).format(**params)


class BundleWorker(QObject):
    """Lives in the sync worker thread; never touches a widget."""

    finished = Signal(bool, str)  # ok, message in the UI language

    def __init__(self, data_dir: Path, lang: str, config: SyncConfig) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.lang = lang
        self.config = config

    @Slot(str)
    def export_to(self, path: str) -> None:
        try:
            with sync_lock(self.data_dir), open_store(self.data_dir) as store:
                report = export_bundle(store, Path(path), config=self.config)
        except SyncError as err:
            self.finished.emit(False, bt("failed", self.lang, message=err.message(self.lang)))
            return
        except Exception as exc:  # a bug must not kill the worker thread silently
            self.finished.emit(False, bt("failed", self.lang, message=type(exc).__name__))
            return
        if report.path is None:
            self.finished.emit(True, bt("nothing", self.lang))
            return
        text = bt("exported", self.lang, batches=report.batches, records=report.records)
        self.finished.emit(True, text)

    @Slot(str)
    def relay_from(self, path: str) -> None:
        try:
            with open_store(self.data_dir) as store:
                result = relay_bundle(store, Path(path), config=self.config)
        except SyncError as err:
            self.finished.emit(False, bt("failed", self.lang, message=err.message(self.lang)))
            return
        except Exception as exc:  # a bug must not kill the worker thread silently
            self.finished.emit(False, bt("failed", self.lang, message=type(exc).__name__))
            return
        batches = result.batches
        text = bt(
            "relayed",
            self.lang,
            stored=sum(b.status == "stored" for b in batches),
            duplicate=sum(b.status == "duplicate" for b in batches),
            accepted=sum(b.accepted for b in batches),
            rejected=sum(b.rejected for b in batches),
        )
        refused = [b for b in batches if b.status == "refused"]
        if refused:
            message = SyncError(refused[0].code).message(self.lang)
            text += " " + bt("batch_refused", self.lang, count=len(refused), message=message)
        self.finished.emit(not refused, text)


class BundleActions(QObject):
    """The two menu actions; ``finished(ok, message)`` after each job."""

    finished = Signal(bool, str)
    _export_requested = Signal(str)
    _relay_requested = Signal(str)

    def __init__(self, controller) -> None:
        super().__init__(controller)
        self.controller = controller
        self.window = controller.window
        self.lang = controller.lang
        self.worker = BundleWorker(controller.data_dir, self.lang, controller.worker.config)
        self.worker.moveToThread(controller.thread)
        self._export_requested.connect(self.worker.export_to)
        self._relay_requested.connect(self.worker.relay_from)
        self.worker.finished.connect(self._on_finished)
        self.export_action = QAction(bt("menu_export", self.lang), self.window)
        self.export_action.setObjectName("bundle_export_action")
        self.export_action.triggered.connect(self.choose_export)
        self.import_action = QAction(bt("menu_import", self.lang), self.window)
        self.import_action.setObjectName("bundle_import_action")
        self.import_action.triggered.connect(self.choose_import)
        if hasattr(self.window, "sync_menu"):
            self.window.sync_menu.addSeparator()
            self.window.sync_menu.addAction(self.export_action)
            self.window.sync_menu.addAction(self.import_action)
        self.box: QMessageBox | None = None

    # ------------------------------------------------------------------ GUI thread
    def _filter(self) -> str:
        return bt("file_filter", self.lang, suffix=BUNDLE_SUFFIX)

    def choose_export(self) -> None:
        registration = self.controller.registration() or {}
        name = registration.get("device_name") or "jempol"
        suggested = f"jempol-{name}-{date.today().isoformat()}{BUNDLE_SUFFIX}"
        path, _filter = QFileDialog.getSaveFileName(
            self.window, bt("export_title", self.lang), suggested, self._filter()
        )
        if path:
            self.export_to(path)

    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window, bt("import_title", self.lang), "", self._filter()
        )
        if path:
            self.relay_from(path)

    def export_to(self, path: str) -> None:
        self._start()
        self._export_requested.emit(str(path))

    def relay_from(self, path: str) -> None:
        self._start()
        self._relay_requested.emit(str(path))

    def _start(self) -> None:
        self.export_action.setEnabled(False)
        self.import_action.setEnabled(False)
        self.window.statusBar().showMessage(bt("working", self.lang))

    def _on_finished(self, ok: bool, message: str) -> None:
        self.export_action.setEnabled(True)
        self.import_action.setEnabled(True)
        self.window.statusBar().showMessage(message, 15000)
        if hasattr(self.window, "refresh_all"):
            self.window.refresh_all()  # an export marks requests as sent
        icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
        self.box = QMessageBox(icon, "Jempol", message, QMessageBox.StandardButton.Ok, self.window)
        self.box.open()  # not modal-blocking: the window stays usable
        self.finished.emit(ok, message)
