"""The pieces wired into the app: first-run wizard, Help menu, sync thread shutdown."""

from __future__ import annotations

import socket
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from app import __version__
from app.logs import remove_handlers, setup_logging
from app.paths import database_path
from app.store import Store
from app.ui.i18n import remove_translators
from app.ui.main import run_gui
from app.ui.main_window import MainWindow
from app.ui.setup_wizard import PROFILE, SERVER, SetupWizard
from app.ui.widgets import select_data
from sync.client import register_device
from tests.store.factories import KECAMATAN as SERVER_KECAMATAN  # the server officer's
from tests.support.live_server import PASSWORD
from tests.sync.conftest import OFFICER, fast_config, server, server_template  # noqa: F401
from tests.ui.conftest import KECAMATAN, NIP, request_input


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def open_wizard(qtbot, data_dir: Path, **options) -> SetupWizard:
    wizard = SetupWizard(data_dir, lang="id", config=fast_config(retries=0), **options)
    qtbot.addWidget(wizard)
    wizard.open()
    qtbot.waitExposed(wizard)
    return wizard


# --- first-run wizard ------------------------------------------------------------------------
def test_profile_only_leads_to_the_existing_profile_dialog(qtbot, data_dir, store):
    wizard = open_wizard(qtbot, data_dir)
    with qtbot.waitSignal(wizard.accepted):
        wizard.profile_button.click()
    assert wizard.choice.mode == PROFILE and wizard.choice.data_dir == data_dir

    window = MainWindow(store, lang="id", profile_defaults=wizard.choice.profile_defaults)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.profile_dialog is not None and window.profile_dialog.isVisible())
    window.close()


def test_connect_to_server_registers_then_prefills_the_profile(qtbot, server, data_dir, store):  # noqa: F811
    wizard = open_wizard(qtbot, data_dir)
    wizard.server_button.click()
    assert wizard.pages.currentIndex() == 1

    wizard.connect_button.click()  # nothing typed yet
    assert "Alamat server wajib diisi" in wizard.server_message.text()

    # a server that does not answer: said so, in Indonesian, and the page stays usable
    wizard.url_edit.setText(f"http://127.0.0.1:{free_port()}")
    wizard.username_edit.setText(OFFICER)
    wizard.password_edit.setText(PASSWORD)
    wizard.connect_button.click()
    assert not wizard.connect_button.isEnabled()  # busy: the network runs off this thread
    assert wizard.password_edit.text() == ""
    qtbot.waitUntil(lambda: wizard.connect_button.isEnabled(), timeout=20000)
    assert "tidak dapat dihubungi" in wizard.server_message.text()
    assert "koneksi ditolak" in wizard.server_message.text()
    assert wizard.choice is None

    # the right server, a wrong password
    wizard.url_edit.setText(server.base_url)
    wizard.password_edit.setText("bukan-sandinya")
    wizard.connect_button.click()
    qtbot.waitUntil(lambda: wizard.connect_button.isEnabled(), timeout=20000)
    assert "Nama pengguna atau kata sandi salah" in wizard.server_message.text()
    assert store.registration() is None

    wizard.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(wizard.accepted, timeout=20000):
        wizard.connect_button.click()
    choice = wizard.choice
    assert choice.mode == SERVER and choice.data_dir == data_dir
    assert choice.profile_defaults == {"kecamatan_code": SERVER_KECAMATAN}
    assert OFFICER in choice.note
    registration = store.registration()
    assert registration["officer_username"] == OFFICER
    assert registration["server_url"] == server.base_url

    # then the existing profile step, its kecamatan taken from the server's answer
    window = MainWindow(store, lang="id", profile_defaults=choice.profile_defaults)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.profile_dialog is not None and window.profile_dialog.isVisible())
    profile = window.profile_dialog
    assert profile.kecamatan_combo.currentData() == SERVER_KECAMATAN
    profile.name_edit.setText("Siti Aminah")
    profile.nip_edit.setText(NIP)
    profile.team_edit.setText("Tim 1")
    profile.password_edit.setText("rahasia-123")
    profile.confirm_edit.setText("rahasia-123")
    profile.save_button.click()
    qtbot.waitUntil(lambda: window.officer is not None)
    assert window.officer["kecamatan_code"] == SERVER_KECAMATAN
    window.close()


def test_demo_through_run_gui_opens_the_demo_folder(qtbot, tmp_path, monkeypatch):
    """run_gui on an empty folder: the wizard, "Coba demo", then the window on demo data."""
    real = tmp_path / "Jempol"
    monkeypatch.setenv("JEMPOL_DATA_DIR", str(real))
    seen: dict = {}

    def step() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, SetupWizard) and widget.isVisible() and "wizard" not in seen:
                seen["wizard"] = True
                widget.demo_button.click()
            elif isinstance(widget, MainWindow) and widget.isVisible():
                seen["title"] = widget.windowTitle()
                seen["status"] = widget.statusBar().currentMessage()
                seen["locked"] = not widget.centralWidget().isVisible()
                widget.close()

    driver = QTimer()
    driver.timeout.connect(step)
    driver.start(20)
    try:
        assert run_gui(real, lang="id") == 0
    finally:
        driver.stop()
        remove_translators(QApplication.instance())
        remove_handlers()
    demo = tmp_path / "Jempol-demo"
    assert seen.get("wizard") and "Petugas Demo" in seen["title"]
    assert str(demo) in seen["status"] and "demo12345" in seen["status"]
    assert seen["locked"] is False  # just chosen in the wizard: no sign-in this time
    with Store.open(database_path(demo)) as demo_store:
        assert demo_store.count_requests() > 0
    with Store.open(database_path(real)) as real_store:
        assert real_store.officers() == []  # the real folder stays empty
    assert (demo / "logs" / "jempol.log").is_file()


def test_quitting_the_wizard_ends_run_gui(qtbot, tmp_path):
    def step() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, SetupWizard) and widget.isVisible():
                widget.reject()

    driver = QTimer()
    driver.timeout.connect(step)
    driver.start(20)
    try:
        assert run_gui(tmp_path / "data", lang="en") == 0
    finally:
        driver.stop()
        remove_translators(QApplication.instance())
        remove_handlers()
    assert not any(isinstance(w, MainWindow) for w in QApplication.topLevelWidgets())


# --- Help menu ------------------------------------------------------------------------------
def test_about_shows_version_data_folder_and_region_licence(qtbot, store, officer, make_window):
    window = make_window(store)
    help_menu = window.menuBar().actions()[-1].menu()
    assert help_menu.title() == "&Help"
    assert help_menu.actions()[0] is window.help_actions.diagnostics_action
    assert help_menu.actions()[-1] is window.help_actions.about_action
    window.help_actions.about_action.trigger()
    dialog = window.help_actions.about_dialog
    qtbot.waitExposed(dialog)
    assert __version__ in dialog.findChild(QLabel, "about_title").text()
    assert str(store.path.parent) in dialog.data_dir_label.text()
    notice = dialog.notice.toPlainText()
    assert "cahyadsn/wilayah" in notice and "MIT" in notice
    dialog.close()


@pytest.fixture
def resident(store, officer, visit):
    """A saved request with a known NIK, KK and name."""
    data = request_input(5, name="Ahmad Fauzi Rahmanto")
    store.save_request(officer["id"], visit["uuid"], data)
    return data


def test_export_diagnostics_writes_a_zip_without_personal_data(
    qtbot,
    server,  # noqa: F811
    store,
    officer,
    resident,
    make_window,
    monkeypatch,
    tmp_path,
):
    register_device(store, server.base_url, OFFICER, PASSWORD, "laptop-uji", fast_config())
    token = store.registration()["token"]
    data_dir = Path(store.path).parent
    setup_logging(data_dir, console=False, capture_exceptions=False)
    try:
        import logging

        logging.getLogger("jempol.test").warning("by mistake: %s %s", resident.nik, resident.kk)
    finally:
        remove_handlers()

    window = make_window(store)
    asked: list[str] = []

    def fake_dialog(parent, caption, suggested, filters):
        asked.append(suggested)
        return str(tmp_path / "out" / "diagnostik-laptop"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    with qtbot.waitSignal(window.help_actions.diagnostics_done, timeout=20000) as done:
        window.help_actions.diagnostics_action.trigger()
        assert not window.help_actions.diagnostics_action.isEnabled()  # busy meanwhile
    assert Path(asked[0]).name == f"jempol-diagnostik-{date.today():%Y%m%d}.zip"
    path = Path(done.args[0])
    assert path == tmp_path / "out" / "diagnostik-laptop.zip" and path.is_file()
    assert window.help_actions.diagnostics_action.isEnabled()
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        content = b"".join(zf.read(name) for name in names).decode("utf-8")
    assert "logs/jempol.log" in names and "settings.json" in names
    assert "by mistake" in content  # the log is in it, masked
    for secret in (resident.nik, resident.kk, resident.name, "Ahmad Fauzi", token):
        assert secret not in content
    qtbot.waitUntil(lambda: window.help_actions.box is not None)
    assert str(path) in window.help_actions.box.text()
    window.help_actions.box.close()


def test_export_diagnostics_failure_is_reported(qtbot, store, officer, make_window, tmp_path):
    window = make_window(store)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with qtbot.waitSignal(window.help_actions.diagnostics_failed, timeout=20000) as failed:
        window.help_actions.export_to(blocker / "sub" / "diag.zip")  # parent is a file
    assert "diag.zip" in failed.args[0]
    assert window.help_actions.diagnostics_action.isEnabled()
    window.help_actions.box.close()


# --- sync thread at exit ----------------------------------------------------------------------
def test_closing_the_window_stops_the_sync_thread(qtbot, store, officer, make_window):
    window = make_window(store)
    thread = window.sync_controller.thread
    assert thread.isRunning()
    window.close()
    assert thread.isFinished()
    assert not window.sync_controller.timer.isActive()


def test_a_window_deleted_without_closing_stops_its_thread(qtbot, store, officer):
    import shiboken6

    window = MainWindow(store, lang="id", sign_in=False)
    thread = window.sync_controller.thread
    assert thread.isRunning()
    shiboken6.delete(window)
    assert thread.isFinished()


def test_profile_dialog_keeps_kecamatan_default_when_none_is_known(qtbot, store):
    window = MainWindow(store, lang="id", profile_defaults={"kecamatan_code": None})
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.profile_dialog is not None and window.profile_dialog.isVisible())
    combo = window.profile_dialog.kecamatan_combo
    assert combo.currentIndex() == 0
    assert select_data(combo, KECAMATAN)
    window.close()
