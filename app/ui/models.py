"""Qt item models over the store; no widgets here, so they are tested headless.

``RequestTableModel`` never holds every request in Python: it counts the rows
matching its filter (``Store.count_requests``) and loads them page by page
(``Store.page_requests``) as the view scrolls, through ``canFetchMore`` /
``fetchMore``. ``SummaryTableModel`` pivots ``Store.daily_summary`` into one row
per service and one column per status.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.regions import regions
from app.domain.services import SERVICES, STATUSES, label
from app.store import RequestFilter

PAGE_SIZE = 200

RETURNED_COLOUR = QColor("#fff1c2")  # supervisor sent it back: amber
REJECTED_COLOUR = QColor("#ffd6d6")  # server refused it: red
CANCELLED_COLOUR = QColor("#9a9a9a")

UUID_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def format_date(value: Any) -> str:
    """``"1990-08-17"`` (or a ``date``) as ``"17-08-1990"``, the way forms are written."""
    if not value:
        return ""
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    text = str(value)[:10]
    try:
        return date.fromisoformat(text).strftime("%d-%m-%Y")
    except ValueError:
        return text


def desa_name(code: str | None) -> str:
    if not code:
        return ""
    region = regions().get(code)
    return region.name if region else code


def sync_state_text(row: dict) -> str:
    if row.get("review_state") == "returned":
        return QCoreApplication.translate("RequestTableModel", "returned for correction")
    if row.get("review_state") == "approved":
        return QCoreApplication.translate("RequestTableModel", "approved")
    if row.get("review_state") == "rejected" or row.get("sync_state") == "rejected":
        return QCoreApplication.translate("RequestTableModel", "rejected")
    return {
        "pending": QCoreApplication.translate("RequestTableModel", "not sent yet"),
        "sent": QCoreApplication.translate("RequestTableModel", "sent"),
        "accepted": QCoreApplication.translate("RequestTableModel", "received by server"),
    }.get(row.get("sync_state") or "pending", row.get("sync_state") or "")


def attention_note(row: dict) -> str:
    """Why a row is highlighted (supervisor's comment or server's reason), or ''."""
    notes = []
    if row.get("review_state") in ("returned", "rejected"):
        comment = row.get("review_comment") or ""
        head = (
            QCoreApplication.translate("RequestTableModel", "Returned by the supervisor")
            if row.get("review_state") == "returned"
            else QCoreApplication.translate("RequestTableModel", "Rejected by the supervisor")
        )
        notes.append(f"{head}: {comment}" if comment else head)
    if row.get("sync_state") == "rejected":
        message = row.get("reject_message") or row.get("reject_code") or ""
        head = QCoreApplication.translate("RequestTableModel", "Refused by the server")
        notes.append(f"{head}: {message}" if message else head)
    return "\n".join(notes)


class RequestTableModel(QAbstractTableModel):
    """Requests matching a ``RequestFilter``, fetched in pages of ``page_size``."""

    COLUMNS = ("visit_date", "name", "nik", "desa_code", "service", "status", "sync")

    def __init__(
        self,
        store,
        filter: RequestFilter | None = None,
        *,
        page_size: int = PAGE_SIZE,
        lang: str = "id",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._filter = filter if filter is not None else RequestFilter()
        self._page_size = page_size
        self._lang = lang
        self._rows: list[dict] = []
        self._total = 0
        self.refresh()

    # --- loading ----------------------------------------------------------------------
    @property
    def filter(self) -> RequestFilter:
        return self._filter

    @property
    def total(self) -> int:
        """How many requests match the filter (rows not yet fetched included)."""
        return self._total

    def set_filter(self, filter: RequestFilter) -> None:
        self._filter = filter
        self.refresh()

    def update_filter(self, **changes) -> None:
        self.set_filter(dataclasses.replace(self._filter, **changes))

    def refresh(self) -> None:
        """Recount and reload the first page (a save or a sync pull changed the data)."""
        self.beginResetModel()
        self._total = self._store.count_requests(self._filter)
        self._rows = self._store.page_requests(self._filter, 0, self._page_size)
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self.canFetchMore(parent):
            return
        page = self._store.page_requests(self._filter, len(self._rows), self._page_size)
        if not page:
            # rows vanished under us (another writer); stop asking for more
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # --- access -----------------------------------------------------------------------
    def row_dict(self, row: int) -> dict | None:
        if 0 <= row < len(self._rows):
            return self._rows[row]
        return None

    def uuid_at(self, row: int) -> str | None:
        found = self.row_dict(row)
        return found["uuid"] if found else None

    def row_of(self, uuid: str) -> int:
        """Row number of ``uuid`` among the rows fetched so far, or -1."""
        for i, row in enumerate(self._rows):
            if row.get("uuid") == uuid:
                return i
        return -1

    # --- Qt model interface -----------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        headers = {
            "visit_date": QCoreApplication.translate("RequestTableModel", "Date"),
            "name": QCoreApplication.translate("RequestTableModel", "Name"),
            "nik": QCoreApplication.translate("RequestTableModel", "NIK"),
            "desa_code": QCoreApplication.translate("RequestTableModel", "Village"),
            "service": QCoreApplication.translate("RequestTableModel", "Service"),
            "status": QCoreApplication.translate("RequestTableModel", "Status"),
            "sync": QCoreApplication.translate("RequestTableModel", "Sync"),
        }
        return headers[self.COLUMNS[section]]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.row_dict(index.row())
        if row is None:
            return None
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.get("review_state") == "returned":
                return QBrush(RETURNED_COLOUR)
            if row.get("sync_state") == "rejected" or row.get("review_state") == "rejected":
                return QBrush(REJECTED_COLOUR)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.get("status") == "cancelled":
                return QBrush(CANCELLED_COLOUR)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            note = attention_note(row)
            if row.get("status") == "cancelled" and row.get("cancel_reason"):
                cancelled = (
                    QCoreApplication.translate("RequestTableModel", "Cancelled")
                    + ": "
                    + row["cancel_reason"]
                )
                note = f"{note}\n{cancelled}" if note else cancelled
            return note or None
        if role == UUID_ROLE:
            return row.get("uuid")
        if role == ROW_ROLE:
            return row
        return None

    def _display(self, row: dict, column: str) -> str:
        if column == "visit_date":
            return format_date(row.get("visit_date"))
        if column == "desa_code":
            return desa_name(row.get("desa_code"))
        if column == "service":
            code = row.get("service") or ""
            return label(code, self._lang) if code in SERVICES else code
        if column == "status":
            code = row.get("status") or ""
            return label(code, self._lang) if code in STATUSES else code
        if column == "sync":
            return sync_state_text(row)
        value = row.get(column)
        return "" if value is None else str(value)


class SummaryTableModel(QAbstractTableModel):
    """``Store.daily_summary`` as a table: a row per service, a column per status + total.

    ``visible_to``: only the work that officer may see (``RequestFilter.visible_to``).
    """

    def __init__(
        self,
        store,
        *,
        lang: str = "id",
        visible_to: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._lang = lang
        self.visible_to = visible_to
        self._day = date.today()
        self._visit_uuid: str | None = None
        self._services: list[str] = []
        self._counts: dict[tuple[str, str], int] = {}

    def load(self, day: date, visit_uuid: str | None = None) -> None:
        self.beginResetModel()
        self._day, self._visit_uuid = day, visit_uuid
        self._counts = {}
        for item in self._store.daily_summary(
            day, visit_uuid=visit_uuid, visible_to=self.visible_to
        ):
            key = (item["service"], item["status"])
            self._counts[key] = self._counts.get(key, 0) + int(item["count"])
        present = {service for service, _ in self._counts}
        ordered = [code for code in SERVICES if code in present]
        self._services = ordered + sorted(present - set(ordered))
        self.endResetModel()

    def reload(self) -> None:
        self.load(self._day, self._visit_uuid)

    def count(self, service: str | None = None, status: str | None = None) -> int:
        return sum(
            n
            for (sv, st), n in self._counts.items()
            if (service is None or sv == service) and (status is None or st == status)
        )

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._services) + (1 if self._services else 0)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(STATUSES) + 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return QCoreApplication.translate("SummaryTableModel", "Service")
        if section <= len(STATUSES):
            return label(STATUSES[section - 1], self._lang)
        return QCoreApplication.translate("SummaryTableModel", "Total")

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        is_total_row = index.row() == len(self._services)
        service = None if is_total_row else self._services[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                if is_total_row:
                    return QCoreApplication.translate("SummaryTableModel", "Total")
                return label(service, self._lang) if service in SERVICES else service
            status = STATUSES[column - 1] if column <= len(STATUSES) else None
            return str(self.count(service, status))
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (is_total_row or column == len(STATUSES) + 1):
            font = QFont()
            font.setBold(True)
            return font
        return None
