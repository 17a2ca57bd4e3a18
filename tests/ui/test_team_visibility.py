"""Officers sharing a laptop: the real MainWindow shows the signed-in officer's work and
their team's, never another team's (lists, search, summary, history, edit)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.store import RequestFilter
from app.ui.main_window import OFFICER_SETTING
from tests.ui.conftest import DESA, KECAMATAN, PASSWORD, request_input


def add_officer(store, name: str, nip: str, team: str) -> dict:
    officer = store.create_officer(name, nip, team, KECAMATAN, PASSWORD)
    # A visit today, already ended: "Today" then lists the whole day, not one visit.
    visit = store.start_visit(
        officer["id"],
        visit_date=date.today(),
        kecamatan_code=KECAMATAN,
        desa_code=DESA,
        site="balai_desa",
        area_type="coastal",
    )
    store.end_visit(visit["uuid"], officer["id"])
    return {**officer, "visit": visit}


def shared_laptop(store) -> dict[str, dict]:
    """A and B on one team (spelt differently), C on none; one request each today."""
    officers = {
        "A": add_officer(store, "Siti Rahmawati", "199001012015031001", "Tim 1"),
        "B": add_officer(store, "Budi Santoso", "199001012015031002", " tim 1"),
        "C": add_officer(store, "Cici Lestari", "199001012015031003", ""),
    }
    for i, (letter, officer) in enumerate(officers.items(), start=1):
        data = request_input(i, name=f"Warga Tim {letter}")
        officer["request"] = store.save_request(officer["id"], officer["visit"]["uuid"], data)
    return officers


def sign_in(qtbot, store, make_window, officer: dict):
    store.set_setting(OFFICER_SETTING, officer["id"])
    window = make_window(store, sign_in=True)
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible())
    dialog = window.sign_in_dialog
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.centralWidget().isVisible())
    assert window.officer["id"] == officer["id"]
    return window


def listed(panel) -> set[str]:
    model = panel.model
    while model.canFetchMore():
        model.fetchMore()
    return {model.row_dict(row)["uuid"] for row in range(model.rowCount())}


def test_each_officer_sees_their_own_and_their_teams_work(qtbot, store, make_window):
    officers = shared_laptop(store)
    a, b, c = (officers[k]["request"]["uuid"] for k in "ABC")
    assert store.count_requests(RequestFilter(visit_date=date.today())) == 3  # all three today

    window = sign_in(qtbot, store, make_window, officers["C"])
    assert listed(window.today_list) == {c}
    assert listed(window.all_list) == {c}
    assert window.all_list.model.total == 1
    assert window.summary_panel.model.count() == 1
    # Searching for A's resident finds nothing, by name or by NIK.
    search = window.all_list.search_edit
    qtbot.keyClicks(search, "Warga Tim A")
    qtbot.waitUntil(lambda: window.all_list.model.filter.name_prefix == "Warga Tim A")
    assert window.all_list.model.total == 0
    search.clear()
    qtbot.keyClicks(search, officers["A"]["request"]["nik"])
    qtbot.waitUntil(lambda: window.all_list.model.filter.nik is not None)
    assert window.all_list.model.total == 0
    # Nor does A's request open by its uuid (edit, history).
    window.edit_request(a)
    assert window.form.editing_uuid is None
    window.show_history(a)
    assert window.history_dialog is None
    window.close()

    window = sign_in(qtbot, store, make_window, officers["A"])
    assert listed(window.today_list) == {a, b}
    assert listed(window.all_list) == {a, b}
    assert window.summary_panel.model.count() == 2
    window.edit_request(b)
    assert window.form.editing_uuid == b  # B is on A's team
    window.show_history(b)
    shown = window.history_dialog
    assert shown is not None and [h["uuid"] for h in shown.history] == [b]
    window.show_history(c)
    assert window.history_dialog is shown  # C's did not open
