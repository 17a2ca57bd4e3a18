"""Daily summary: requests per service and status, for a day or for the current visit."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.models import SummaryTableModel

SCOPE_DAY, SCOPE_VISIT = "day", "visit"


class SummaryPanel(QWidget):
    """``visible_to``: count only the work that officer may see (their team's)."""

    def __init__(
        self,
        store,
        *,
        lang: str = "id",
        visible_to: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._visit: dict | None = None
        self.model = SummaryTableModel(store, lang=lang, visible_to=visible_to, parent=self)

        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("summary_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        self.date_edit.setDate(QDate.currentDate())
        self.scope_combo = QComboBox()
        self.scope_combo.setObjectName("summary_scope")
        self.scope_combo.addItem(self.tr("Whole day"), SCOPE_DAY)
        self.scope_combo.addItem(self.tr("Current visit only"), SCOPE_VISIT)

        self.view = QTableView()
        self.view.setObjectName("summary_table")
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.total_label = QLabel()
        self.total_label.setObjectName("summary_total")

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Day")))
        top.addWidget(self.date_edit)
        top.addWidget(self.scope_combo)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.total_label)

        self.date_edit.dateChanged.connect(self.refresh)
        self.scope_combo.currentIndexChanged.connect(self.refresh)

    def set_viewer(self, officer_id: int | None) -> None:
        """Whose work is counted from the next refresh on (see ``visible_to``)."""
        self.model.visible_to = officer_id

    def set_visit(self, visit: dict | None) -> None:
        self._visit = visit
        if visit is not None:
            self.date_edit.setDate(QDate(date.fromisoformat(visit["visit_date"])))
        self.refresh()

    def refresh(self) -> None:
        day = self.date_edit.date().toPython()
        visit_uuid = None
        if self.scope_combo.currentData() == SCOPE_VISIT:
            if self._visit is None:
                self.model.load(day, visit_uuid="")  # no visit: nothing to count
                self.total_label.setText(self.tr("No visit in progress."))
                return
            visit_uuid = self._visit["uuid"]
        self.model.load(day, visit_uuid=visit_uuid)
        self.total_label.setText(self.tr("%n request(s) in total", "", self.model.count()))
