"""A second officer joins a shared laptop and the officers take turns (real MainWindow)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.store.vault import Vault
from app.ui.main_window import OFFICER_SETTING
from tests.ui.test_team_visibility import listed, shared_laptop


def test_add_an_officer_then_switch_to_them_and_back(qtbot, store, make_window):
    officers = shared_laptop(store)
    store.set_setting(OFFICER_SETTING, officers["A"]["id"])
    window = make_window(store, sign_in=False)
    a, b, c = (officers[k]["request"]["uuid"] for k in "ABC")
    assert listed(window.all_list) == {a, b}

    # A adds a colleague with her own password: she gets her own key slot.
    window.ask_new_officer()
    dialog = window.profile_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.name_edit, "Dewi Kartika")
    qtbot.keyClicks(dialog.nip_edit, "199001012015031004")
    qtbot.keyClicks(dialog.team_edit, "Tim 2")
    qtbot.keyClicks(dialog.password_edit, "dewi-rahasia")
    qtbot.keyClicks(dialog.confirm_edit, "dewi-rahasia")
    with qtbot.waitSignal(dialog.accepted):
        dialog.submit()
    assert "Dewi Kartika" in window.statusBar().currentMessage()
    assert window.officer["id"] == officers["A"]["id"]  # adding does not switch
    nips = {slot.nip for slot in Vault.load(store.path).officers()}
    assert "199001012015031004" in nips
    Vault.load(store.path).unlock("199001012015031004", "dewi-rahasia")

    # Ctrl+L: locked, anyone on this laptop may sign in; C signs in and sees only C's work.
    typed = window.form.name_edit
    qtbot.keyClicks(typed, "Ketikan petugas A")
    window.switch_officer()
    sign_in = window.sign_in_dialog
    qtbot.waitUntil(sign_in.isVisible)
    assert window.locked and not window.centralWidget().isVisible()
    choices = [sign_in.officer_combo.itemData(i) for i in range(sign_in.officer_combo.count())]
    assert choices[0] == officers["A"]["nip"] and len(choices) == 4
    sign_in.officer_combo.setCurrentIndex(choices.index(officers["C"]["nip"]))
    qtbot.keyClicks(sign_in.password_edit, "wrong-password")
    qtbot.keyClick(sign_in.password_edit, Qt.Key.Key_Return)
    assert window.locked  # a wrong password changes nothing
    sign_in.password_edit.clear()
    qtbot.keyClicks(sign_in.password_edit, "rahasia-123")
    qtbot.keyClick(sign_in.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked)
    assert window.officer["id"] == officers["C"]["id"]
    assert listed(window.all_list) == {c}
    assert window.form.name_edit.text() == ""  # A's unsaved typing is not shown to C

    # and back to A, who sees her team's work again
    window.switch_officer()
    sign_in = window.sign_in_dialog
    qtbot.waitUntil(sign_in.isVisible)
    assert sign_in.officer_combo.currentData() == officers["C"]["nip"]  # current first
    sign_in.officer_combo.setCurrentIndex(sign_in.officer_combo.findData(officers["A"]["nip"]))
    qtbot.keyClicks(sign_in.password_edit, "rahasia-123")
    qtbot.keyClick(sign_in.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked)
    assert window.officer["id"] == officers["A"]["id"]
    assert listed(window.all_list) == {a, b}
