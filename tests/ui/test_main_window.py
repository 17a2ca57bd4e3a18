"""The real MainWindow on a real store file: first run, visit, form, lists, restart."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.services import SERVICES
from app.paths import database_path
from app.store import RequestFilter, Store
from app.ui.widgets import select_data
from tests.ui.conftest import DESA, KECAMATAN, NIP, PASSWORD, kk_for, nik_for, request_input

BIRTH = date(1990, 8, 17)


def focused_field(form, fallback):
    """The widget with keyboard focus inside the form (the test types where the officer is)."""
    widget = QApplication.focusWidget()
    return widget if widget is not None and form.isAncestorOf(widget) else fallback


def test_first_run_visit_request_and_restart(qtbot, data_dir, make_window):
    store = Store.open(database_path(data_dir))
    window = make_window(store)

    # first run: the profile dialog asks who the officer is
    qtbot.waitUntil(lambda: window.profile_dialog is not None and window.profile_dialog.isVisible())
    profile = window.profile_dialog
    qtbot.keyClicks(profile.name_edit, "Siti Rahmawati")
    qtbot.keyClicks(profile.nip_edit, "12345")
    qtbot.keyClicks(profile.team_edit, "Tim Jemput Bola 1")
    select_data(profile.kecamatan_combo, KECAMATAN)
    qtbot.keyClicks(profile.password_edit, PASSWORD)
    qtbot.keyClicks(profile.confirm_edit, PASSWORD)
    qtbot.mouseClick(profile.save_button, Qt.MouseButton.LeftButton)
    assert "NIP" in profile.errors["nip"].text()  # too short: refused inline, dialog stays
    assert store.officers() == []
    profile.nip_edit.clear()
    qtbot.keyClicks(profile.nip_edit, NIP)
    qtbot.mouseClick(profile.save_button, Qt.MouseButton.LeftButton)
    assert [o["nip"] for o in store.officers()] == [NIP]

    # then the visit dialog: type-to-search the desa
    qtbot.waitUntil(lambda: window.visit_dialog is not None and window.visit_dialog.isVisible())
    visit_dialog = window.visit_dialog
    assert visit_dialog.kecamatan_combo.currentData() == KECAMATAN
    qtbot.keyClicks(visit_dialog.desa_combo.lineEdit(), "Saliki")
    assert visit_dialog.selected_desa_code() == DESA
    qtbot.mouseClick(visit_dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit is not None)
    assert window.visit["desa_code"] == DESA
    assert window.visit["area_type"] == "coastal"  # Saliki's default area

    # the form: a NIK whose birth date disagrees with the typed one
    form = window.form
    assert form.selected_desa_code() == DESA  # prefilled from the visit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.nik_edit)
    qtbot.keyClicks(focused_field(form, form.nik_edit), nik_for(BIRTH, "L", 7))
    qtbot.waitUntil(lambda: "17-08-1990" in form.nik_info_label.text())
    qtbot.keyClicks(form.kk_edit, kk_for(7))
    qtbot.keyClicks(form.name_edit, "Ahmad Fauzi")
    qtbot.keyClicks(form.birth_edit, "18-08-1990")
    select_data(form.sex_combo, "L")
    qtbot.waitUntil(lambda: "17-08-1990" in form.issue_text("birth_date"))
    assert "18-08-1990" in form.issue_text("birth_date")
    assert [i.code for i in form.validation.confirmations] == ["birth_date.mismatch"]

    # fix it
    form.birth_edit.clear()
    qtbot.keyClicks(form.birth_edit, "17-08-1990")
    qtbot.waitUntil(lambda: form.issue_text("birth_date") == "")
    select_data(form.service_combo, "ktp_recording")
    form.phone_edit.setFocus()
    qtbot.keyClicks(focused_field(form, form.phone_edit), "0812 3456 7890")

    # Enter on the focused field saves
    with qtbot.waitSignal(form.saved, timeout=3000) as saved:
        qtbot.keyClick(focused_field(form, form.phone_edit), Qt.Key.Key_Return)
    uuid = saved.args[0]["uuid"]
    qtbot.waitUntil(lambda: window.today_list.model.rowCount() == 1)
    row = window.today_list.model.row_dict(0)
    assert row["uuid"] == uuid and row["name"] == "Ahmad Fauzi"
    assert form.nik_edit.text() == ""  # ready for the next resident
    assert store.pending_changes() == 2  # the visit and the request
    assert window.pending_status.text().startswith("2 ")

    # restart on the same data dir: the request is still there
    window.close()
    store.close()
    store = Store.open(database_path(data_dir))
    try:
        window = make_window(store)
        assert window.profile_dialog is None
        assert window.visit is not None and window.visit["desa_code"] == DESA
        assert window.today_list.model.uuid_at(0) == uuid
        qtbot.keyClicks(window.all_list.search_edit, "ahm")
        qtbot.waitUntil(lambda: window.all_list.model.filter.name_prefix == "ahm")
        assert window.all_list.model.total == 1
        assert window.all_list.model.uuid_at(0) == uuid
        window.close()
    finally:
        store.close()


def test_ctrl_n_clears_form_and_focuses_nik(qtbot, store, visit, make_window):
    window = make_window(store)
    form = window.form
    form.name_edit.setFocus()
    qtbot.keyClicks(form.name_edit, "Budi")
    qtbot.keyClicks(form.nik_edit, "1234")
    qtbot.keyClicks(form.address_edit, "Jl. Mahakam")
    form.name_edit.setFocus()
    qtbot.keyClick(form.name_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert form.name_edit.text() == form.nik_edit.text() == form.address_edit.text() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.nik_edit)
    assert form.selected_desa_code() == DESA


def test_tab_order_follows_the_paper_form(qtbot, store, visit, make_window):
    form = make_window(store).form
    order = [form.nik_edit]
    for _ in range(14):
        order.append(order[-1].nextInFocusChain())
    names = [w.objectName() for w in order]
    expected = ["nik", "kk", "name", "birth_date", "sex", "marital_status", "address", "rt"]
    assert names[: len(expected)] == expected
    later = ["rw", "phone", "service", "has_ektp", "status", "pending_reason", "notes"]
    assert [n for n in names if n in later] == later


def test_use_nik_data_fills_birth_date_and_sex(qtbot, store, visit, make_window):
    form = make_window(store).form
    qtbot.keyClicks(form.nik_edit, nik_for(date(1985, 2, 3), "P", 12))
    qtbot.waitUntil(form.use_nik_button.isEnabled)
    qtbot.mouseClick(form.use_nik_button, Qt.MouseButton.LeftButton)
    assert form.birth_edit.text() == "03-02-1985"
    assert form.sex_combo.currentData() == "P"


def test_mismatch_needs_a_confirmed_reason(qtbot, store, visit, make_window):
    window = make_window(store)
    form = window.form
    qtbot.keyClicks(form.nik_edit, nik_for(BIRTH, "L", 3))
    qtbot.keyClicks(form.kk_edit, kk_for(3))
    qtbot.keyClicks(form.name_edit, "Rudi Hartono")
    qtbot.keyClicks(form.birth_edit, "17-08-1991")
    select_data(form.sex_combo, "L")
    qtbot.keyClick(form.birth_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.mismatch_dialog is not None and form.mismatch_dialog.isVisible())
    dialog = form.mismatch_dialog
    assert not dialog.ok_button.isEnabled()  # a reason is required
    assert store.count_requests(RequestFilter()) == 0
    qtbot.keyClicks(dialog.reason_edit, "Dikoreksi dengan akta kelahiran")
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    stored = store.get_request(saved.args[0]["uuid"])
    assert stored["mismatch_reason"] == "Dikoreksi dengan akta kelahiran"
    assert stored["birth_date"] == "1991-08-17"


def test_inline_errors_name_the_field_and_keep_the_form(qtbot, store, visit, make_window):
    form = make_window(store).form
    qtbot.keyClicks(form.nik_edit, "12345")
    qtbot.keyClicks(form.rt_edit, "12a")
    qtbot.waitUntil(lambda: "NIK" in form.issue_text("nik"))
    assert "RT" in form.issue_text("rt")
    assert form.issue_text("name") == ""  # untouched fields stay quiet while typing
    qtbot.keyClick(form.rt_edit, Qt.Key.Key_Return)
    assert form.issue_text("name") != ""  # a save attempt shows everything
    assert form.nik_edit.text() == "12345" and form.rt_edit.text() == "12a"
    assert store.count_requests(RequestFilter()) == 0


def test_stock_error_keeps_the_form(qtbot, store, visit, make_window):
    window = make_window(store)
    form = window.form
    qtbot.keyClicks(form.nik_edit, nik_for(BIRTH, "L", 4))
    qtbot.keyClicks(form.kk_edit, kk_for(4))
    qtbot.keyClicks(form.name_edit, "Joko Susilo")
    qtbot.keyClicks(form.birth_edit, "17-08-1990")
    select_data(form.sex_combo, "L")
    select_data(form.service_combo, "ktp_printing")
    select_data(form.status_combo, "done")
    assert "ktp_printing" in SERVICES
    assert form.save() is False
    assert "blanko" in form.save_error.text().lower()
    assert form.message_box is not None and form.message_box.isVisible()
    form.message_box.close()
    assert form.name_edit.text() == "Joko Susilo"
    assert store.count_requests(RequestFilter()) == 0
    # with a card in stock the same form saves and consumes it
    store.receive_stock(window.officer["id"], 1)
    assert form.save() is True
    assert store.stock_balance(window.officer["id"]) == 0


def test_edit_makes_a_new_revision(qtbot, store, officer, visit, make_window):
    saved = store.save_request(officer["id"], visit["uuid"], request_input(5))
    window = make_window(store)
    view = window.today_list.view
    assert window.today_list.model.rowCount() == 1
    index = window.today_list.model.index(0, 1)
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter on a row loads it
    form = window.form
    assert form.editing_uuid == saved["uuid"]
    assert form.name_edit.text() == saved["name"]
    form.phone_edit.clear()
    qtbot.keyClicks(form.phone_edit, "081234567890")
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.phone_edit, Qt.Key.Key_Return)
    stored = store.get_request(saved["uuid"])
    assert stored["revision"] == 2 and stored["phone"] == "081234567890"
    assert store.count_requests(RequestFilter()) == 1


def test_cancel_keeps_history(qtbot, store, officer, visit, make_window):
    saved = store.save_request(officer["id"], visit["uuid"], request_input(8))
    window = make_window(store)
    panel = window.today_list
    panel.view.selectRow(0)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.cancel_dialog is not None and window.cancel_dialog.isVisible())
    qtbot.keyClicks(window.cancel_dialog.reason_edit, "Pemohon pindah domisili")
    qtbot.keyClick(window.cancel_dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store.get_request(saved["uuid"])["status"] == "cancelled")
    assert store.get_request(saved["uuid"])["cancel_reason"] == "Pemohon pindah domisili"
    assert panel.model.rowCount() == 1  # still listed, greyed, never deleted
    tooltip = panel.model.data(panel.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "Pemohon pindah domisili" in tooltip
    panel.view.selectRow(0)
    qtbot.mouseClick(panel.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.history_dialog is not None)
    table = window.history_dialog.table
    assert table.rowCount() == 2
    assert "Pemohon pindah domisili" in table.item(1, 3).text()
    window.history_dialog.close()
    # a cancelled request cannot be loaded for editing
    assert window.form.load_request(store.get_request(saved["uuid"])) is False


def test_stock_panel_warns_when_low(qtbot, store, officer, visit, make_window):
    window = make_window(store)
    panel = window.stock_panel
    panel.receive_quantity.setValue(5)
    qtbot.mouseClick(panel.receive_button, Qt.MouseButton.LeftButton)
    assert store.stock_balance(officer["id"]) == 5
    assert panel.low_warning.isVisibleTo(panel)
    assert "5" in window.stock_status.text()
    panel.receive_quantity.setValue(40)
    qtbot.mouseClick(panel.receive_button, Qt.MouseButton.LeftButton)
    assert not panel.low_warning.isVisibleTo(panel)
    panel.spoiled_quantity.setValue(100)
    qtbot.mouseClick(panel.spoiled_button, Qt.MouseButton.LeftButton)
    assert "45" in panel.error.text()  # not enough cards: refused with the balance
    assert store.stock_balance(officer["id"]) == 45
    panel.spoiled_quantity.setValue(30)
    qtbot.mouseClick(panel.spoiled_button, Qt.MouseButton.LeftButton)
    assert store.stock_balance(officer["id"]) == 15
    assert panel.low_warning.isVisibleTo(panel)


def test_summary_and_status_bar_follow_saves(qtbot, store, officer, visit, make_window):
    window = make_window(store)
    store.save_request(officer["id"], visit["uuid"], request_input(1))
    store.save_request(
        officer["id"],
        visit["uuid"],
        request_input(2, status="pending", pending_reason="missing_document"),
    )
    with qtbot.waitSignal(window.refreshed):
        window.refresh_all()
    model = window.summary_panel.model
    assert model.count("ktp_recording", "received") == 1
    assert model.count("ktp_recording", "pending") == 1
    assert model.count() == 2
    assert window.today_list.model.rowCount() == 2
    assert str(store.pending_changes()) in window.pending_status.text()


def test_returned_and_rejected_rows_are_highlighted(qtbot, store, officer, visit, make_window):
    a = store.save_request(officer["id"], visit["uuid"], request_input(1))
    store.apply_changes(
        [
            {
                "kind": "review",
                "entity_uuid": a["uuid"],
                "data": {"decision": "return", "comment": "Foto KK buram"},
            }
        ],
        1,
    )
    window = make_window(store)
    model = window.today_list.model
    index = model.index(0, 1)
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "Foto KK buram" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_end_visit_disables_new_requests(qtbot, store, visit, make_window):
    window = make_window(store)
    assert window.form.nik_edit.isEnabled()
    window.end_visit()
    assert window.visit is None
    assert not window.form.nik_edit.isEnabled()
    assert window.start_visit_action.isEnabled()


def test_sync_menu_and_refresh_hook_exist(qtbot, store, officer, make_window):
    window = make_window(store)
    assert window.sync_menu.objectName() == "sync_menu"
    with qtbot.waitSignal(window.refreshed):
        window.refresh_all()


def test_sign_in_with_the_offline_password(qtbot, store, officer, visit, make_window):
    window = make_window(store, sign_in=True)
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible())
    assert not window.centralWidget().isVisible()  # residents' data hidden until signed in
    dialog = window.sign_in_dialog
    qtbot.keyClicks(dialog.password_edit, "salah-sandi")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.error.text() != "" and dialog.isVisible()
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.centralWidget().isVisible())
    assert window.sign_in_dialog is None


def test_settings_store_the_language_for_the_next_start(qtbot, store, officer, make_window):
    window = make_window(store)
    window.show_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.language_combo.currentData() == "id"  # Indonesian by default
    select_data(dialog.language_combo, "en")
    dialog.save()
    assert store.get_setting("language") == "en"


def test_visit_dialog_checks_site_note_and_gps(qtbot, store, officer, make_window):
    window = make_window(store)
    window.ask_visit()
    dialog = window.visit_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["desa_code"].text() != ""  # no desa chosen yet
    dialog.select_desa("64.02.05.2002")
    select_data(dialog.site_combo, "lainnya")
    qtbot.keyClicks(dialog.lat_edit, "-0.43")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["site_note"].text() != ""
    assert "GPS" in dialog.errors["gps"].text()  # longitude missing
    assert store.open_visit(officer["id"]) is None
    qtbot.keyClicks(dialog.site_note_edit, "Posyandu Melati")
    qtbot.keyClicks(dialog.lon_edit, "116,99")
    qtbot.keyClicks(dialog.team_edit, "Rina, Agus")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit is not None)
    visit = store.open_visit(officer["id"])
    assert visit["site"] == "lainnya" and visit["longitude"] == 116.99
    assert visit["team_members"] == ["Rina", "Agus"]


def test_search_filters_by_service_and_status(qtbot, store, officer, visit, make_window):
    store.save_request(officer["id"], visit["uuid"], request_input(1))
    store.save_request(
        officer["id"],
        visit["uuid"],
        request_input(2, status="pending", pending_reason="missing_document"),
    )
    window = make_window(store)
    panel = window.all_list
    assert panel.model.total == 2
    select_data(panel.status_filter, "pending")
    assert panel.model.total == 1 and panel.model.row_dict(0)["status"] == "pending"
    select_data(panel.status_filter, None)
    select_data(panel.service_filter, "kia")
    assert panel.model.total == 0
    select_data(panel.service_filter, None)
    nik = store.page_requests(RequestFilter(), 0, 1)[0]["nik"]
    qtbot.keyClicks(panel.search_edit, nik)
    qtbot.waitUntil(lambda: panel.model.filter.nik == nik)
    assert panel.model.total == 1
