"""Signing in unlocks the encrypted database: the real dialog and ``run_gui``."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.paths import database_path
from app.store import Store, vault
from app.store.vault import Vault
from app.ui.i18n import remove_translators
from app.ui.main import run_gui
from app.ui.main_window import MainWindow
from app.ui.sign_in_dialog import SignInDialog, VaultGate, needs_unlock
from tests.ui.conftest import KECAMATAN, PASSWORD

OTHER_NIP = "198505052010012002"


@pytest.fixture
def shared_laptop(data_dir):
    """Two officers on one laptop; the app closed, nothing unlocked, no scheduled sync."""
    path = database_path(data_dir)
    with Store.open(path) as store:
        store.create_officer("Siti Aminah", "199001012015031001", "Tim 1", KECAMATAN, PASSWORD)
        store.create_officer("Budi Santoso", OTHER_NIP, "Tim 2", KECAMATAN, "budi-rahasia")
        store.set_unattended(False)
    vault.forget()
    return path


def test_each_officer_unlocks_with_their_own_password(qtbot, shared_laptop):
    path = shared_laptop
    assert needs_unlock(path)
    gate = VaultGate(path)
    dialog = SignInDialog(gate, tick_ms=5)
    qtbot.addWidget(dialog)
    labels = [dialog.officer_combo.itemText(i) for i in range(dialog.officer_combo.count())]
    assert labels == ["Budi Santoso (198505052010012002)", "Siti Aminah (199001012015031001)"]
    dialog.officer_combo.setCurrentIndex(labels.index("Budi Santoso (198505052010012002)"))
    for _attempt in range(3):
        dialog.password_edit.setText(PASSWORD)  # Siti's password is not Budi's
        dialog.submit()
        assert dialog.result() != SignInDialog.DialogCode.Accepted
    assert Vault.load(path).failures(OTHER_NIP)[0] == 3  # kept in the key file
    assert dialog.waiting()  # the third mistake costs a wait
    assert vault.key_for(path) is None
    qtbot.waitUntil(lambda: not dialog.waiting())
    dialog.password_edit.setText("budi-rahasia")
    with qtbot.waitSignal(dialog.accepted):
        dialog.submit()
    assert gate.nip == OTHER_NIP
    assert vault.key_for(path) is not None
    assert Vault.load(path).failures(OTHER_NIP)[0] == 0
    assert Vault.load(path).last_nip == OTHER_NIP
    assert not needs_unlock(path)


def test_run_gui_signs_in_before_opening_and_shows_that_officer(qapp, shared_laptop):
    path = shared_laptop
    seen = {}

    def sign_in():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignInDialog):
            QTimer.singleShot(10, sign_in)
            return
        seen["unlock_dialog"] = dialog.objectName()
        dialog.officer_combo.setCurrentIndex(dialog.officer_combo.findData(OTHER_NIP))
        dialog.password_edit.setText("budi-rahasia")
        dialog.submit()
        QTimer.singleShot(0, close_window)

    def close_window():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if not windows or not windows[0].isVisible():
            QTimer.singleShot(10, close_window)
            return
        window = windows[0]
        seen["officer"] = window.officer["nip"]
        seen["locked"] = window.locked
        seen["sign_in_dialog"] = window.sign_in_dialog
        window.close()

    QTimer.singleShot(0, sign_in)
    try:
        assert run_gui(path.parent, lang="en") == 0
    finally:
        remove_translators(qapp)
    assert seen == {
        "unlock_dialog": "unlock_dialog",
        "officer": OTHER_NIP,
        "locked": False,
        "sign_in_dialog": None,  # no second password prompt
    }


def test_smoke_test_on_a_locked_laptop_shows_the_sign_in_and_exits(qapp, shared_laptop):
    try:
        assert run_gui(shared_laptop.parent, smoke_test=True, lang="en") == 0
    finally:
        remove_translators(qapp)
    assert vault.key_for(shared_laptop) is None
