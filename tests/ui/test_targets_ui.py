"""Target lists in the real MainWindow: F4 picks a resident, the form is prefilled, saving
serves them and the "Targets" tab's left count drops."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.regions import regions
from app.ui.target_models import TargetListModel
from tests.ui.conftest import DESA, KECAMATAN, kk_for, nik_for

OTHER_DESA = next(r.code for r in regions().desa_of(KECAMATAN) if r.code != DESA)
BIRTH = date(1990, 8, 17)
NAMES = ["Abdul Rahman", "Budi Santoso", "Siti Aminah", "Wati Lestari"]


def load_targets(store) -> list[dict]:
    items = [
        {
            "seq": i + 1,
            "nik": nik_for(BIRTH, "P" if name.startswith(("Siti", "Wati")) else "L", 50 + i),
            "service": "ktp_recording",
            "desa_code": DESA,
            "kecamatan_code": KECAMATAN,
            "name": name,
            "birth_date": BIRTH.isoformat(),
            "sex": "P" if name.startswith(("Siti", "Wati")) else "L",
            "address": f"Jl. Pesisir No. {i + 1}",
            "note": "",
            "removed": False,
            "updated_at": "2025-05-01T00:00:00+00:00",
        }
        for i, name in enumerate(NAMES)
    ]
    items.append({**items[0], "seq": 9, "nik": nik_for(BIRTH, "L", 90), "desa_code": OTHER_DESA})
    store.begin_targets_pull("test")
    store.apply_targets(items, 9)
    return items


def press_f4(qtbot, window) -> None:
    """F4 in the NIK field (a window shortcut: the window must be the active one)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.form.nik_edit.setFocus()
    qtbot.keyClick(window.form.nik_edit, Qt.Key.Key_F4)


def test_pick_target_prefills_and_save_serves(qtbot, store, officer, visit, make_window):
    items = load_targets(store)
    window = make_window(store)
    panel, form = window.targets_panel, window.form
    assert panel.counts(DESA) == {"desa_code": DESA, "total": 4, "served": 0, "left": 4}
    assert panel.counts(OTHER_DESA)["left"] == 1
    assert panel.left_model.desa_code in (DESA, OTHER_DESA)
    assert panel.desa_model.totals() == {"total": 5, "served": 0, "left": 5}
    assert "Saliki" in panel.left_label.text() or panel.left_model.desa_code == OTHER_DESA

    # F4 opens the picker on the visit's desa; typing filters; Enter picks
    press_f4(qtbot, window)
    qtbot.waitUntil(lambda: form.target_picker is not None and form.target_picker.isVisible())
    picker = form.target_picker
    assert picker.model.total == 4
    qtbot.keyClicks(picker.filter_edit, "sit")
    assert picker.model.total == 1
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.target_picker is None)

    siti = items[2]
    assert form.nik_edit.text() == siti["nik"]
    assert form.name_edit.text() == "Siti Aminah"
    assert form.birth_edit.text() == "17-08-1990"
    assert form.sex_combo.currentData() == "P"
    assert form.address_edit.text() == "Jl. Pesisir No. 3"
    assert form.service_combo.currentData() == "ktp_recording"
    assert form.selected_desa_code() == DESA
    assert "Siti Aminah" in form.status_message.text()
    qtbot.waitUntil(lambda: form.kk_edit.hasFocus())  # the one field the list cannot fill

    qtbot.keyClicks(form.kk_edit, kk_for(3))
    with qtbot.waitSignal(form.saved, timeout=3000) as saved:
        qtbot.keyClick(form.kk_edit, Qt.Key.Key_Return)
    assert saved.args[0]["nik"] == siti["nik"]
    assert panel.counts(DESA) == {"desa_code": DESA, "total": 4, "served": 1, "left": 3}
    assert store.target_by_nik(siti["nik"])["served"] is True

    # the list no longer offers her; Down then Enter picks the second resident
    panel.select_desa(DESA)
    left_names = [panel.left_model.target_at(r)["name"] for r in range(panel.left_model.total)]
    assert left_names == ["Abdul Rahman", "Budi Santoso", "Wati Lestari"]
    press_f4(qtbot, window)
    qtbot.waitUntil(lambda: form.target_picker is not None and form.target_picker.isVisible())
    picker = form.target_picker
    assert picker.model.total == 3
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.target_picker is None)
    assert form.name_edit.text() == "Budi Santoso"


def test_picker_needs_a_visit(qtbot, store, officer, make_window):
    load_targets(store)
    window = make_window(store)
    assert window.form.pick_target() is None
    assert window.form.target_picker is None
    assert window.targets_panel.counts(DESA)["left"] == 4


def test_target_list_model_pages(qtbot, store):
    load_targets(store)
    model = TargetListModel(store, only_left=False, page_size=2)
    model.set_desa(DESA)
    assert model.total == 4 and model.rowCount() == 2
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 4 and not model.canFetchMore()
    names = [model.index(r, 0).data() for r in range(4)]
    assert names == NAMES
    assert model.index(0, TargetListModel.COLUMNS.index("birth_date")).data() == "17-08-1990"
    model.set_filter_text("wati")
    assert model.total == 1
