"""Qt item models over the laptop's target list (no widgets: tested headless).

``TargetListModel`` never loads a whole desa: it counts the matching residents
(``Store.count_targets_for_desa``) and fetches them page by page as the view scrolls
(``canFetchMore`` / ``fetchMore`` over ``Store.targets_for_desa``). ``DesaTargetModel``
holds one row per desa of a kecamatan (``Store.target_counts``: a few dozen rows).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt

from app.ui.models import desa_name, format_date

PAGE_SIZE = 200
TARGET_ROLE = Qt.ItemDataRole.UserRole  # the whole target dict of a row
DESA_ROLE = Qt.ItemDataRole.UserRole  # the desa code of a count row


def _tr(text: str) -> str:
    return QCoreApplication.translate("TargetModels", text)


class TargetListModel(QAbstractTableModel):
    """Targets of one desa (by name), optionally only those still to serve, filtered."""

    COLUMNS = ("name", "nik", "birth_date", "sex", "address", "state")

    def __init__(
        self,
        store,
        *,
        only_left: bool = True,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._only_left = only_left
        self._page_size = page_size
        self._desa_code: str | None = None
        self._filter_text = ""
        self._rows: list[dict] = []
        self._total = 0

    # --- loading ----------------------------------------------------------------------
    @property
    def total(self) -> int:
        """How many targets match (rows not fetched yet included)."""
        return self._total

    @property
    def desa_code(self) -> str | None:
        return self._desa_code

    def set_desa(self, desa_code: str | None) -> None:
        self._desa_code = desa_code
        self.refresh()

    def set_filter_text(self, text: str) -> None:
        self._filter_text = text.strip()
        self.refresh()

    def refresh(self) -> None:
        """Recount and reload the first page."""
        self.beginResetModel()
        if self._desa_code:
            self._total = self._store.count_targets_for_desa(
                self._desa_code, only_left=self._only_left, name_prefix=self._filter_text
            )
            self._rows = self._page(0)
        else:
            self._total, self._rows = 0, []
        self.endResetModel()

    def _page(self, offset: int) -> list[dict]:
        return self._store.targets_for_desa(
            self._desa_code,
            only_left=self._only_left,
            name_prefix=self._filter_text,
            limit=self._page_size,
            offset=offset,
        )

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        page = self._page(len(self._rows))
        if not page:  # rows vanished meanwhile (a sync removed them)
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def target_at(self, row: int) -> dict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

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
        return {
            "name": _tr("Name"),
            "nik": _tr("NIK"),
            "birth_date": _tr("Birth date"),
            "sex": _tr("Sex"),
            "address": _tr("Address"),
            "state": _tr("State"),
        }[self.COLUMNS[section]]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.target_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == TARGET_ROLE:
            return row
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = self.COLUMNS[index.column()]
        if column == "birth_date":
            return format_date(row.get("birth_date"))
        if column == "state":
            return _tr("served") if row.get("served") else _tr("still to serve")
        if column == "address" and role == Qt.ItemDataRole.ToolTipRole:
            return row.get("note") or None
        return row.get(column) or ""


class DesaTargetModel(QAbstractTableModel):
    """Per desa of a kecamatan: targets in total, served, still left."""

    COLUMNS = ("desa", "total", "served", "left")

    def __init__(self, store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._kecamatan: str | None = None
        self._rows: list[dict] = []

    def set_kecamatan(self, kecamatan_code: str | None) -> None:
        self._kecamatan = kecamatan_code
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows = self._store.target_counts(self._kecamatan) if self._kecamatan else []
        self.endResetModel()

    def counts(self, desa_code: str) -> dict | None:
        return next((r for r in self._rows if r["desa_code"] == desa_code), None)

    def totals(self) -> dict:
        keys = ("total", "served", "left")
        return {k: sum(r[k] for r in self._rows) for k in keys}

    def desa_at(self, row: int) -> str | None:
        return self._rows[row]["desa_code"] if 0 <= row < len(self._rows) else None

    def row_of(self, desa_code: str | None) -> int:
        for i, r in enumerate(self._rows):
            if r["desa_code"] == desa_code:
                return i
        return -1

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return {
            "desa": _tr("Village"),
            "total": _tr("Targets"),
            "served": _tr("Served"),
            "left": _tr("Still to serve"),
        }[self.COLUMNS[section]]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == DESA_ROLE:
            return row["desa_code"]
        if role == Qt.ItemDataRole.TextAlignmentRole and column != "desa":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "desa":
            return desa_name(row["desa_code"])
        return row[column]
