"""The Help (Bantuan) menu: *Ekspor diagnostik* and *Tentang Jempol*.

``HelpActions(window, menu)`` adds both actions. The diagnostics zip
(:func:`app.diagnostics.export_diagnostics`: logs, versions, settings, never the
database, NIKs, names or tokens) is written on a pool thread; the result comes back by
signal. The About box shows the version, the data folder and the licence notice of the
region data (``resources/data/NOTICE.md``).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.diagnostics import export_diagnostics
from app.resources import resource_path
from app.ui.jobs import Job

log = logging.getLogger("jempol.ui.help")

NOTICE_PARTS = ("data", "NOTICE.md")


def diagnostics_filename(day: date | None = None) -> str:
    return f"jempol-diagnostik-{(day or date.today()):%Y%m%d}.zip"


def read_notice() -> str | None:
    try:
        return resource_path(*NOTICE_PARTS).read_text(encoding="utf-8")
    except OSError:
        return None


class AboutDialog(QDialog):
    """Version, data folder and the region data's licence notice."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Jempol"))
        self.resize(640, 520)
        title = QLabel(f"<b>{APP_NAME} {__version__}</b>")
        title.setObjectName("about_title")
        summary = QLabel(
            self.tr(
                "Jempol %1: recording outreach (jemput bola) services of Disdukcapil "
                "Kutai Kartanegara, offline first."
            ).replace("%1", __version__)
        )
        summary.setWordWrap(True)
        self.data_dir_label = QLabel(self.tr("Data folder: %1").replace("%1", str(data_dir)))
        self.data_dir_label.setObjectName("about_data_dir")
        self.data_dir_label.setWordWrap(True)
        self.data_dir_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        notice_caption = QLabel(self.tr("Region data: source and licence"))
        self.notice = QTextBrowser()
        self.notice.setObjectName("about_notice")
        self.notice.setOpenExternalLinks(True)
        text = read_notice()
        if text is None:
            self.notice.setPlainText(
                self.tr("The licence notice of the region data (%1) is missing.").replace(
                    "%1", "/".join(NOTICE_PARTS)
                )
            )
        else:
            self.notice.setMarkdown(text)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, summary, self.data_dir_label, notice_caption, self.notice, buttons):
            layout.addWidget(widget)


class HelpActions(QObject):
    """``diagnostics_done(path)`` / ``diagnostics_failed(message)`` after an export."""

    diagnostics_done = Signal(str)
    diagnostics_failed = Signal(str)

    def __init__(self, window, menu: QMenu, *, data_dir: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.data_dir = Path(data_dir) if data_dir else Path(window.store.path).parent
        self.job: Job | None = None
        self.box: QMessageBox | None = None
        self.about_dialog: AboutDialog | None = None
        self._target: Path | None = None

        self.diagnostics_action = QAction(self.tr("Export &diagnostics…"), window)
        self.diagnostics_action.setObjectName("diagnostics_action")
        self.diagnostics_action.triggered.connect(self.ask_export)
        self.about_action = QAction(self.tr("&About Jempol"), window)
        self.about_action.setObjectName("about_action")
        self.about_action.triggered.connect(self.show_about)
        menu.addAction(self.diagnostics_action)
        menu.addSeparator()
        menu.addAction(self.about_action)

    # ------------------------------------------------------------------ About
    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.data_dir, parent=self.window)
        dialog.setObjectName("about_dialog")
        self.about_dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ diagnostics
    def ask_export(self) -> None:
        suggested = Path.home() / diagnostics_filename()
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export diagnostics"),
            str(suggested),
            self.tr("Zip files (*.zip)"),
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> bool:
        """Write the zip to ``path`` in the background; False while one is running."""
        if self.job is not None and self.job.running:
            return False
        target = Path(path)
        if target.suffix.lower() != ".zip":
            target = target.with_name(target.name + ".zip")
        self._target = target
        settings = self.window.store.all_settings()  # one small table: fine on this thread
        data_dir = self.data_dir
        self.job = Job(lambda: export_diagnostics(data_dir, target, settings=settings), self)
        self.job.succeeded.connect(self._exported)
        self.job.failed.connect(self._export_failed)
        self.diagnostics_action.setEnabled(False)
        self.window.statusBar().showMessage(self.tr("Preparing the diagnostics file…"))
        self.job.start()
        return True

    def _exported(self, path: object) -> None:
        self.diagnostics_action.setEnabled(True)
        log.info("diagnostics exported")
        text = self.tr(
            "Diagnostics saved to %1. Send this file to the support team; it holds no NIK, "
            "KK or resident names."
        ).replace("%1", str(path))
        self.window.statusBar().showMessage(text, 15000)
        self._show_box(QMessageBox.Icon.Information, text)
        self.diagnostics_done.emit(str(path))

    def _export_failed(self, exc: object) -> None:
        self.diagnostics_action.setEnabled(True)
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        text = (
            self.tr("The diagnostics file could not be written to %1: %2")
            .replace("%1", str(self._target))
            .replace("%2", str(reason))
        )
        self.window.statusBar().showMessage(text, 15000)
        self._show_box(QMessageBox.Icon.Warning, text)
        self.diagnostics_failed.emit(text)

    def _show_box(self, icon: QMessageBox.Icon, text: str) -> None:
        self.box = QMessageBox(icon, APP_NAME, text, QMessageBox.StandardButton.Ok, self.window)
        self.box.setObjectName("diagnostics_box")
        self.box.open()  # not blocking: the window stays usable
