"""Blank e-KTP card stock: balance, low-stock warning, receipts and spoiled prints."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import BANNER_STYLE, INFO_STYLE, MessageLabel, error_text

MAX_MOVEMENT = 10_000


class StockPanel(QWidget):
    """Stock of one officer; ``changed`` fires after a receipt or spoiled print is stored."""

    changed = Signal()

    def __init__(self, store, *, lang: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._lang = lang
        self._officer_id: int | None = None

        self.balance_label = QLabel()
        self.balance_label.setObjectName("stock_balance")
        self.balance_label.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.low_warning = MessageLabel()
        self.low_warning.setObjectName("stock_low_warning")
        self.low_warning.setStyleSheet(BANNER_STYLE)

        self.receive_quantity = QSpinBox()
        self.receive_quantity.setObjectName("receive_quantity")
        self.receive_quantity.setRange(1, MAX_MOVEMENT)
        self.receive_quantity.setValue(50)
        self.receive_note = QLineEdit()
        self.receive_note.setObjectName("receive_note")
        self.receive_note.setPlaceholderText(self.tr("e.g. handover letter number"))
        self.receive_button = QPushButton(self.tr("Record receipt"))
        self.receive_button.setObjectName("receive")

        self.spoiled_quantity = QSpinBox()
        self.spoiled_quantity.setObjectName("spoiled_quantity")
        self.spoiled_quantity.setRange(1, MAX_MOVEMENT)
        self.spoiled_note = QLineEdit()
        self.spoiled_note.setObjectName("spoiled_note")
        self.spoiled_note.setPlaceholderText(self.tr("e.g. printer jam, faded print"))
        self.spoiled_button = QPushButton(self.tr("Record spoiled cards"))
        self.spoiled_button.setObjectName("spoiled")

        self.error = MessageLabel()
        self.info = MessageLabel(style=INFO_STYLE)

        receive_box = QGroupBox(self.tr("Cards received"))
        receive_form = QFormLayout(receive_box)
        receive_form.addRow(self.tr("Quantity"), self.receive_quantity)
        receive_form.addRow(self.tr("Note"), self.receive_note)
        receive_form.addRow("", self.receive_button)

        spoiled_box = QGroupBox(self.tr("Spoiled prints"))
        spoiled_form = QFormLayout(spoiled_box)
        spoiled_form.addRow(self.tr("Quantity"), self.spoiled_quantity)
        spoiled_form.addRow(self.tr("Note"), self.spoiled_note)
        spoiled_form.addRow("", self.spoiled_button)

        explain = QLabel(
            self.tr(
                "Saving an e-KTP printing or replacement as 'done' uses one blank card "
                "automatically."
            )
        )
        explain.setWordWrap(True)

        boxes = QHBoxLayout()
        boxes.addWidget(receive_box)
        boxes.addWidget(spoiled_box)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Blank e-KTP cards in hand")))
        layout.addWidget(self.balance_label)
        layout.addWidget(self.low_warning)
        layout.addWidget(explain)
        layout.addLayout(boxes)
        layout.addWidget(self.error)
        layout.addWidget(self.info)
        layout.addStretch(1)

        self.receive_button.clicked.connect(self.receive)
        self.spoiled_button.clicked.connect(self.spoiled)
        self.receive_note.returnPressed.connect(self.receive)
        self.spoiled_note.returnPressed.connect(self.spoiled)

    def set_officer(self, officer_id: int | None) -> None:
        self._officer_id = officer_id
        self.refresh()

    def balance(self) -> int:
        return self._store.stock_balance(self._officer_id) if self._officer_id else 0

    def is_low(self) -> bool:
        return bool(self._officer_id) and self._store.stock_is_low(self._officer_id)

    def refresh(self) -> None:
        enabled = self._officer_id is not None
        for widget in (self.receive_button, self.spoiled_button):
            widget.setEnabled(enabled)
        balance = self.balance()
        self.balance_label.setText(self.tr("%n card(s)", "", balance))
        if self.is_low():
            self.low_warning.show_message(
                self.tr(
                    "Blank cards are running low (%n left): ask the office for more before "
                    "the next visit.",
                    "",
                    balance,
                )
            )
        else:
            self.low_warning.clear_message()

    def receive(self) -> None:
        self._move(self._store.receive_stock, self.receive_quantity, self.receive_note)

    def spoiled(self) -> None:
        self._move(self._store.record_spoiled, self.spoiled_quantity, self.spoiled_note)

    def _move(self, action, quantity: QSpinBox, note: QLineEdit) -> None:
        self.error.clear_message()
        self.info.clear_message()
        if self._officer_id is None:
            return
        try:
            action(self._officer_id, quantity.value(), note.text().strip())
        except ValueError as err:  # StockError / StoreError
            self.error.show_message(error_text(err, self._lang))
            return
        note.clear()
        self.info.show_message(self.tr("Stock updated."))
        self.refresh()
        self.changed.emit()
