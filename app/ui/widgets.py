"""Small widgets and helpers shared by the dialogs and the request form."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.domain.regions import regions

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5a00;"
CONFIRM_STYLE = "color: #6a1b9a;"
INFO_STYLE = "color: #245c2a;"
BANNER_STYLE = (
    "QLabel { background: #ffe5e5; color: #7a0010; border: 1px solid #e0a0a0;"
    " border-radius: 4px; padding: 6px; }"
)

SEVERITY_STYLES = {"error": ERROR_STYLE, "warning": WARNING_STYLE, "confirm": CONFIRM_STYLE}


class MessageLabel(QLabel):
    """A word-wrapped label under a field; hidden while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None, style: str = ERROR_STYLE) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet(style)
        self.setVisible(False)

    def show_message(self, text: str, style: str | None = None) -> None:
        if style is not None:
            self.setStyleSheet(style)
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


def error_text(err: Exception, lang: str) -> str:
    """The user's-language text of a domain or store error (both have ``message(lang)``)."""
    message = getattr(err, "message", None)
    if callable(message):
        try:
            return message(lang)
        except TypeError:
            pass
    return str(err)


def kecamatan_combo(parent: QWidget | None = None, *, with_all: bool = False) -> QComboBox:
    """The 20 kecamatan of Kutai Kartanegara, each item's data its dotted code."""
    combo = QComboBox(parent)
    if with_all:
        combo.addItem(QCoreApplication.translate("Widgets", "All districts"), None)
    for region in regions().kukar_kecamatan():
        combo.addItem(region.name, region.code)
    return combo


def select_data(combo: QComboBox, value) -> bool:
    """Select the item whose data equals ``value``; False when there is none."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
        return True
    return False
