"""Logging is wired into the app and the sync tool, and a real day leaves no personal data."""

from __future__ import annotations

import logging
import re
from datetime import date

import pytest

from app.domain.kk import make_kk
from app.domain.nik import make_nik
from app.logs import log_dir, remove_handlers, setup_logging
from app.paths import database_path
from app.store import Store
from app.ui.i18n import remove_translators
from app.ui.main import run_gui
from app.ui.widgets import select_data
from sync.cli import main as sync_main
from tests.support.live_server import PASSWORD
from tests.sync.conftest import OFFICER, SUPERVISOR, server, server_template  # noqa: F401

KECAMATAN = "64.02.01"  # the test server's officer works here
DESA = "64.02.01.2001"
BIRTH = date(1988, 6, 21)
NIK = make_nik("64.02.01", BIRTH, "P", 4321)
KK = make_kk("64.02.01", date(2016, 5, 9), 8765)
NAME = "Nurhayati Kusumawardani"
PHONE = "081234567890"


@pytest.fixture(autouse=True)
def _no_handlers_left():
    yield
    remove_handlers()


def all_logs(data_dir) -> str:
    files = [p for p in log_dir(data_dir).iterdir() if p.is_file()]
    assert files, "no log files written"
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def test_run_gui_logs_to_the_data_folder_and_prints_the_start_time(qapp, tmp_path, capsys):
    data_dir = tmp_path / "data"
    try:
        assert run_gui(data_dir, smoke_test=True, lang="en", started_at=None) == 0
    finally:
        remove_translators(qapp)
    printed = capsys.readouterr().out
    assert re.search(r"^window shown in \d+ ms$", printed, re.MULTILINE), printed
    text = (data_dir / "logs" / "jempol.log").read_text(encoding="utf-8")
    assert "jempol 0." in text and "window shown in" in text and "Jempol closed" in text
    assert not logging.getLogger().handlers or all(
        not getattr(h, "_jempol_handler", False) for h in logging.getLogger().handlers
    )  # run_gui took its handlers down again


def test_sync_tool_logs_to_its_own_file(tmp_path):
    data_dir = tmp_path / "data"
    assert sync_main(["status", "--data-dir", str(data_dir)]) == 0
    text = (data_dir / "logs" / "jempol-sync.log").read_text(encoding="utf-8")
    assert "jempol-sync" in text and "exit 0" in text
    assert not (data_dir / "logs" / "jempol.log").exists()


def test_a_day_of_work_and_sync_leaves_no_nik_kk_or_name_in_the_logs(
    qtbot,
    server,  # noqa: F811
    tmp_path,
):
    from app.ui.main_window import MainWindow

    data_dir = tmp_path / "laptop"
    data_dir.mkdir()
    setup_logging(data_dir, console=False, capture_exceptions=False)  # as run_gui does
    store = Store.open(database_path(data_dir))
    try:
        officer = store.create_officer(
            "Budi Santoso", "198001012005012001", "Tim 1", KECAMATAN, "rahasia-123"
        )
        store.set_setting("officer_id", officer["id"])
        store.start_visit(
            officer["id"],
            visit_date=date.today(),
            kecamatan_code=KECAMATAN,
            desa_code=DESA,
            site="balai_desa",
            area_type="inland",
        )
        window = MainWindow(store, lang="id", sign_in=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)

        # the officer types one resident into the form and saves
        form = window.form
        qtbot.keyClicks(form.nik_edit, NIK)
        qtbot.keyClicks(form.kk_edit, KK)
        qtbot.keyClicks(form.name_edit, NAME)
        qtbot.keyClicks(form.birth_edit, BIRTH.strftime("%d-%m-%Y"))
        select_data(form.sex_combo, "P")
        select_data(form.service_combo, "ktp_recording")
        qtbot.keyClicks(form.phone_edit, PHONE)
        with qtbot.waitSignal(form.saved, timeout=5000) as saved:
            form.save()
        uuid = saved.args[0]["uuid"]

        # registers the laptop; the auto-sync that follows sends the request
        controller = window.sync_controller
        with qtbot.waitSignal(controller.finished, timeout=30000) as finished:
            controller.register(server.base_url, OFFICER, PASSWORD, "laptop-uji")
        assert finished.args[0]["accepted"] >= 2  # the visit and the request
        server.decide(SUPERVISOR, uuid, "return", f"Nama {NAME} salah eja")
        with qtbot.waitSignal(controller.finished, timeout=30000) as finished:
            controller.sync_now()
        assert finished.args[0]["reviews_applied"] == 1
        window.close()
    finally:
        store.close()
        remove_handlers()

    # and the scheduled sync tool runs too (its own log file)
    assert sync_main(["run", "--data-dir", str(data_dir)]) == 0

    text = all_logs(data_dir)
    assert f"request {uuid} saved" in text
    assert "PUT /batches/" in text and "GET /changes" in text and "sync done" in text
    assert "jempol-sync run: exit 0" in text
    for secret in (NIK, KK, NAME, "Nurhayati", PHONE, PASSWORD):
        assert secret not in text
    # Nor does any other file the app and the sync tool wrote: the encrypted database and
    # its WAL, the key file, backups, logs, lock files (UU PDP: a stolen disk shows none).
    written = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") for p in written) or any(
        p.name.endswith(".sqlite3") for p in written
    )
    for path in written:
        data = path.read_bytes()
        for secret in (NIK, KK, NAME, "Nurhayati", PHONE):
            assert secret.encode() not in data, f"{secret} found in {path.name}"
