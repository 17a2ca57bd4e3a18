"""Export the filtered review list to XLSX or CSV, on a worker thread with a progress bar.

The rows come a page at a time from ``GET /api/v1/export/records`` (the review list's
filters, order and scope, with every field). XLSX (openpyxl, write-only): NIK, KK, phone,
RT and RW are text cells (number format ``@``), dates are real dates. CSV: UTF-8 with a
BOM, dates as YYYY-MM-DD. The file is written under a temporary name and renamed when
complete, so a failed or cancelled export leaves nothing half-written.

:class:`ExportController` is the GUI side (file dialog, ``QProgressDialog``);
:class:`ExportWorker` runs in its thread and reports by signals only.
"""

from __future__ import annotations

import csv
import os
import threading
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from app.domain.regions import regions
from app.domain.services import label as domain_label
from sync.dashboard_client import DashboardClient
from sync.dashboard_protocol import DEFAULT_EXPORT_PAGE, ExportRecord
from sync.protocol import parse_utc
from sync.review_client import ReviewError
from sync.transport import TransportConfig

WITA = timezone(timedelta(hours=8))  # Kutai Kartanegara local time
FORMATS = ("xlsx", "csv")
TEXT_COLUMNS = frozenset({"nik", "kk", "phone", "rt", "rw", "desa_code", "kecamatan_code"})
DATE_COLUMNS = frozenset({"visit_date", "birth_date"})
DATETIME_COLUMNS = frozenset({"received_at"})

# (key, Indonesian title, English title)
COLUMNS = (
    ("visit_date", "Tanggal kunjungan", "Visit date"),
    ("kecamatan_code", "Kode kecamatan", "Kecamatan code"),
    ("kecamatan", "Kecamatan", "Kecamatan"),
    ("desa_code", "Kode desa", "Desa code"),
    ("desa", "Desa/kelurahan", "Desa/kelurahan"),
    ("nik", "NIK", "NIK"),
    ("kk", "No. KK", "KK number"),
    ("name", "Nama", "Name"),
    ("birth_date", "Tanggal lahir", "Birth date"),
    ("sex", "Jenis kelamin", "Sex"),
    ("address", "Alamat", "Address"),
    ("rt", "RT", "RT"),
    ("rw", "RW", "RW"),
    ("phone", "Telepon", "Phone"),
    ("service", "Layanan", "Service"),
    ("status", "Status", "Status"),
    ("pending_reason", "Alasan tertunda", "Pending reason"),
    ("review_state", "Status tinjauan", "Review state"),
    ("flags", "Tanda", "Flags"),
    ("notes", "Catatan", "Notes"),
    ("officer", "Petugas", "Officer"),
    ("received_at", "Diterima server", "Received by the server"),
    ("batch_uuid", "Batch", "Batch"),
    ("uuid", "ID data", "Record ID"),
)
REVIEW_STATE_TEXT = {
    "pending": {"id": "Menunggu tinjauan", "en": "Waiting for review"},
    "approved": {"id": "Disetujui", "en": "Approved"},
    "returned": {"id": "Dikembalikan", "en": "Returned"},
    "rejected": {"id": "Ditolak", "en": "Rejected"},
}
SEX_TEXT = {"L": {"id": "Laki-laki", "en": "Male"}, "P": {"id": "Perempuan", "en": "Female"}}


def headers(lang: str = "id") -> list[str]:
    return [title_en if lang == "en" else title_id for _key, title_id, title_en in COLUMNS]


def _label(code: str | None, lang: str) -> str:
    if not code:
        return ""
    try:
        return domain_label(code, lang)
    except KeyError:
        return code


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _local_time(text: str | None) -> datetime | None:
    """A server timestamp as WITA wall-clock time (spreadsheets have no time zones)."""
    try:
        moment = parse_utc(text) if text else None
    except ValueError:
        return None
    return moment.astimezone(WITA).replace(tzinfo=None, microsecond=0) if moment else None


def row_values(item: ExportRecord, lang: str = "id") -> dict:
    """The export columns of one record: text, ``date`` or ``datetime`` values."""
    index = regions()
    kecamatan = index.get(item.kecamatan_code) if item.kecamatan_code else None
    desa = index.get(item.desa_code) if item.desa_code else None
    state = REVIEW_STATE_TEXT.get(item.review_state, {})
    return {
        "visit_date": _day(item.visit_date),
        "kecamatan_code": item.kecamatan_code,
        "kecamatan": kecamatan.name if kecamatan else "",
        "desa_code": item.desa_code,
        "desa": desa.name if desa else "",
        "nik": item.nik,
        "kk": item.kk,
        "name": item.name,
        "birth_date": _day(item.birth_date),
        "sex": SEX_TEXT.get(item.sex or "", {}).get(lang, item.sex or ""),
        "address": item.address,
        "rt": item.rt,
        "rw": item.rw,
        "phone": item.phone,
        "service": _label(item.service, lang),
        "status": _label(item.status, lang),
        "pending_reason": _label(item.pending_reason, lang),
        "review_state": state.get(lang, item.review_state),
        "flags": ", ".join(item.flags),
        "notes": item.notes,
        "officer": item.officer,
        "received_at": _local_time(item.received_at),
        "batch_uuid": item.batch_uuid,
        "uuid": item.uuid,
    }


class _XlsxWriter:
    def __init__(self, path: Path, lang: str) -> None:
        self.path = path
        self.lang = lang
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("Data")
        widths = {"nik": 20, "kk": 20, "name": 28, "address": 30, "received_at": 18}
        for i, (key, *_titles) in enumerate(COLUMNS, start=1):
            self.sheet.column_dimensions[_column_letter(i)].width = widths.get(key, 14)
        self.sheet.freeze_panes = "A2"
        self.sheet.append(headers(lang))

    def write(self, items: Iterable[ExportRecord]) -> None:
        for item in items:
            values = row_values(item, self.lang)
            cells = []
            for key, *_titles in COLUMNS:
                cell = WriteOnlyCell(self.sheet, value=values[key])
                if key in TEXT_COLUMNS:
                    cell.number_format = "@"
                elif key in DATE_COLUMNS:
                    cell.number_format = "DD-MM-YYYY"
                elif key in DATETIME_COLUMNS:
                    cell.number_format = "DD-MM-YYYY HH:MM"
                cells.append(cell)
            self.sheet.append(cells)

    def finish(self) -> None:
        self.book.save(self.path)

    def close(self) -> None:
        """Abandon the workbook: end the write-only sheet's row stream and temp file now,
        not whenever the garbage collector finalises it."""
        if not self.sheet.closed:
            self.sheet.close()


class _CsvWriter:
    def __init__(self, path: Path, lang: str) -> None:
        self.lang = lang
        self.file = path.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file)
        self.writer.writerow(headers(lang))

    def write(self, items: Iterable[ExportRecord]) -> None:
        for item in items:
            values = row_values(item, self.lang)
            self.writer.writerow([_csv_text(values[key]) for key, *_titles in COLUMNS])

    def finish(self) -> None:
        self.file.close()

    def close(self) -> None:
        if not self.file.closed:
            self.file.close()


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def format_of(path: str | Path) -> str:
    """``xlsx`` or ``csv`` from the file name (anything else: xlsx)."""
    return "csv" if Path(path).suffix.lower() == ".csv" else "xlsx"


def export_pages(
    client: DashboardClient,
    path: Path,
    filters: dict,
    *,
    lang: str = "id",
    page_size: int = DEFAULT_EXPORT_PAGE,
    progress=None,
    cancelled=None,
) -> int | None:
    """Fetch every page and write ``path``; returns the row count, None when cancelled.

    ``progress(done, total)`` after each page; ``cancelled()`` is asked between pages.
    A record seen twice (new records shift the pages) is written once.
    """
    path = Path(path)
    part = path.with_name(path.name + ".part")
    writer = _XlsxWriter(part, lang) if format_of(path) == "xlsx" else _CsvWriter(part, lang)
    seen: set[str] = set()
    done = False
    try:
        offset = 0
        while True:
            if cancelled is not None and cancelled():
                return None
            page = client.export_page(offset=offset, limit=page_size, **filters)
            fresh = [item for item in page.items if item.uuid not in seen]
            seen.update(item.uuid for item in fresh)
            writer.write(fresh)
            offset += len(page.items)
            if progress is not None:
                progress(len(seen), max(page.total, len(seen)))
            if not page.items or offset >= page.total:
                break
        writer.finish()
        os.replace(part, path)
        done = True
        return len(seen)
    finally:
        if not done:
            writer.close()
            part.unlink(missing_ok=True)


class ExportWorker(QObject):
    """Runs :func:`export_pages` in the controller's thread; signals only."""

    progress = Signal(int, int)
    finished = Signal(str, int)  # path, rows written
    cancelled = Signal()
    failed = Signal(object)  # ReviewError or OSError

    def __init__(
        self,
        session: dict,
        filters: dict,
        path: Path,
        *,
        lang: str = "id",
        page_size: int = DEFAULT_EXPORT_PAGE,
        config: TransportConfig | None = None,
    ) -> None:
        super().__init__()
        self.session = dict(session)
        self.filters = {k: v for k, v in filters.items() if v not in (None, "")}
        self.path = Path(path)
        self.lang = lang
        self.page_size = page_size
        self.config = config
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Thread-safe: the export stops before the next page."""
        self._stop.set()

    @Slot()
    def run(self) -> None:
        try:
            with DashboardClient(
                self.session.get("server_url", ""), self.session.get("token", ""), self.config
            ) as client:
                count = export_pages(
                    client,
                    self.path,
                    self.filters,
                    lang=self.lang,
                    page_size=self.page_size,
                    progress=self.progress.emit,
                    cancelled=self._stop.is_set,
                )
        except (ReviewError, OSError) as err:
            self.failed.emit(err)
            return
        except Exception as exc:  # a bug must not vanish in the thread
            self.failed.emit(ReviewError("internal", detail=type(exc).__name__))
            return
        if count is None:
            self.cancelled.emit()
        else:
            self.finished.emit(str(self.path), count)


class ExportController(QObject):
    """Asks for a file, runs the export with a progress dialog, reports the outcome.

    Signals: ``finished(path, rows)``, ``failed(message)``, ``cancelled()``.
    """

    finished = Signal(str, int)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        session: dict,
        filters: dict,
        *,
        lang: str = "id",
        parent: QWidget | None = None,
        page_size: int = DEFAULT_EXPORT_PAGE,
        config: TransportConfig | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = dict(session)
        self.filters = dict(filters)
        self.lang = lang
        self.page_size = page_size
        self.config = config
        self.parent_widget = parent
        self.file_dialog: QFileDialog | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.worker: ExportWorker | None = None
        self.thread: QThread | None = None

    def choose_file(self) -> QFileDialog:
        """Open the save dialog; choosing a file starts the export."""
        dialog = QFileDialog(self.parent_widget, self.tr("Export records"))
        dialog.setObjectName("export_file_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([self.tr("Excel workbook (*.xlsx)"), self.tr("CSV file (*.csv)")])
        dialog.selectFile(f"jempol-tinjauan-{date.today().isoformat()}.xlsx")
        dialog.fileSelected.connect(self._file_chosen)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def _file_chosen(self, path: str) -> None:
        self.file_dialog = None
        if Path(path).suffix.lower() not in (".xlsx", ".csv"):
            path += ".csv" if "csv" in (self.sender().selectedNameFilter() or "") else ".xlsx"
        self.start(path)

    def start(self, path: str | Path) -> None:
        """Export to ``path`` (format from the suffix) on a new worker thread."""
        progress = QProgressDialog(
            self.tr("Exporting records…"), self.tr("Cancel"), 0, 0, self.parent_widget
        )
        progress.setObjectName("export_progress")
        progress.setWindowTitle(self.tr("Export records"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.progress_dialog = progress

        self.thread = QThread(self)
        self.thread.setObjectName("export-worker")
        self.worker = ExportWorker(
            self.session,
            self.filters,
            Path(path),
            lang=self.lang,
            page_size=self.page_size,
            config=self.config,
        )
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        progress.canceled.connect(self.worker.cancel, Qt.ConnectionType.DirectConnection)
        progress.show()
        self.thread.start()

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.isRunning()

    def _progress(self, done: int, total: int) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setMaximum(max(total, 1))
            self.progress_dialog.setValue(done)
            self.progress_dialog.setLabelText(
                self.tr("Exporting records… %1 of %2")
                .replace("%1", str(done))
                .replace("%2", str(total))
            )

    def _stop_thread(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect()
            self.progress_dialog.close()
            self.progress_dialog = None
        if self.thread is not None:
            self.thread.quit()
            self.thread.wait()

    def _finished(self, path: str, count: int) -> None:
        self._stop_thread()
        self.finished.emit(path, count)

    def _failed(self, error) -> None:
        self._stop_thread()
        if hasattr(error, "message"):
            text = error.message(self.lang)
        else:
            text = self.tr("The file could not be written (%1). Choose another folder.").replace(
                "%1", type(error).__name__
            )
        self.failed.emit(text)

    def _cancelled(self) -> None:
        self._stop_thread()
        self.cancelled.emit()
