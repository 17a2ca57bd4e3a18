"""A request's revisions (``Store.request_history``), newest last."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.models import format_date


def local_time(iso: str | None) -> str:
    """UTC ISO time from the store as local ``dd-mm-yyyy HH:MM``."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d-%m-%Y %H:%M")
    except ValueError:
        return iso


def _value(value) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return format_date(value)
    return str(value)


class HistoryDialog(QDialog):
    """``visible_to``: show nothing unless that officer may see the request."""

    def __init__(
        self, store, uuid: str, *, visible_to: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Request history"))
        self.resize(760, 360)
        record = store.get_request(uuid, visible_to=visible_to) or {}
        self.history = store.request_history(uuid, visible_to=visible_to)
        actions = {
            "created": self.tr("created"),
            "updated": self.tr("changed"),
            "cancelled": self.tr("cancelled"),
        }
        self.table = QTableWidget(len(self.history), 4)
        self.table.setObjectName("history_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Revision"), self.tr("Time"), self.tr("Action"), self.tr("Changes")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, entry in enumerate(self.history):
            changes = entry.get("changes") or {}
            if entry.get("action") == "created":
                text = ", ".join(sorted(changes))
            else:
                text = "; ".join(
                    f"{field}: {_value(pair[0])} → {_value(pair[1])}"
                    for field, pair in sorted(changes.items())
                )
            cells = [
                str(entry.get("revision", "")),
                local_time(entry.get("at")),
                actions.get(entry.get("action"), entry.get("action", "")),
                text,
            ]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        title = QLabel(record.get("name", ""))
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
