"""The "Targets" tab: per desa of the officer's kecamatan, how many residents on the
target list are served and who is still left.

The counts come from ``Store.target_counts`` (one row per desa); the list of the selected
desa pages through ``Store.targets_for_desa`` (``TargetListModel``), never loading it
whole. ``MainWindow.refresh_all`` (after a save or a sync) calls ``refresh()``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.regions import regions
from app.ui.models import desa_name
from app.ui.target_models import DesaTargetModel, TargetListModel


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return view


class TargetsPanel(QWidget):
    def __init__(self, store, *, lang: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kecamatan: str | None = None
        self.desa_model = DesaTargetModel(store, parent=self)
        self.left_model = TargetListModel(store, only_left=True, parent=self)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("targets_summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-weight: bold;")
        self.desa_view = _table("target_desa_table")
        self.desa_view.setModel(self.desa_model)
        self.left_label = QLabel()
        self.left_label.setObjectName("targets_left_label")
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("targets_filter")
        self.filter_edit.setPlaceholderText(self.tr("Type a name or NIK to filter"))
        self.filter_edit.setClearButtonEnabled(True)
        self.left_view = _table("target_left_table")
        self.left_view.setModel(self.left_model)
        self.left_view.setColumnHidden(TargetListModel.COLUMNS.index("state"), True)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.left_label, 1)
        head.addWidget(self.filter_edit, 1)
        lower_layout.addLayout(head)
        lower_layout.addWidget(self.left_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.desa_view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)

        self.desa_view.selectionModel().currentRowChanged.connect(self._desa_selected)
        self.filter_edit.textChanged.connect(self._filter_changed)

    def set_kecamatan(self, kecamatan_code: str | None) -> None:
        self._kecamatan = kecamatan_code
        self.refresh()

    def refresh(self) -> None:
        """Recount every desa and reload the selected desa's list (keeps the selection)."""
        selected = self.left_model.desa_code
        self.desa_model.set_kecamatan(self._kecamatan)
        row = self.desa_model.row_of(selected)
        if row < 0 and self.desa_model.rowCount() > 0:
            row = 0
        # load the list first: selecting the same desa then changes nothing
        self.left_model.set_desa(self.desa_model.desa_at(row) if row >= 0 else None)
        if row >= 0:
            self.desa_view.selectRow(row)
        self._update_labels()

    def select_desa(self, desa_code: str) -> bool:
        row = self.desa_model.row_of(desa_code)
        if row >= 0:
            self.desa_view.selectRow(row)
        return row >= 0

    def _desa_selected(self, current, _previous) -> None:
        desa = self.desa_model.desa_at(current.row()) if current.isValid() else None
        if desa != self.left_model.desa_code:
            self.left_model.set_desa(desa)
            self._update_labels()

    def _filter_changed(self, text: str) -> None:
        self.left_model.set_filter_text(text)
        self._update_labels()

    def counts(self, desa_code: str) -> dict | None:
        """``{desa_code, total, served, left}`` as shown, or None."""
        return self.desa_model.counts(desa_code)

    def _update_labels(self) -> None:
        if not self._kecamatan:
            self.summary_label.setText(self.tr("No officer profile yet."))
            self.left_label.setText("")
            return
        region = regions().get(self._kecamatan)
        name = region.name if region else self._kecamatan
        totals = self.desa_model.totals()
        if not totals["total"]:
            self.summary_label.setText(
                self.tr(
                    "No target list for %1 yet: the list comes with the next sync once the "
                    "office has imported it."
                ).replace("%1", name)
            )
        else:
            self.summary_label.setText(
                self.tr("Kecamatan %1: %2 served of %3 targets, %4 still to serve.")
                .replace("%1", name)
                .replace("%2", str(totals["served"]))
                .replace("%3", str(totals["total"]))
                .replace("%4", str(totals["left"]))
            )
        desa = self.left_model.desa_code
        if desa is None:
            self.left_label.setText("")
        else:
            self.left_label.setText(
                self.tr("Still to serve in %1: %2")
                .replace("%1", desa_name(desa))
                .replace("%2", str(self.left_model.total))
            )
