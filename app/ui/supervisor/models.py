"""Table models over the review API's pages; no widgets (tested headless).

The models never call HTTP themselves: they ask the ``ReviewService`` (worker thread)
for a page and insert the rows when the answer comes back. ``fetchMore`` asks for the
next page (``offset`` = rows held) while the view scrolls; ``refresh()`` reloads the
first page and replaces the rows only when it arrives, so the view keeps its rows
meanwhile. Answers to an older query (the filter changed since) are dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.services import SERVICES, STATUSES, label
from app.ui.history_dialog import local_time
from app.ui.models import desa_name, format_date

BATCH_PAGE = 100
RECORD_PAGE = 200

KEY_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

PENDING_COLOUR = QColor("#ffffff")
APPROVED_COLOUR = QColor("#dff3e0")
RETURNED_COLOUR = QColor("#fff1c2")
REJECTED_COLOUR = QColor("#ffd6d6")
FLAGGED_COLOUR = QColor("#b00020")

STATE_COLOURS = {
    "approved": APPROVED_COLOUR,
    "returned": RETURNED_COLOUR,
    "rejected": REJECTED_COLOUR,
}


def review_state_text(state: str | None) -> str:
    return {
        "pending": QCoreApplication.translate("ReviewTexts", "pending"),
        "approved": QCoreApplication.translate("ReviewTexts", "approved"),
        "returned": QCoreApplication.translate("ReviewTexts", "returned"),
        "rejected": QCoreApplication.translate("ReviewTexts", "rejected"),
    }.get(state or "pending", state or "")


def batch_state_text(state: str | None) -> str:
    return {
        "new": QCoreApplication.translate("ReviewTexts", "new"),
        "in_review": QCoreApplication.translate("ReviewTexts", "in review"),
        "done": QCoreApplication.translate("ReviewTexts", "done"),
    }.get(state or "", state or "")


def flag_text(code: str) -> str:
    return {
        "duplicate_team": QCoreApplication.translate("ReviewTexts", "duplicate (other team)"),
        "duplicate_30d": QCoreApplication.translate("ReviewTexts", "duplicate within 30 days"),
        "region_implausible": QCoreApplication.translate("ReviewTexts", "NIK region elsewhere"),
        "eligibility": QCoreApplication.translate("ReviewTexts", "not eligible"),
        "clock_skew": QCoreApplication.translate("ReviewTexts", "laptop clock off"),
    }.get(code, code)


class ApiPageModel(QAbstractTableModel):
    """Rows of one paged review listing (``op`` of ``ReviewService``), keyed by ``KEY``.

    ``loaded`` fires after every page (first or further) is in; ``failed`` with the
    ``ReviewError`` when a page could not be fetched.
    """

    OP = ""
    KEY = ""
    COLUMNS: tuple[str, ...] = ()
    loaded = Signal()
    failed = Signal(object)

    def __init__(
        self, service, *, page_size: int, lang: str = "id", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._page_size = page_size
        self._lang = lang
        self._query: dict[str, Any] = {}
        self._rows: list[dict] = []
        self._total = 0
        self._generation = 0
        self._loading = False
        self._active = False  # False until the first query is set

    # --- queries ------------------------------------------------------------------------
    @property
    def query(self) -> dict[str, Any]:
        return dict(self._query)

    @property
    def total(self) -> int:
        return self._total

    @property
    def loading(self) -> bool:
        return self._loading

    def set_query(self, **query: Any) -> None:
        """Replace the filter (empty values dropped) and reload from the first page."""
        self._query = {k: v for k, v in query.items() if v not in (None, "")}
        self._active = True
        self.refresh()

    def clear(self) -> None:
        """No rows and no query (nothing selected upstream)."""
        self._generation += 1
        self._active = False
        self._loading = False
        self.beginResetModel()
        self._rows, self._total = [], 0
        self.endResetModel()

    def refresh(self) -> None:
        if not self._active:
            return
        self._generation += 1
        self._request(0, self._generation)

    def _request(self, offset: int, generation: int) -> None:
        self._loading = True
        kwargs = {**self._query, "limit": self._page_size, "offset": offset}
        self._service.call(
            self.OP,
            kwargs,
            lambda page: self._page_arrived(generation, offset, page),
            lambda error: self._page_failed(generation, error),
        )

    def _page_arrived(self, generation: int, offset: int, page) -> None:
        if generation != self._generation:
            return
        self._loading = False
        items = [item.model_dump(mode="json") for item in page.items]
        if offset == 0:
            self.beginResetModel()
            self._rows = items
            self._total = page.total
            self.endResetModel()
        else:
            self._total = page.total
            if items:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
                self._rows.extend(items)
                self.endInsertRows()
            else:
                self._total = len(self._rows)  # rows vanished meanwhile: stop asking
        self.loaded.emit()

    def _page_failed(self, generation: int, error) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.failed.emit(error)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        if parent.isValid() or not self._active:
            return False
        return not self._loading and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self._request(len(self._rows), self._generation)

    # --- access -------------------------------------------------------------------------
    def row_dict(self, row: int) -> dict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def key_at(self, row: int) -> str | None:
        found = self.row_dict(row)
        return found[self.KEY] if found else None

    def row_of(self, key: str | None) -> int:
        for i, row in enumerate(self._rows):
            if row.get(self.KEY) == key:
                return i
        return -1

    def update_row(self, key: str, **changes: Any) -> bool:
        """Patch a held row (e.g. its review state after a decision) without reloading."""
        row = self.row_of(key)
        if row < 0:
            return False
        self._rows[row].update(changes)
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        return True

    # --- Qt interface -------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return self.header(self.COLUMNS[section])

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_dict(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == KEY_ROLE:
            return row.get(self.KEY)
        if role == ROW_ROLE:
            return row
        return self.styled(row, column, role)

    def header(self, column: str) -> str:
        raise NotImplementedError

    def display(self, row: dict, column: str) -> str:
        value = row.get(column)
        return "" if value is None else str(value)

    def styled(self, row: dict, column: str, role) -> Any:
        return None


class BatchTableModel(ApiPageModel):
    """The inbox: ``GET /review/batches`` (BatchSummary rows)."""

    OP = "batches"
    KEY = "batch_uuid"
    COLUMNS = (
        "received_at",
        "officer_name",
        "pending",
        "approved",
        "returned",
        "rejected",
        "record_count",
        "state",
        "team",
        "desa_codes",
    )
    COUNT_COLUMNS = ("record_count", "pending", "approved", "returned", "rejected")

    def __init__(self, service, *, lang: str = "id", parent: QObject | None = None) -> None:
        super().__init__(service, page_size=BATCH_PAGE, lang=lang, parent=parent)

    def header(self, column: str) -> str:
        return {
            "received_at": QCoreApplication.translate("BatchTableModel", "Received"),
            "officer_name": QCoreApplication.translate("BatchTableModel", "Officer"),
            "team": QCoreApplication.translate("BatchTableModel", "Team"),
            "desa_codes": QCoreApplication.translate("BatchTableModel", "Villages"),
            "record_count": QCoreApplication.translate("BatchTableModel", "Records"),
            "pending": QCoreApplication.translate("BatchTableModel", "Pending"),
            "approved": QCoreApplication.translate("BatchTableModel", "Approved"),
            "returned": QCoreApplication.translate("BatchTableModel", "Returned"),
            "rejected": QCoreApplication.translate("BatchTableModel", "Rejected"),
            "state": QCoreApplication.translate("BatchTableModel", "State"),
        }[column]

    def display(self, row: dict, column: str) -> str:
        if column == "received_at":
            return local_time(row.get("received_at"))
        if column == "officer_name":
            return row.get("officer_name") or row.get("officer") or ""
        if column == "desa_codes":
            return ", ".join(desa_name(code) for code in row.get("desa_codes") or [])
        if column == "state":
            return batch_state_text(row.get("state"))
        return super().display(row, column)

    def styled(self, row: dict, column: str, role) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.COUNT_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.get("state") == "done":
            return QBrush(APPROVED_COLOUR)
        if role == Qt.ItemDataRole.FontRole and row.get("state") == "new":
            font = QFont()
            font.setBold(True)
            return font
        return None


class RecordTableModel(ApiPageModel):
    """The records of a batch: ``GET /review/records`` (RecordSummary rows)."""

    OP = "records"
    KEY = "uuid"
    COLUMNS = (
        "name",
        "nik",
        "desa_code",
        "visit_date",
        "service",
        "status",
        "revision",
        "review_state",
        "flags",
    )

    def __init__(self, service, *, lang: str = "id", parent: QObject | None = None) -> None:
        super().__init__(service, page_size=RECORD_PAGE, lang=lang, parent=parent)

    def header(self, column: str) -> str:
        return {
            "name": QCoreApplication.translate("RecordTableModel", "Name"),
            "nik": QCoreApplication.translate("RecordTableModel", "NIK"),
            "desa_code": QCoreApplication.translate("RecordTableModel", "Village"),
            "visit_date": QCoreApplication.translate("RecordTableModel", "Visit date"),
            "service": QCoreApplication.translate("RecordTableModel", "Service"),
            "status": QCoreApplication.translate("RecordTableModel", "Status"),
            "revision": QCoreApplication.translate("RecordTableModel", "Rev."),
            "review_state": QCoreApplication.translate("RecordTableModel", "Review"),
            "flags": QCoreApplication.translate("RecordTableModel", "Flags"),
        }[column]

    def display(self, row: dict, column: str) -> str:
        if column == "desa_code":
            return desa_name(row.get("desa_code"))
        if column == "visit_date":
            return format_date(row.get("visit_date"))
        if column == "service":
            code = row.get("service") or ""
            return label(code, self._lang) if code in SERVICES else code
        if column == "status":
            code = row.get("status") or ""
            return label(code, self._lang) if code in STATUSES else code
        if column == "review_state":
            return review_state_text(row.get("review_state"))
        if column == "flags":
            return ", ".join(flag_text(code) for code in row.get("flags") or [])
        return super().display(row, column)

    def styled(self, row: dict, column: str, role) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = STATE_COLOURS.get(row.get("review_state") or "")
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and column == "flags" and row.get("flags"):
            return QBrush(FLAGGED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and row.get("flags"):
            return "\n".join(flag_text(code) for code in row["flags"])
        return None
