"""Lists of requests (today's and the searchable list of all) over ``RequestTableModel``."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.nik import normalize_number
from app.domain.regions import regions
from app.domain.services import SERVICES, STATUSES, label
from app.store import RequestFilter
from app.ui.models import RequestTableModel
from app.ui.visit_dialog import desa_item_text

SEARCH_DELAY_MS = 300


class RequestTableView(QTableView):
    """Table of requests; Enter or double-click asks to edit the current row."""

    activated_row = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.doubleClicked.connect(lambda index: self.activated_row.emit(index.row()))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class RequestListPanel(QWidget):
    """A request table with Edit / Cancel / History buttons and, optionally, search filters."""

    edit_requested = Signal(str)
    cancel_requested = Signal(str)
    history_requested = Signal(str)

    def __init__(
        self,
        store,
        base_filter: RequestFilter,
        *,
        searchable: bool = False,
        lang: str = "id",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._base = base_filter
        self.model = RequestTableModel(store, base_filter, lang=lang, parent=self)
        self.view = RequestTableView()
        self.view.setModel(self.model)
        self.view.activated_row.connect(self._edit_row)
        for column, width in enumerate((84, 170, 136, 110, 150, 80)):
            self.view.setColumnWidth(column, width)
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)

        self.edit_button = QPushButton(self.tr("Edit"))
        self.cancel_button = QPushButton(self.tr("Cancel request…"))
        self.history_button = QPushButton(self.tr("History…"))
        self.edit_button.clicked.connect(lambda: self._emit_current(self.edit_requested))
        self.cancel_button.clicked.connect(lambda: self._emit_current(self.cancel_requested))
        self.history_button.clicked.connect(lambda: self._emit_current(self.history_requested))
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        for button in (self.edit_button, self.cancel_button, self.history_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        if searchable:
            layout.addLayout(self._build_filters(lang))
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self._update_count()

    # --- filters ----------------------------------------------------------------------
    def _build_filters(self, lang: str) -> QHBoxLayout:
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search_text")
        self.search_edit.setPlaceholderText(self.tr("NIK (16 digits) or the start of a name"))
        self.search_edit.setClearButtonEnabled(True)
        self.desa_filter = QComboBox()
        self.desa_filter.setObjectName("desa_filter")
        self.desa_filter.setEditable(True)
        self.desa_filter.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.desa_filter.addItem(self.tr("All villages"), None)
        for region in regions().kukar_desa():
            self.desa_filter.addItem(desa_item_text(region), region.code)
        completer = QCompleter(self.desa_filter.model(), self.desa_filter)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.desa_filter.setCompleter(completer)
        self.service_filter = QComboBox()
        self.service_filter.setObjectName("service_filter")
        self.service_filter.addItem(self.tr("All services"), None)
        for code in SERVICES:
            self.service_filter.addItem(label(code, lang), code)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem(self.tr("All statuses"), None)
        for code in STATUSES:
            self.status_filter.addItem(label(code, lang), code)
        self.attention_filter = QComboBox()
        self.attention_filter.setObjectName("attention_filter")
        self.attention_filter.addItem(self.tr("All"), None)
        self.attention_filter.addItem(self.tr("Returned for correction"), "returned")
        self.attention_filter.addItem(self.tr("Rejected"), "rejected")

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.apply_filters)
        self.desa_filter.currentIndexChanged.connect(self.apply_filters)
        for combo in (self.service_filter, self.status_filter, self.attention_filter):
            combo.currentIndexChanged.connect(self.apply_filters)

        row = QHBoxLayout()
        row.addWidget(self.search_edit, 2)
        row.addWidget(self.desa_filter, 1)
        row.addWidget(self.service_filter, 1)
        row.addWidget(self.status_filter)
        row.addWidget(self.attention_filter)
        return row

    def current_filter(self) -> RequestFilter:
        """The base filter plus what is chosen in the filter bar."""
        if not hasattr(self, "search_edit"):
            return self._base
        text = self.search_edit.text().strip()
        number = normalize_number(text)
        nik = number if number.isdigit() else None
        attention = self.attention_filter.currentData()
        return dataclasses.replace(
            self._base,
            nik=nik,
            name_prefix=None if nik or not text else text,
            desa_code=self.desa_filter.currentData(),
            service=self.service_filter.currentData(),
            status=self.status_filter.currentData(),
            only_returned=attention == "returned",
            only_rejected=attention == "rejected",
        )

    def apply_filters(self) -> None:
        if hasattr(self, "_search_timer"):
            self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    def set_base_filter(self, base_filter: RequestFilter) -> None:
        self._base = base_filter
        self.apply_filters()

    # --- rows -------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_uuid()
        self.model.refresh()
        if selected:
            self.select_uuid(selected)

    def selected_uuid(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.uuid_at(index.row()) if index.isValid() else None

    def select_uuid(self, uuid: str) -> bool:
        row = self.model.row_of(uuid)
        if row < 0:
            return False
        self.view.selectRow(row)
        return True

    def _edit_row(self, row: int) -> None:
        uuid = self.model.uuid_at(row)
        if uuid:
            self.edit_requested.emit(uuid)

    def _emit_current(self, signal) -> None:
        uuid = self.selected_uuid()
        if uuid:
            signal.emit(uuid)

    def _update_count(self) -> None:
        self.count_label.setText(
            self.tr("%n request(s)", "", self.model.total)
            + (
                self.tr(" (%1 loaded; scroll for more)").replace("%1", str(self.model.rowCount()))
                if self.model.canFetchMore()
                else ""
            )
        )
