"""One record as the supervisor reviews it (a ``RecordDetail`` of the review API).

Top: name, review state, the server's flags and validation warnings (highlighted),
the NIK as decoded (birth date, sex, region). Tabs: every field with one column per
revision side by side (cells that changed from the previous revision highlighted),
the changes revision by revision, and the previous decisions. No network here: the
window hands in the detail fetched by the worker.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.services import EVER_MARRIED, MARITAL_STATUSES, PENDING_REASONS, label
from app.ui.history_dialog import local_time
from app.ui.models import desa_name, format_date
from app.ui.supervisor.models import (
    RETURNED_COLOUR,
    STATE_COLOURS,
    flag_text,
    review_state_text,
)

CHANGED_COLOUR = QColor("#fff1c2")
FLAG_COLOURS = {"error": QColor("#ffd6d6"), "warning": QColor("#fff1c2")}
INFO_COLOUR = QColor("#e8eefc")

# Fields in the order an officer fills the form; other keys follow alphabetically.
FIELD_ORDER = (
    "name",
    "nik",
    "kk",
    "birth_date",
    "sex",
    "marital_status",
    "has_ektp",
    "desa_code",
    "address",
    "rt",
    "rw",
    "phone",
    "service",
    "status",
    "pending_reason",
    "cancel_reason",
    "mismatch_reason",
    "notes",
    "visit_date",
)
HIDDEN_FIELDS = ("officer_id", "visit_uuid", "uuid", "revision")
# Bookkeeping that changes with every revision: shown, never highlighted as a change.
META_FIELDS = ("created_at", "updated_at")
_LABELED_CODES = set(MARITAL_STATUSES) | set(PENDING_REASONS) | set(EVER_MARRIED)


def field_label(key: str) -> str:
    texts = {
        "name": QCoreApplication.translate("RecordView", "Name"),
        "nik": QCoreApplication.translate("RecordView", "NIK"),
        "kk": QCoreApplication.translate("RecordView", "KK number"),
        "birth_date": QCoreApplication.translate("RecordView", "Birth date"),
        "sex": QCoreApplication.translate("RecordView", "Sex"),
        "marital_status": QCoreApplication.translate("RecordView", "Marital status"),
        "has_ektp": QCoreApplication.translate("RecordView", "e-KTP already recorded"),
        "desa_code": QCoreApplication.translate("RecordView", "Village"),
        "address": QCoreApplication.translate("RecordView", "Address"),
        "rt": "RT",
        "rw": "RW",
        "phone": QCoreApplication.translate("RecordView", "Phone"),
        "service": QCoreApplication.translate("RecordView", "Service"),
        "status": QCoreApplication.translate("RecordView", "Status"),
        "pending_reason": QCoreApplication.translate("RecordView", "Pending reason"),
        "cancel_reason": QCoreApplication.translate("RecordView", "Cancel reason"),
        "mismatch_reason": QCoreApplication.translate("RecordView", "Correction reason"),
        "notes": QCoreApplication.translate("RecordView", "Notes"),
        "visit_date": QCoreApplication.translate("RecordView", "Visit date"),
        "officer_nip": QCoreApplication.translate("RecordView", "Officer NIP"),
        "created_at": QCoreApplication.translate("RecordView", "Created"),
        "updated_at": QCoreApplication.translate("RecordView", "Last changed"),
    }
    return texts.get(key, key)


def field_value(key: str, value: Any, lang: str = "id") -> str:
    """A field's value the way a supervisor reads it (names for codes, dd-mm-yyyy)."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("RecordView", "yes")
            if value
            else QCoreApplication.translate("RecordView", "no")
        )
    if key == "desa_code":
        name = desa_name(value)
        return f"{name} ({value})" if name != value else str(value)
    if key in ("birth_date", "visit_date"):
        return format_date(value)
    if key in ("created_at", "updated_at"):
        return local_time(str(value))
    if key in ("service", "status", "sex") or (isinstance(value, str) and value in _LABELED_CODES):
        try:
            return label(str(value), lang)
        except KeyError:
            return str(value)
    return str(value)


def ordered_fields(*datas: dict) -> list[str]:
    keys: set[str] = set()
    for data in datas:
        keys.update(k for k in data if k not in HIDDEN_FIELDS)
    first = [k for k in FIELD_ORDER if k in keys]
    return first + sorted(keys - set(first))


def decision_text(decision: str) -> str:
    return {
        "approve": QCoreApplication.translate("RecordView", "approved"),
        "return": QCoreApplication.translate("RecordView", "returned"),
        "reject": QCoreApplication.translate("RecordView", "rejected"),
    }.get(decision, decision)


def _readonly_table(rows: int, columns: int) -> QTableWidget:
    table = QTableWidget(rows, columns)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the record list
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    return table


def _item(text: str, colour: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if colour is not None:
        item.setBackground(QBrush(colour))
    return item


class RecordView(QWidget):
    """Shows one ``RecordDetail`` (as a dict); ``show_detail(None)`` clears it."""

    def __init__(self, *, lang: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self.detail: dict | None = None

        self.title = QLabel()
        self.title.setObjectName("record_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.state_label = QLabel()
        self.state_label.setObjectName("record_state")
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)

        self.attention = QListWidget()
        self.attention.setObjectName("attention_list")
        self.attention.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.attention.setMaximumHeight(76)

        self.nik_birth = QLabel()
        self.nik_sex = QLabel()
        self.nik_region = QLabel()
        self.nik_warnings = QLabel()
        self.nik_warnings.setWordWrap(True)
        self.nik_warnings.setStyleSheet("color: #8a5a00;")
        nik_form = QFormLayout()
        nik_form.addRow(self.tr("Birth date (from NIK)"), self.nik_birth)
        nik_form.addRow(self.tr("Sex (from NIK)"), self.nik_sex)
        nik_form.addRow(self.tr("Region (from NIK)"), self.nik_region)
        nik_form.addRow("", self.nik_warnings)

        self.fields_table = _readonly_table(0, 1)
        self.fields_table.setObjectName("fields_table")
        self.changes_table = _readonly_table(0, 4)
        self.changes_table.setObjectName("changes_table")
        self.changes_table.setHorizontalHeaderLabels(
            [self.tr("Revision"), self.tr("Field"), self.tr("Before"), self.tr("After")]
        )
        self.decisions_table = _readonly_table(0, 5)
        self.decisions_table.setObjectName("decisions_table")
        self.decisions_table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("By"),
                self.tr("Decision"),
                self.tr("Revision"),
                self.tr("Comment"),
            ]
        )
        for table in (self.changes_table, self.decisions_table):
            table.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.addTab(self.fields_table, self.tr("Data and revisions"))
        self.tabs.addTab(self.changes_table, self.tr("Changes"))
        self.tabs.addTab(self.decisions_table, self.tr("Decisions"))

        self.placeholder = QLabel(self.tr("Select a record to review it."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.title)
        body_layout.addWidget(self.state_label)
        body_layout.addWidget(self.attention)
        body_layout.addLayout(nik_form)
        body_layout.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.body, 1)
        self.show_detail(None)

    # --- content ------------------------------------------------------------------------
    def show_detail(self, detail: dict | None) -> None:
        self.detail = detail
        self.placeholder.setVisible(detail is None)
        self.body.setVisible(detail is not None)
        if detail is None:
            return
        data = detail.get("data") or {}
        self.title.setText(f"{data.get('name', '')}  ·  NIK {data.get('nik', '')}")
        state = detail.get("review_state") or "pending"
        self.state_label.setText(
            self.tr("Review: %1 · revision %2")
            .replace("%1", review_state_text(state))
            .replace("%2", str(detail.get("revision", "")))
        )
        colour = STATE_COLOURS.get(state)
        self.state_label.setStyleSheet(
            f"background: {colour.name()}; padding: 2px;" if colour is not None else ""
        )
        self._fill_attention(detail)
        self._fill_nik(detail.get("nik_decoded"))
        self._fill_fields(detail)
        self._fill_changes(detail.get("revisions") or [])
        self._fill_decisions(detail.get("decisions") or [])

    def attention_texts(self) -> list[str]:
        return [self.attention.item(i).text() for i in range(self.attention.count())]

    def _fill_attention(self, detail: dict) -> None:
        self.attention.clear()
        for flag in detail.get("flags") or []:
            severity = flag.get("severity") or "warning"
            text = f"⚑ {flag_text(flag.get('code', ''))}: {flag.get('message', '')}"
            item = QListWidgetItem(text)
            item.setBackground(QBrush(FLAG_COLOURS.get(severity, FLAG_COLOURS["warning"])))
            item.setData(Qt.ItemDataRole.UserRole, flag.get("code"))
            self.attention.addItem(item)
        for warning in detail.get("warnings") or []:
            item = QListWidgetItem(f"⚠ {warning}")
            item.setBackground(QBrush(RETURNED_COLOUR))
            self.attention.addItem(item)
        if self.attention.count() == 0:
            item = QListWidgetItem(self.tr("No flags or warnings."))
            item.setBackground(QBrush(INFO_COLOUR))
            self.attention.addItem(item)

    def _fill_nik(self, decoded: dict | None) -> None:
        decoded = decoded or {}
        self.nik_birth.setText(format_date(decoded.get("birth_date")) or "-")
        sex = decoded.get("sex")
        self.nik_sex.setText(field_value("sex", sex, self._lang) if sex else "-")
        region = " ".join(
            part for part in (decoded.get("region_code"), decoded.get("region_name")) if part
        )
        self.nik_region.setText(region or "-")
        warnings = decoded.get("warnings") or []
        self.nik_warnings.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.nik_warnings.setVisible(bool(warnings))

    def _fill_fields(self, detail: dict) -> None:
        """Rows = fields; columns = revisions oldest first (only the current one when the
        history is missing). A cell differing from the revision left of it is amber."""
        revisions = sorted(detail.get("revisions") or [], key=lambda r: r.get("revision", 0))
        if not revisions:
            revisions = [{"revision": detail.get("revision"), "data": detail.get("data") or {}}]
        datas = [r.get("data") or {} for r in revisions]
        keys = ordered_fields(*datas)
        table = self.fields_table
        table.clear()
        table.setRowCount(len(keys))
        table.setColumnCount(len(revisions) + 1)
        headers = [self.tr("Field")] + [
            self.tr("Revision %1").replace("%1", str(r.get("revision", "?"))) for r in revisions
        ]
        table.setHorizontalHeaderLabels(headers)
        for row, key in enumerate(keys):
            table.setItem(row, 0, _item(field_label(key)))
            previous = None
            for column, data in enumerate(datas, start=1):
                value = data.get(key)
                changed = column > 1 and value != previous and key not in META_FIELDS
                text = field_value(key, value, self._lang)
                table.setItem(row, column, _item(text, CHANGED_COLOUR if changed else None))
                previous = value
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def changed_cells(self) -> list[tuple[str, int]]:
        """(field label, revision column) of every highlighted cell (for tests/tooltips)."""
        found = []
        for row in range(self.fields_table.rowCount()):
            for column in range(1, self.fields_table.columnCount()):
                item = self.fields_table.item(row, column)
                if item is not None and item.background().color() == CHANGED_COLOUR:
                    found.append((self.fields_table.item(row, 0).text(), column))
        return found

    def _fill_changes(self, revisions: list[dict]) -> None:
        rows = []
        for rev in sorted(revisions, key=lambda r: r.get("revision", 0)):
            for key, pair in sorted((rev.get("changes") or {}).items()):
                if key in META_FIELDS or key in HIDDEN_FIELDS:
                    continue
                old, new = (list(pair) + [None, None])[:2]
                rows.append((rev.get("revision"), key, old, new))
        table = self.changes_table
        table.setRowCount(len(rows))
        for row, (revision, key, old, new) in enumerate(rows):
            table.setItem(row, 0, _item(str(revision)))
            table.setItem(row, 1, _item(field_label(key)))
            table.setItem(row, 2, _item(field_value(key, old, self._lang)))
            table.setItem(row, 3, _item(field_value(key, new, self._lang), CHANGED_COLOUR))
        table.resizeColumnsToContents()

    def _fill_decisions(self, decisions: list[dict]) -> None:
        table = self.decisions_table
        table.setRowCount(len(decisions))
        for row, entry in enumerate(decisions):
            decision = entry.get("decision", "")
            colour = STATE_COLOURS.get(
                {"approve": "approved", "return": "returned", "reject": "rejected"}.get(
                    decision, ""
                )
            )
            cells = (
                local_time(entry.get("at")),
                str(entry.get("by") or ""),
                decision_text(decision),
                str(entry.get("revision") or ""),
                entry.get("comment") or "",
            )
            for column, text in enumerate(cells):
                table.setItem(row, column, _item(text, colour))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
