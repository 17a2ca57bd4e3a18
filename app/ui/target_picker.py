"""Pick a resident from the visit's target list to prefill the request form (F4).

Lists the residents of the visit's desa still to serve (``TargetListModel``: paged, by
name); typing filters by name or NIK, Up/Down move through the list without leaving the
filter, Enter or a double click picks. ``picked`` carries the target dict.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.models import desa_name
from app.ui.target_models import TargetListModel

NAVIGATION_KEYS = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


class TargetPicker(QDialog):
    """The still-to-serve residents of ``desa_code``; ``picked(dict)`` on Enter."""

    picked = Signal(dict)

    def __init__(self, store, desa_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Target list: %1").replace("%1", desa_name(desa_code)))
        self.resize(760, 480)
        self.target: dict | None = None
        self.model = TargetListModel(store, only_left=True, parent=self)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("target_filter")
        self.filter_edit.setPlaceholderText(self.tr("Type a name or NIK to filter"))
        self.filter_edit.setClearButtonEnabled(True)
        self.view = QTableView()
        self.view.setObjectName("target_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnHidden(TargetListModel.COLUMNS.index("state"), True)
        self.count_label = QLabel()
        self.count_label.setObjectName("target_count")
        self.pick_button = QPushButton(self.tr("Use this resident (Enter)"))
        self.pick_button.setObjectName("pick")
        self.pick_button.setDefault(True)
        close_button = QPushButton(self.tr("Close"))
        close_button.setAutoDefault(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(close_button)
        buttons.addWidget(self.pick_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self.filter_edit.textChanged.connect(self._filter_changed)
        self.filter_edit.returnPressed.connect(self.pick_current)
        self.filter_edit.installEventFilter(self)
        self.view.doubleClicked.connect(self.pick_current)
        self.pick_button.clicked.connect(self.pick_current)
        close_button.clicked.connect(self.reject)

        self.model.set_desa(desa_code)
        self._after_load()
        self.filter_edit.setFocus()

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter_text(text)
        self._after_load()

    def _after_load(self) -> None:
        total = self.model.total
        if total:
            self.count_label.setText(self.tr("%n resident(s) still to serve", "", total))
            self.view.selectRow(0)
        elif self.filter_edit.text().strip():
            self.count_label.setText(self.tr("Nobody on the list matches."))
        else:
            self.count_label.setText(
                self.tr("Nobody left on this village's target list (or not synced yet).")
            )
        self.pick_button.setEnabled(total > 0)

    def current_target(self) -> dict | None:
        index = self.view.currentIndex()
        return self.model.target_at(index.row()) if index.isValid() else None

    def pick_current(self) -> None:
        target = self.current_target()
        if target is None:
            return
        self.target = target
        self.picked.emit(target)
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        """Up/Down/PageUp/PageDown in the filter move through the list."""
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in NAVIGATION_KEYS
        ):
            QApplication.sendEvent(self.view, event)
            return True
        return super().eventFilter(watched, event)
