"""The keyboard-first request form used during a visit.

Tab order follows the paper form: NIK, KK, name, birth date, sex, marital status,
address, RT, RW, phone, service, status, pending reason, notes. Enter in any line
edit saves, Ctrl+N starts the next resident. Every change is validated (debounced)
with ``app.domain.record.validate_request`` and each issue is shown next to its
field; the NIK's birth date, sex and region are decoded live under the NIK.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.nik import InvalidNik, NikInfo, normalize_number, parse_nik
from app.domain.record import (
    Issue,
    RequestInput,
    RequestInvalid,
    Validation,
    validate_request,
)
from app.domain.regions import regions
from app.domain.services import MARITAL_STATUSES, PENDING_REASONS, SERVICES, STATUSES, label
from app.ui.models import format_date
from app.ui.reason_dialog import ReasonDialog
from app.ui.target_picker import TargetPicker
from app.ui.visit_dialog import desa_item_text
from app.ui.widgets import (
    BANNER_STYLE,
    INFO_STYLE,
    SEVERITY_STYLES,
    MessageLabel,
    error_text,
    select_data,
)

VALIDATE_DELAY_MS = 250
_DATE_PATTERNS = (
    re.compile(r"(?P<d>\d{1,2})[-/. ](?P<m>\d{1,2})[-/. ](?P<y>\d{4})"),
    re.compile(r"(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{4})"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"),
)
# The order Tab walks through the fields (the paper form's order); desa comes last.
FIELD_ORDER = (
    "nik",
    "kk",
    "name",
    "birth_date",
    "sex",
    "marital_status",
    "address",
    "rt",
    "rw",
    "phone",
    "service",
    "has_ektp",
    "status",
    "pending_reason",
    "notes",
    "desa_code",
)


def parse_typed_date(text: str) -> date | None:
    """``17-08-1990``, ``17/8/1990``, ``17081990`` or ``1990-08-17``; None when unreadable."""
    text = text.strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


class RequestForm(QWidget):
    """Form for one resident's request within the current visit.

    ``saved`` carries the stored row after a successful save (new or revised).
    """

    saved = Signal(dict)

    def __init__(self, store, *, lang: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._lang = lang
        self._officer: dict | None = None
        self._visit: dict | None = None
        self._editing: dict | None = None  # the stored row being revised
        self._mismatch_reason = ""
        self._touched: set[str] = set()
        self._show_all = False
        self._loading = False
        self.validation: Validation | None = None
        self.nik_info: NikInfo | None = None
        self.mismatch_dialog: ReasonDialog | None = None
        self.message_box: QMessageBox | None = None
        self.target_picker: TargetPicker | None = None

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATE_DELAY_MS)
        self._timer.timeout.connect(self.validate_now)

        self._build()
        self._connect()
        self.set_visit(None, None)

    # --- construction -----------------------------------------------------------------
    def _build(self) -> None:
        self.visit_label = QLabel()
        self.visit_label.setObjectName("visit_label")
        self.visit_label.setWordWrap(True)
        self.visit_label.setStyleSheet("font-weight: bold;")
        self.edit_banner = MessageLabel(style=INFO_STYLE)
        self.save_error = MessageLabel()
        self.save_error.setStyleSheet(BANNER_STYLE)
        self.status_message = MessageLabel(style=INFO_STYLE)

        def line(name: str, placeholder: str = "", max_length: int = 0) -> QLineEdit:
            edit = QLineEdit()
            edit.setObjectName(name)
            if placeholder:
                edit.setPlaceholderText(placeholder)
            if max_length:
                edit.setMaxLength(max_length)
            return edit

        self.nik_edit = line("nik", self.tr("16 digits"), 24)
        self.kk_edit = line("kk", self.tr("16 digits of the family card"), 24)
        self.name_edit = line("name", self.tr("Full name as on the KK"), 100)
        self.birth_edit = line("birth_date", self.tr("DD-MM-YYYY"), 10)
        self.sex_combo = QComboBox()
        self.sex_combo.setObjectName("sex")
        self.sex_combo.addItem("", None)
        self.sex_combo.addItem(self.tr("L - Male"), "L")
        self.sex_combo.addItem(self.tr("P - Female"), "P")
        self.marital_combo = QComboBox()
        self.marital_combo.setObjectName("marital_status")
        self.marital_combo.addItem("", None)
        for code in MARITAL_STATUSES:
            self.marital_combo.addItem(label(code, self._lang), code)
        self.address_edit = line("address", self.tr("Street, house number, hamlet"), 200)
        self.rt_edit = line("rt", self.tr("RT"), 3)
        self.rw_edit = line("rw", self.tr("RW"), 3)
        self.phone_edit = line("phone", self.tr("e.g. 0812 3456 7890"), 20)
        self.service_combo = QComboBox()
        self.service_combo.setObjectName("service")
        for code, service in SERVICES.items():
            self.service_combo.addItem(service.label(self._lang), code)
        self.has_ektp_check = QCheckBox(self.tr("e-KTP already recorded"))
        self.has_ektp_check.setObjectName("has_ektp")
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status")
        for code in STATUSES:
            if code != "cancelled":  # cancelling has its own action with a reason
                self.status_combo.addItem(label(code, self._lang), code)
        self.pending_combo = QComboBox()
        self.pending_combo.setObjectName("pending_reason")
        self.pending_combo.addItem("", None)
        for code in PENDING_REASONS:
            self.pending_combo.addItem(label(code, self._lang), code)
        self.notes_edit = line("notes", self.tr("Notes (needed when the reason is 'Other')"), 500)
        self.desa_combo = QComboBox()
        self.desa_combo.setObjectName("desa_code")
        self.desa_combo.setEditable(True)
        self.desa_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for region in regions().kukar_desa():
            self.desa_combo.addItem(desa_item_text(region), region.code)
        completer = QCompleter(self.desa_combo.model(), self.desa_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.desa_combo.setCompleter(completer)

        self.nik_info_label = QLabel()
        self.nik_info_label.setObjectName("nik_info")
        self.nik_info_label.setWordWrap(True)
        self.nik_info_label.setStyleSheet(INFO_STYLE)
        self.use_nik_button = QPushButton(self.tr("Use NIK data"))
        self.use_nik_button.setObjectName("use_nik")
        self.use_nik_button.setToolTip(self.tr("Fill birth date and sex from the NIK"))
        self.use_nik_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.widgets: dict[str, QWidget] = {
            "nik": self.nik_edit,
            "kk": self.kk_edit,
            "name": self.name_edit,
            "birth_date": self.birth_edit,
            "sex": self.sex_combo,
            "marital_status": self.marital_combo,
            "address": self.address_edit,
            "rt": self.rt_edit,
            "rw": self.rw_edit,
            "phone": self.phone_edit,
            "service": self.service_combo,
            "has_ektp": self.has_ektp_check,
            "status": self.status_combo,
            "pending_reason": self.pending_combo,
            "notes": self.notes_edit,
            "desa_code": self.desa_combo,
        }
        self.issue_labels: dict[str, MessageLabel] = {key: MessageLabel() for key in self.widgets}
        self.general_issues = MessageLabel()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        nik_row = QHBoxLayout()
        nik_row.addWidget(self.nik_edit, 1)
        nik_row.addWidget(self.use_nik_button)
        rt_rw = QHBoxLayout()
        rt_rw.addWidget(self.rt_edit)
        rt_rw.addWidget(QLabel("/"))
        rt_rw.addWidget(self.rw_edit)
        captions = {
            "nik": self.tr("NIK"),
            "kk": self.tr("KK number"),
            "name": self.tr("Name"),
            "birth_date": self.tr("Birth date"),
            "sex": self.tr("Sex"),
            "marital_status": self.tr("Marital status"),
            "address": self.tr("Address"),
            "rt": self.tr("RT / RW"),
            "phone": self.tr("Phone"),
            "service": self.tr("Service"),
            "has_ektp": "",
            "status": self.tr("Status"),
            "pending_reason": self.tr("Pending reason"),
            "notes": self.tr("Notes"),
            "desa_code": self.tr("Village (desa/kelurahan)"),
        }
        for key in FIELD_ORDER:
            if key == "rw":
                continue
            # the field and its messages share one form row: no empty rows while quiet
            box = QVBoxLayout()
            box.setSpacing(2)
            if key == "nik":
                box.addLayout(nik_row)
                box.addWidget(self.nik_info_label)
            elif key == "rt":
                box.addLayout(rt_rw)
            else:
                box.addWidget(self.widgets[key])
            box.addWidget(self.issue_labels[key])
            if key == "rt":
                box.addWidget(self.issue_labels["rw"])
            form.addRow(captions[key], box)

        self.save_button = QPushButton(self.tr("Save (Enter)"))
        self.save_button.setObjectName("save")
        self.next_button = QPushButton(self.tr("Next resident (Ctrl+N)"))
        self.next_button.setObjectName("next_resident")
        self.pick_target_button = QPushButton(self.tr("Pick from the target list (F4)"))
        self.pick_target_button.setObjectName("pick_target")
        self.pick_target_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        buttons = QHBoxLayout()
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.pick_target_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.visit_label)
        layout.addWidget(self.edit_banner)
        layout.addWidget(self.save_error)
        layout.addLayout(form)
        layout.addWidget(self.general_issues)
        layout.addLayout(buttons)
        layout.addWidget(self.status_message)
        layout.addStretch(1)

        chain = [self.widgets[key] for key in FIELD_ORDER] + [self.save_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        for key, widget in self.widgets.items():
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(lambda _text, k=key: self._changed(k))
                widget.returnPressed.connect(self.save)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(lambda _on, k=key: self._changed(k))
            elif key == "desa_code":
                widget.currentTextChanged.connect(lambda _t, k=key: self._changed(k))
                widget.lineEdit().returnPressed.connect(self.save)
            else:
                widget.currentIndexChanged.connect(lambda _i, k=key: self._changed(k))
        self.nik_edit.textChanged.connect(self._decode_nik)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.use_nik_button.clicked.connect(self.use_nik_data)
        self.save_button.clicked.connect(self.save)
        self.next_button.clicked.connect(self.next_resident)
        self.next_shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        self.next_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.next_shortcut.activated.connect(self.next_resident)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.save_shortcut.activated.connect(self.save)
        self.pick_target_button.clicked.connect(self.pick_target)
        self.pick_shortcut = QShortcut(QKeySequence("F4"), self)
        self.pick_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.pick_shortcut.activated.connect(self.pick_target)

    # --- context ----------------------------------------------------------------------
    def set_visit(self, officer: dict | None, visit: dict | None) -> None:
        """The officer and the open visit new requests belong to (None: form disabled)."""
        self._officer, self._visit = officer, visit
        if visit is None:
            self.visit_label.setText(self.tr("No visit in progress: start a visit first."))
        else:
            site = visit.get("site", "")
            region = regions().get(visit["desa_code"])
            self.visit_label.setText(
                self.tr("Visit: %1, %2 (%3)")
                .replace("%1", region.name if region else visit["desa_code"])
                .replace("%2", format_date(visit["visit_date"]))
                .replace("%3", site_label(site))
            )
        enabled = officer is not None and (visit is not None or self._editing is not None)
        self.set_fields_enabled(enabled)
        if visit is not None and self._editing is None:
            select_data(self.desa_combo, visit["desa_code"])

    def set_fields_enabled(self, enabled: bool) -> None:
        buttons = [self.save_button, self.use_nik_button, self.pick_target_button]
        for widget in [*self.widgets.values(), *buttons]:
            widget.setEnabled(enabled)
        self._status_changed()
        self._decode_nik()

    @property
    def editing_uuid(self) -> str | None:
        return self._editing["uuid"] if self._editing else None

    # --- reading the form -------------------------------------------------------------
    def selected_desa_code(self) -> str:
        text = self.desa_combo.currentText().strip()
        index = self.desa_combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.desa_combo.itemData(index)
        hits = regions().search_desa(text, limit=2) if text else []
        return hits[0].code if len(hits) == 1 else text

    def request_input(self) -> RequestInput:
        visit_date = None
        if self._editing is not None:
            visit_date = date.fromisoformat(self._editing["visit_date"])
        elif self._visit is not None:
            visit_date = date.fromisoformat(self._visit["visit_date"])
        return RequestInput(
            desa_code=self.selected_desa_code(),
            nik=self.nik_edit.text(),
            kk=self.kk_edit.text(),
            name=self.name_edit.text().strip(),
            birth_date=parse_typed_date(self.birth_edit.text()),
            sex=self.sex_combo.currentData(),
            service=self.service_combo.currentData(),
            status=self.status_combo.currentData(),
            pending_reason=self.pending_combo.currentData(),
            address=self.address_edit.text().strip(),
            rt=self.rt_edit.text().strip(),
            rw=self.rw_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            notes=self.notes_edit.text().strip(),
            marital_status=self.marital_combo.currentData(),
            has_ektp=self.has_ektp_check.isChecked(),
            mismatch_reason=self._mismatch_reason,
            visit_date=visit_date,
        )

    # --- live feedback ----------------------------------------------------------------
    def _changed(self, key: str) -> None:
        if self._loading:
            return
        self._touched.add(key)
        self.save_error.clear_message()
        self.status_message.clear_message()
        self._timer.start()

    def _status_changed(self) -> None:
        pending = self.status_combo.currentData() == "pending"
        if not pending and not self._loading:
            self.pending_combo.setCurrentIndex(0)
        self.pending_combo.setEnabled(pending and self.status_combo.isEnabled())

    def _decode_nik(self) -> None:
        self.nik_info = None
        text = normalize_number(self.nik_edit.text())
        if len(text) < 16:
            self.nik_info_label.setText(self.tr("%n digit(s) typed", "", len(text)) if text else "")
            self.use_nik_button.setEnabled(False)
            return
        try:
            info = parse_nik(text, lang=self._lang)
        except InvalidNik:
            self.nik_info_label.setText("")
            self.use_nik_button.setEnabled(False)
            return
        self.nik_info = info
        sex = self.tr("male") if info.sex == "L" else self.tr("female")
        self.nik_info_label.setText(
            self.tr("From the NIK: born %1, %2, registered in %3")
            .replace("%1", format_date(info.birth_date))
            .replace("%2", sex)
            .replace("%3", region_text(info.region_code))
        )
        self.use_nik_button.setEnabled(self.nik_edit.isEnabled())

    def use_nik_data(self) -> None:
        """Fill birth date and sex from the decoded NIK."""
        if self.nik_info is None:
            return
        self.birth_edit.setText(format_date(self.nik_info.birth_date))
        select_data(self.sex_combo, self.nik_info.sex)
        self.validate_now()

    def validate_now(self) -> Validation:
        """Validate the form and show each issue next to its field."""
        self._timer.stop()
        data = self.request_input()
        validation = validate_request(data, lang=self._lang)
        typed_date = self.birth_edit.text().strip()
        if typed_date and data.birth_date is None:
            message = self.tr(
                "Birth date: write it as DD-MM-YYYY, e.g. 17-08-1990 (check day and month)."
            )
            validation.issues = [i for i in validation.issues if i.field != "birth_date"]
            validation.issues.insert(0, _local_issue("birth_date", message))
        self.validation = validation
        self._show_issues(validation)
        return validation

    def _show_issues(self, validation: Validation) -> None:
        by_field: dict[str, list] = {}
        general = []
        for issue in validation.issues:
            if issue.field in self.issue_labels:
                by_field.setdefault(issue.field, []).append(issue)
            else:
                general.append(issue)
        for key, label_widget in self.issue_labels.items():
            issues = by_field.get(key, [])
            if not issues or not (self._show_all or key in self._touched):
                label_widget.clear_message()
                continue
            worst = min(issues, key=lambda i: ("error", "confirm", "warning").index(i.severity))
            text = "\n".join(i.message for i in issues)
            if worst.severity == "confirm" and self._mismatch_reason:
                text += "\n" + self.tr("Confirmed: %1").replace("%1", self._mismatch_reason)
            label_widget.show_message(text, SEVERITY_STYLES.get(worst.severity))
        self.general_issues.show_message(
            "\n".join(i.message for i in general) if self._show_all else ""
        )

    def issue_text(self, key: str) -> str:
        """The message shown next to a field ('' when none is shown)."""
        widget = self.issue_labels[key]
        return widget.text() if widget.isVisibleTo(self) else ""

    # --- actions ----------------------------------------------------------------------
    def next_resident(self) -> None:
        """Clear the form for the next resident and put the cursor in the NIK field."""
        self._loading = True
        try:
            self._editing = None
            self._mismatch_reason = ""
            for widget in self.widgets.values():
                if isinstance(widget, QLineEdit):
                    widget.clear()
            self.has_ektp_check.setChecked(False)
            for combo in (self.sex_combo, self.marital_combo, self.pending_combo):
                combo.setCurrentIndex(0)
            self.service_combo.setCurrentIndex(0)
            self.status_combo.setCurrentIndex(0)
            if self._visit is not None:
                select_data(self.desa_combo, self._visit["desa_code"])
        finally:
            self._loading = False
        self._touched.clear()
        self._show_all = False
        self._timer.stop()
        self.validation = None
        for label_widget in [*self.issue_labels.values(), self.general_issues, self.save_error]:
            label_widget.clear_message()
        self.edit_banner.clear_message()
        self._status_changed()
        self.set_visit(self._officer, self._visit)
        self.nik_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def pick_target(self) -> TargetPicker | None:
        """Open the visit desa's target list; picking a resident prefills the form."""
        if self._officer is None or self._visit is None:
            self.save_error.show_message(self.tr("Start a visit before recording requests."))
            return None
        picker = TargetPicker(self._store, self._visit["desa_code"], parent=self)
        picker.setObjectName("target_picker")
        picker.picked.connect(self.fill_from_target)
        picker.finished.connect(self._target_picker_closed)
        self.target_picker = picker
        picker.open()
        return picker

    def _target_picker_closed(self) -> None:
        picker, self.target_picker = self.target_picker, None
        if picker is not None:
            picker.deleteLater()
        self.activateWindow()

    def fill_from_target(self, target: dict) -> None:
        """Start a new request for a resident of the target list (its service selected)."""
        self.next_resident()
        self.nik_edit.setText(target.get("nik") or "")
        self.kk_edit.setText(target.get("kk") or "")
        self.name_edit.setText(target.get("name") or "")
        self.birth_edit.setText(format_date(target.get("birth_date")))
        select_data(self.sex_combo, target.get("sex"))
        self.address_edit.setText(target.get("address") or "")
        self.rt_edit.setText(target.get("rt") or "")
        self.rw_edit.setText(target.get("rw") or "")
        select_data(self.service_combo, target.get("service") or "ktp_recording")
        select_data(self.desa_combo, target.get("desa_code"))
        self.validate_now()
        self.status_message.show_message(
            self.tr("From the target list: %1. Check the documents, then save.").replace(
                "%1", target.get("name") or ""
            )
        )
        empty = next((w for w in (self.kk_edit, self.address_edit) if not w.text().strip()), None)
        (empty or self.phone_edit).setFocus(Qt.FocusReason.OtherFocusReason)

    def load_request(self, record: dict) -> bool:
        """Put a stored request into the form; saving then makes a new revision."""
        if record.get("status") == "cancelled":
            self.save_error.show_message(
                self.tr("This request was cancelled and can no longer be changed.")
            )
            return False
        self.next_resident()
        self._loading = True
        try:
            self._editing = record
            self._mismatch_reason = record.get("mismatch_reason") or ""
            self.nik_edit.setText(record.get("nik") or "")
            self.kk_edit.setText(record.get("kk") or "")
            self.name_edit.setText(record.get("name") or "")
            self.birth_edit.setText(format_date(record.get("birth_date")))
            select_data(self.sex_combo, record.get("sex"))
            select_data(self.marital_combo, record.get("marital_status"))
            self.address_edit.setText(record.get("address") or "")
            self.rt_edit.setText(record.get("rt") or "")
            self.rw_edit.setText(record.get("rw") or "")
            self.phone_edit.setText(record.get("phone") or "")
            select_data(self.service_combo, record.get("service"))
            self.has_ektp_check.setChecked(bool(record.get("has_ektp")))
            select_data(self.status_combo, record.get("status"))
            self._status_changed()
            select_data(self.pending_combo, record.get("pending_reason"))
            self.notes_edit.setText(record.get("notes") or "")
            select_data(self.desa_combo, record.get("desa_code"))
        finally:
            self._loading = False
        self.set_visit(self._officer, self._visit)
        self.edit_banner.show_message(
            self.tr("Editing %1 (revision %2); saving makes revision %3.")
            .replace("%1", record.get("name") or "")
            .replace("%2", str(record.get("revision", 1)))
            .replace("%3", str(record.get("revision", 1) + 1))
        )
        self._show_all = True
        self.validate_now()
        self.nik_edit.setFocus()
        return True

    def save(self) -> bool:
        """Validate and save; asks for a reason first when data disagrees with the NIK.

        Returns True when the request was stored now.
        """
        if self._officer is None or (self._visit is None and self._editing is None):
            self.save_error.show_message(self.tr("Start a visit before recording requests."))
            return False
        self._show_all = True
        validation = self.validate_now()
        if validation.errors:
            first = next(
                (k for k in FIELD_ORDER if any(i.field == k for i in validation.errors)), None
            )
            if first:
                self.widgets[first].setFocus()
            return False
        if validation.confirmations and not self._mismatch_reason:
            self._ask_mismatch_reason(validation)
            return False
        return self._store_request()

    def _ask_mismatch_reason(self, validation: Validation) -> None:
        dialog = ReasonDialog(
            self.tr("Data differs from the NIK"),
            self.tr(
                "Check the documents again. If the register was corrected, type the reason "
                "(e.g. 'birth date corrected by court order'):"
            ),
            details=[i.message for i in validation.confirmations],
            accept_text=self.tr("Save with this reason"),
            parent=self,
        )
        dialog.setObjectName("mismatch_dialog")
        dialog.accepted.connect(lambda: self._mismatch_confirmed(dialog.reason()))
        dialog.finished.connect(dialog.deleteLater)
        self.mismatch_dialog = dialog
        dialog.open()

    def _mismatch_confirmed(self, reason: str) -> None:
        self.mismatch_dialog = None
        self._mismatch_reason = reason
        self._store_request()

    def _store_request(self) -> bool:
        data = self.request_input()
        try:
            record = self._store.save_request(
                self._officer["id"],
                self._visit["uuid"] if self._visit and not self._editing else None,
                data,
                uuid=self.editing_uuid,
            )
        except RequestInvalid as err:
            self.validation = err.validation
            self._show_issues(err.validation)
            self._report_failure(error_text(err, self._lang))
            return False
        except ValueError as err:  # StockError, StoreError (cancelled, no visit...)
            self._report_failure(error_text(err, self._lang))
            return False
        self.next_resident()
        self.status_message.show_message(
            self.tr("Saved: %1 (revision %2).")
            .replace("%1", record.get("name", ""))
            .replace("%2", str(record.get("revision", 1)))
        )
        self.saved.emit(record)
        return True

    def _report_failure(self, text: str) -> None:
        """Keep the form as typed and tell the officer why nothing was saved."""
        self.save_error.show_message(text)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Not saved"),
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("save_failed")
        box.finished.connect(box.deleteLater)
        self.message_box = box
        box.open()


def _local_issue(field: str, message: str) -> Issue:
    return Issue(field, "form.date_format", message, "error")


def site_label(code: str) -> str:
    return {
        "balai_desa": QCoreApplication.translate("RequestForm", "village hall"),
        "sekolah": QCoreApplication.translate("RequestForm", "school"),
        "rumah": QCoreApplication.translate("RequestForm", "house call"),
        "lainnya": QCoreApplication.translate("RequestForm", "other site"),
    }.get(code, code)


def region_text(region_code: str) -> str:
    """``"64.02.05"`` -> ``"Tenggarong, Kutai Kartanegara, Kalimantan Timur"``."""
    index = regions()
    parts = []
    code = region_code
    while code:
        region = index.get(code) or index.retired(code)
        if region is not None:
            parts.append(region.name)
        code = code.rsplit(".", 1)[0] if "." in code else ""
    return ", ".join(parts) if parts else region_code
