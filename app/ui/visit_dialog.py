"""Starting a visit: date, kecamatan, desa/kelurahan, site, area, GPS and team."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.regions import Region, regions
from app.ui.widgets import MessageLabel, error_text, kecamatan_combo, select_data

SITES = ("balai_desa", "sekolah", "rumah", "lainnya")
AREAS = ("inland", "coastal")


def desa_item_text(region: Region) -> str:
    return f"{region.name} ({region.type})" if region.type else region.name


class VisitDialog(QDialog):
    """Collects a visit and starts it with ``Store.start_visit``; ``visit`` holds the result."""

    def __init__(
        self,
        store,
        officer: dict,
        *,
        lang: str = "id",
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._officer = officer
        self._lang = lang
        self.visit: dict | None = None
        self.setWindowTitle(self.tr("Start a visit"))
        self.setModal(True)

        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("visit_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        self.date_edit.setDate(QDate(today or date.today()))

        self.kecamatan_combo = kecamatan_combo()
        self.kecamatan_combo.setObjectName("kecamatan")
        self.desa_combo = QComboBox()
        self.desa_combo.setObjectName("desa")
        self.desa_combo.setEditable(True)
        self.desa_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.desa_combo.lineEdit().setPlaceholderText(self.tr("Type to search the village"))
        completer = QCompleter(self.desa_combo.model(), self.desa_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.desa_combo.setCompleter(completer)

        self.site_combo = QComboBox()
        self.site_combo.setObjectName("site")
        site_labels = {
            "balai_desa": self.tr("Village hall (balai desa)"),
            "sekolah": self.tr("School"),
            "rumah": self.tr("House call (elderly/disabled)"),
            "lainnya": self.tr("Other"),
        }
        for code in SITES:
            self.site_combo.addItem(site_labels[code], code)
        self.site_note_edit = QLineEdit()
        self.site_note_edit.setObjectName("site_note")
        self.site_note_edit.setPlaceholderText(self.tr("Where exactly (needed for 'Other')"))

        self.area_combo = QComboBox()
        self.area_combo.setObjectName("area")
        self.area_combo.addItem(self.tr("Inland (river/land)"), "inland")
        self.area_combo.addItem(self.tr("Coastal"), "coastal")

        self.lat_edit = QLineEdit()
        self.lat_edit.setObjectName("latitude")
        self.lat_edit.setPlaceholderText(self.tr("e.g. -0.4310"))
        self.lon_edit = QLineEdit()
        self.lon_edit.setObjectName("longitude")
        self.lon_edit.setPlaceholderText(self.tr("e.g. 116.9880"))
        gps = QHBoxLayout()
        gps.addWidget(self.lat_edit)
        gps.addWidget(self.lon_edit)

        self.team_edit = QLineEdit()
        self.team_edit.setObjectName("team_members")
        self.team_edit.setPlaceholderText(self.tr("Names separated by commas"))

        self.errors: dict[str, MessageLabel] = {}
        form = QFormLayout()
        rows = (
            ("visit_date", self.tr("Date"), self.date_edit),
            ("kecamatan_code", self.tr("District (kecamatan)"), self.kecamatan_combo),
            ("desa_code", self.tr("Village (desa/kelurahan)"), self.desa_combo),
            ("site", self.tr("Site"), self.site_combo),
            ("site_note", self.tr("Site note"), self.site_note_edit),
            ("area_type", self.tr("Area"), self.area_combo),
            ("gps", self.tr("GPS latitude, longitude (optional)"), gps),
            ("team_members", self.tr("Team members"), self.team_edit),
        )
        for key, caption, widget in rows:
            form.addRow(caption, widget)
            label = MessageLabel()
            self.errors[key] = label
            form.addRow("", label)
        self.errors["latitude"] = self.errors["longitude"] = self.errors["gps"]

        self.general_error = MessageLabel()
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(
            self.tr("Start visit"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.start_button.setDefault(True)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        self.kecamatan_combo.currentIndexChanged.connect(self._fill_desa)
        self._area_for: str | None = None  # the desa whose default area is applied
        self.desa_combo.currentTextChanged.connect(self._desa_chosen)
        select_data(self.kecamatan_combo, officer.get("kecamatan_code"))
        self._fill_desa()

    # --- behaviour --------------------------------------------------------------------
    def _fill_desa(self) -> None:
        self.desa_combo.blockSignals(True)
        self.desa_combo.clear()
        for region in regions().desa_of(self.kecamatan_combo.currentData() or ""):
            self.desa_combo.addItem(desa_item_text(region), region.code)
        self.desa_combo.setCurrentIndex(-1)
        self.desa_combo.setEditText("")
        self.desa_combo.blockSignals(False)

    def _desa_chosen(self) -> None:
        code = self.selected_desa_code()
        if code and code != self._area_for:  # a new desa: its area; the officer may override
            self._area_for = code
            select_data(self.area_combo, regions().default_area(code))

    def select_desa(self, code: str) -> None:
        """Choose a desa by code (its kecamatan is selected first)."""
        select_data(self.kecamatan_combo, code.rsplit(".", 1)[0])
        select_data(self.desa_combo, code)

    def selected_desa_code(self) -> str | None:
        """The desa matching the typed text (exact item, or a single search hit)."""
        text = self.desa_combo.currentText().strip()
        if not text:
            return None
        index = self.desa_combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.desa_combo.itemData(index)
        kecamatan = self.kecamatan_combo.currentData()
        exact = [r for r in regions().desa_of(kecamatan) if r.name.lower() == text.lower()]
        if len(exact) == 1:
            return exact[0].code
        hits = regions().search_desa(text, kecamatan, limit=2)
        return hits[0].code if len(hits) == 1 else None

    def _coordinate(self, edit: QLineEdit, limit: float) -> float | None:
        text = edit.text().strip().replace(",", ".")
        if not text:
            return None
        value = float(text)  # ValueError is reported by the caller
        if not -limit <= value <= limit:
            raise ValueError(text)
        return value

    def submit(self) -> None:
        for label in set(self.errors.values()) | {self.general_error}:
            label.clear_message()
        problems: dict[str, str] = {}
        desa_code = self.selected_desa_code()
        if not desa_code:
            problems["desa_code"] = self.tr(
                "Village: choose a desa/kelurahan of this district from the list."
            )
        site = self.site_combo.currentData()
        if site == "lainnya" and not self.site_note_edit.text().strip():
            problems["site_note"] = self.tr("Site note: say where the service takes place.")
        latitude = longitude = None
        try:
            latitude = self._coordinate(self.lat_edit, 90)
            longitude = self._coordinate(self.lon_edit, 180)
            if (latitude is None) != (longitude is None):
                raise ValueError("both")
        except ValueError:
            problems["gps"] = self.tr(
                "GPS: type both latitude (-90 to 90) and longitude (-180 to 180) as decimal "
                "degrees, e.g. -0.4310 and 116.9880, or leave both empty."
            )
        for key, message in problems.items():
            self.errors[key].show_message(message)
        if problems:
            return
        members = [m.strip() for m in self.team_edit.text().split(",") if m.strip()]
        try:
            self.visit = self._store.start_visit(
                self._officer["id"],
                visit_date=self.date_edit.date().toPython(),
                kecamatan_code=self.kecamatan_combo.currentData(),
                desa_code=desa_code,
                site=site,
                area_type=self.area_combo.currentData(),
                site_note=self.site_note_edit.text().strip(),
                latitude=latitude,
                longitude=longitude,
                team_members=members,
            )
        except ValueError as err:
            target = self.errors.get(getattr(err, "field", None) or "", self.general_error)
            target.show_message(error_text(err, self._lang))
            return
        self.accept()
