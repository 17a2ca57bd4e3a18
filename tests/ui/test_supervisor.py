"""The supervisor workspace on the real server (uvicorn on loopback) with real laptop stores.

An officer's laptop pushes a batch with the real sync client; the supervisor signs in
through the real login dialog, finds the batch in the inbox, returns a record with the
keyboard, the officer pulls the decision, fixes the record and syncs again, and the
supervisor sees revision 2 next to revision 1 and approves it. Every wait is on a
signal or a condition, never a sleep.
"""

from __future__ import annotations

import contextlib
import io
import socket
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.kk import make_kk
from app.domain.nik import make_nik
from app.domain.regions import regions
from app.paths import database_path
from app.store import Store
from app.ui.models import RETURNED_COLOUR, RequestTableModel
from app.ui.supervisor.launcher import SupervisorLauncher
from app.ui.supervisor.models import RETURNED_COLOUR as REVIEW_RETURNED_COLOUR
from app.ui.supervisor.record_view import CHANGED_COLOUR, field_label
from server import auth
from server.cli import main as server_main
from sync.client import SyncClient, SyncConfig, register_device
from sync.transport import TransportConfig
from tests.store.factories import TODAY, new_officer, new_visit, request_input
from tests.support.live_server import PASSWORD, ThreadServer

KEC_A = "64.02.01"  # Muara Muntai (the store factories' kecamatan)
KEC_B = "64.02.05"
WAIT_MS = 15_000


def laptop_config() -> SyncConfig:
    transport = TransportConfig(
        connect_timeout=5.0,
        read_timeout=15.0,
        retries=1,
        backoff_factor=0.01,
        backoff_max=0.05,
        backoff_jitter=0.01,
    )
    return SyncConfig(transport=transport)


def add_user(data_dir: Path, name: str, role: str, kecamatan: str | None, **profile) -> None:
    """``jempol-server user add`` (password on stdin), with --full-name/--team."""
    argv = ["user", "add", name, "--role", role, "--data-dir", str(data_dir)]
    if kecamatan:
        argv += ["--kecamatan", kecamatan]
    if profile.get("full_name"):
        argv += ["--full-name", profile["full_name"]]
    if profile.get("team"):
        argv += ["--team", profile["team"]]
    old_stdin, sys.stdin = sys.stdin, io.StringIO(PASSWORD + "\n")
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            assert server_main(argv) == 0, f"user add {name}"
    finally:
        sys.stdin = old_stdin


@pytest.fixture(scope="module")
def cheap_hashing():
    """Argon2 at test cost for accounts made and checked in this process."""
    original = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    auth._hasher = original


@pytest.fixture(scope="module")
def server_template(tmp_path_factory, cheap_hashing) -> Path:
    data_dir = tmp_path_factory.mktemp("review-server")
    add_user(data_dir, "siti", "officer", KEC_A, full_name="Siti Aminah", team="Tim 1")
    add_user(data_dir, "budi", "officer", KEC_B, full_name="Budi Santoso", team="Tim 7")
    add_user(data_dir, "spv_a", "supervisor", KEC_A)
    add_user(data_dir, "spv_b", "supervisor", KEC_B)
    return data_dir


@pytest.fixture
def server(server_template, tmp_path):
    import shutil

    data_dir = shutil.copytree(server_template, tmp_path / "server")
    live = ThreadServer(data_dir).start()
    yield live
    live.stop()


@dataclass
class Laptop:
    store: Store
    officer: dict
    visit: dict
    kecamatan: str
    desa: str
    serials: dict[str, int] = field(default_factory=dict)

    def request(self, serial: int, **changes):
        if self.kecamatan == KEC_A:
            return request_input(serial, **changes)
        values = dict(
            desa_code=self.desa,
            nik=make_nik(self.kecamatan, date(1990, 1, 2), "L", serial),
            kk=make_kk(self.kecamatan, date(2015, 1, 2), serial),
        )
        values.update(changes)
        return request_input(serial, **values)

    def add(self, count: int) -> list[dict]:
        made = []
        for _ in range(count):
            serial = len(self.serials) + 1
            record = self.store.save_request(
                self.officer["id"], self.visit["uuid"], self.request(serial), today=TODAY
            )
            self.serials[record["uuid"]] = serial
            made.append(record)
        return made

    def edit(self, uuid: str, **changes) -> dict:
        data = self.request(self.serials[uuid], **changes)
        return self.store.save_request(
            self.officer["id"], self.visit["uuid"], data, uuid=uuid, today=TODAY
        )

    def sync(self):
        with SyncClient(self.store, config=laptop_config()) as client:
            return client.run()


@pytest.fixture
def make_laptop(tmp_path, server):
    opened: list[Store] = []

    def make(username: str, kecamatan: str = KEC_A) -> Laptop:
        data_dir = tmp_path / f"laptop-{username}"
        data_dir.mkdir()
        store = Store.open(database_path(data_dir))
        opened.append(store)
        if kecamatan == KEC_A:
            officer = new_officer(store)
            visit = new_visit(store, officer["id"])
            desa = visit["desa_code"]
        else:
            desa = regions().desa_of(kecamatan)[0].code
            officer = store.create_officer(
                "Budi Santoso", "198502022010011002", "Tim 7", kecamatan, "rahasia-1"
            )
            visit = store.start_visit(
                officer["id"],
                visit_date=TODAY,
                kecamatan_code=kecamatan,
                desa_code=desa,
                site="balai_desa",
                area_type="inland",
            )
        register_device(store, server.base_url, username, PASSWORD, "laptop", laptop_config())
        return Laptop(store, officer, visit, kecamatan, desa)

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def sign_in(qtbot, server):
    """Sign in through the real login dialog; returns the opened SupervisorWindow."""
    launchers: list[SupervisorLauncher] = []

    def login(username: str, password: str = PASSWORD):
        launcher = SupervisorLauncher(None, lang="id")
        launchers.append(launcher)
        dialog = launcher.dialog
        qtbot.addWidget(dialog)
        dialog.server_edit.setText(server.base_url)
        dialog.username_edit.setText(username)
        dialog.password_edit.setText(password)
        with qtbot.waitSignal(launcher.window_opened, timeout=WAIT_MS):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        window = launcher.window
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not window.batch_model.loading, timeout=WAIT_MS)
        return window

    yield login
    for launcher in launchers:
        if launcher.window is not None:
            launcher.window.close()
        launcher.service.shutdown()
        launcher.deleteLater()


def focus(qtbot, window, widget) -> None:
    """Keys reach the window's shortcuts only while it is the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    widget.setFocus()


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.service.pending == 0, timeout=WAIT_MS)


def open_batch(qtbot, window, batch_uuid: str) -> None:
    qtbot.waitUntil(lambda: window.batch_model.row_of(batch_uuid) >= 0, timeout=WAIT_MS)
    with qtbot.waitSignal(window.detail_shown, timeout=WAIT_MS):
        window.select_batch(batch_uuid)
    window.record_table.setFocus()


def show_record(qtbot, window, uuid: str) -> None:
    if window.current_record_uuid() == uuid and window.record_view.detail:
        if window.record_view.detail["uuid"] == uuid:
            return
    with qtbot.waitSignal(window.detail_shown, timeout=WAIT_MS, check_params_cb=uuid.__eq__):
        assert window.select_record(uuid)


def batch_row(window, batch_uuid: str) -> dict:
    return window.batch_model.row_dict(window.batch_model.row_of(batch_uuid))


def record_row(window, uuid: str) -> dict:
    return window.record_model.row_dict(window.record_model.row_of(uuid))


def test_return_then_fix_then_approve_round_trip(qtbot, make_laptop, sign_in):
    laptop = make_laptop("siti")
    records = laptop.add(3)
    report = laptop.sync()
    assert report.rejected == 0 and report.accepted == 4  # the visit and 3 requests
    first_batch = laptop.store.batches()[0]["batch_uuid"]

    window = sign_in("spv_a")
    qtbot.waitUntil(lambda: window.batch_model.row_of(first_batch) >= 0, timeout=WAIT_MS)
    row = batch_row(window, first_batch)
    assert (row["record_count"], row["pending"], row["state"]) == (3, 3, "new")
    assert row["officer_name"] == "Siti Aminah" and row["team"] == "Tim 1"

    open_batch(qtbot, window, first_batch)
    assert window.record_model.total == 3
    target = records[1]["uuid"]
    show_record(qtbot, window, target)
    assert window.record_view.detail["data"]["name"] == records[1]["name"]
    assert window.record_view.nik_birth.text() == "02-01-1990"
    target_row = window.record_model.row_of(target)
    following = window.record_model.key_at(target_row + 1)

    # R asks for a comment; Enter sends it; the next record is selected at once.
    window.record_table.setFocus()
    qtbot.keyClick(window.record_table, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: window.reason_dialog is not None and window.reason_dialog.isVisible())
    dialog = window.reason_dialog
    assert not dialog.ok_button.isEnabled()  # a comment is required
    comment = "Alamat dan RT belum diisi"
    qtbot.keyClicks(dialog.reason_edit, comment)
    with qtbot.waitSignal(window.decided, timeout=WAIT_MS) as decided:
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert decided.args == [target, "return"]
    if following is not None:
        assert window.current_record_uuid() == following
    assert record_row(window, target)["review_state"] == "returned"
    qtbot.waitUntil(lambda: batch_row(window, first_batch)["returned"] == 1, timeout=WAIT_MS)
    assert batch_row(window, first_batch)["state"] == "in_review"

    # The officer's laptop pulls the decision; the field window's list highlights it.
    report = laptop.sync()
    assert report.reviews_applied >= 1
    returned = laptop.store.get_request(target)
    assert returned["review_state"] == "returned"
    assert returned["review_comment"] == comment
    officer_list = RequestTableModel(laptop.store)
    highlighted = officer_list.data(
        officer_list.index(officer_list.row_of(target), 0), Qt.ItemDataRole.BackgroundRole
    )
    assert highlighted is not None and highlighted.color() == RETURNED_COLOUR

    # The officer fixes the record (revision 2) and syncs again.
    fixed = laptop.edit(target, address="Jl. Mawar No. 5", rt="003")
    assert fixed["revision"] == 2
    assert laptop.sync().accepted == 1
    second_batch = laptop.store.batches()[-1]["batch_uuid"]
    assert second_batch != first_batch

    # The supervisor refreshes (F5): the new revision waits in a new batch.
    focus(qtbot, window, window.batch_table)
    qtbot.keyClick(window.batch_table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.batch_model.row_of(second_batch) >= 0, timeout=WAIT_MS)
    open_batch(qtbot, window, second_batch)
    qtbot.waitUntil(lambda: window.record_view.detail["uuid"] == target, timeout=WAIT_MS)
    row = record_row(window, target)
    assert (row["revision"], row["review_state"]) == (2, "pending")

    view = window.record_view
    headers = [
        view.fields_table.horizontalHeaderItem(c).text()
        for c in range(view.fields_table.columnCount())
    ]
    assert headers[1:] == ["Revision 1", "Revision 2"] or headers[1:] == ["Revisi 1", "Revisi 2"]
    changed = {label for label, column in view.changed_cells() if column == 2}
    assert changed == {field_label("address"), "RT"}
    changes = {
        view.changes_table.item(r, 1).text(): view.changes_table.item(r, 3).text()
        for r in range(view.changes_table.rowCount())
    }
    assert changes["RT"] == "003"
    assert "Jl. Mawar No. 5" in changes.values()
    assert view.changes_table.item(0, 3).background().color() == CHANGED_COLOUR
    decisions = view.decisions_table
    assert decisions.rowCount() == 1
    assert decisions.item(0, 4).text() == comment
    assert decisions.item(0, 0).background().color() == REVIEW_RETURNED_COLOUR

    # A approves the current record; the server stores it and the officer hears of it.
    focus(qtbot, window, window.record_table)
    with qtbot.waitSignal(window.decided, timeout=WAIT_MS) as decided:
        qtbot.keyClick(window.record_table, Qt.Key.Key_A)
    assert decided.args == [target, "approve"]
    wait_idle(qtbot, window)
    laptop.sync()
    assert laptop.store.get_request(target)["review_state"] == "approved"


def test_keys_move_between_records_and_skip_text_fields(qtbot, make_laptop, sign_in):
    laptop = make_laptop("siti")
    laptop.add(3)
    laptop.sync()
    batch = laptop.store.batches()[0]["batch_uuid"]
    window = sign_in("spv_a")
    open_batch(qtbot, window, batch)
    model = window.record_model
    first, second = model.key_at(0), model.key_at(1)
    assert window.current_record_uuid() == first

    with qtbot.waitSignal(window.detail_shown, timeout=WAIT_MS, check_params_cb=second.__eq__):
        qtbot.keyClick(window.record_table, Qt.Key.Key_J)
    with qtbot.waitSignal(window.detail_shown, timeout=WAIT_MS, check_params_cb=first.__eq__):
        qtbot.keyClick(window.record_table, Qt.Key.Key_K)
    with qtbot.waitSignal(window.detail_shown, timeout=WAIT_MS, check_params_cb=second.__eq__):
        qtbot.keyClick(window.record_table, Qt.Key.Key_Down)

    # Typing an "a" into the search box is text, not an approval.
    window.search_edit.setFocus()
    qtbot.keyClick(window.search_edit, Qt.Key.Key_A)
    assert window.search_edit.text() == "a"
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Backspace)
    wait_idle(qtbot, window)
    assert all(model.row_dict(r)["review_state"] == "pending" for r in range(model.rowCount()))

    # X rejects with a reason; Escape on the reason dialog sends nothing.
    focus(qtbot, window, window.record_table)
    qtbot.keyClick(window.record_table, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: window.reason_dialog is not None and window.reason_dialog.isVisible())
    qtbot.keyClick(window.reason_dialog.reason_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.reason_dialog is None)
    wait_idle(qtbot, window)
    assert record_row(window, second)["review_state"] == "pending"


def test_approve_all_clean_asks_first_and_skips_flagged(qtbot, make_laptop, sign_in):
    laptop = make_laptop("siti")
    laptop.add(3)
    # A duplicate within 30 days (same NIK, same service) is flagged and must stay pending.
    serial = next(iter(laptop.serials.values()))
    duplicate = laptop.store.save_request(
        laptop.officer["id"], laptop.visit["uuid"], laptop.request(serial), today=TODAY
    )
    laptop.sync()
    batch = laptop.store.batches()[0]["batch_uuid"]
    window = sign_in("spv_a")
    open_batch(qtbot, window, batch)
    qtbot.waitUntil(lambda: window.record_model.rowCount() == 4, timeout=WAIT_MS)
    flagged = {
        window.record_model.key_at(r) for r in range(4) if window.record_model.row_dict(r)["flags"]
    }
    assert duplicate["uuid"] in flagged

    qtbot.mouseClick(window.approve_clean_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.confirm_box is not None and window.confirm_box.isVisible())
    box = window.confirm_box
    yes = next(b for b in box.buttons() if b.objectName() == "approve_clean_yes")
    with qtbot.waitSignal(window.approved_clean, timeout=WAIT_MS) as answered:
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    approved, skipped = answered.args
    assert approved == 4 - len(flagged) and skipped == len(flagged)
    qtbot.waitUntil(
        lambda: (
            batch_row(window, batch)["approved"] == approved and not window.record_model.loading
        ),
        timeout=WAIT_MS,
    )
    assert batch_row(window, batch)["pending"] == len(flagged)
    for uuid in flagged:
        assert record_row(window, uuid)["review_state"] == "pending"


def test_supervisor_sees_only_their_kecamatan(qtbot, make_laptop, sign_in):
    siti = make_laptop("siti", KEC_A)
    siti.add(2)
    siti.sync()
    budi = make_laptop("budi", KEC_B)
    budi.add(2)
    budi.sync()
    batch_a = siti.store.batches()[0]["batch_uuid"]
    batch_b = budi.store.batches()[0]["batch_uuid"]

    window = sign_in("spv_a")
    qtbot.waitUntil(lambda: window.batch_model.row_of(batch_a) >= 0, timeout=WAIT_MS)
    assert window.batch_model.total == 1
    assert window.batch_model.row_of(batch_b) < 0
    assert not window.kecamatan_combo.isVisible()  # supervisors cannot pick another kecamatan
    desa_codes = {window.desa_combo.itemData(i) for i in range(window.desa_combo.count())}
    assert all(code is None or code.startswith(KEC_A + ".") for code in desa_codes)
    # Filters narrow the inbox: another team has nothing here.
    window.team_edit.setText("Tim 7")
    with qtbot.waitSignal(window.batch_model.loaded, timeout=WAIT_MS):
        window.reload_batches()
    assert window.batch_model.total == 0
    window.team_edit.setText("Tim 1")
    with qtbot.waitSignal(window.batch_model.loaded, timeout=WAIT_MS):
        window.reload_batches()
    assert window.batch_model.total == 1

    other = sign_in("spv_b")
    qtbot.waitUntil(lambda: other.batch_model.row_of(batch_b) >= 0, timeout=WAIT_MS)
    assert other.batch_model.total == 1
    assert other.batch_model.row_of(batch_a) < 0


def test_login_says_wrong_password_and_unreachable_server(qtbot, server):
    launcher = SupervisorLauncher(None, lang="id")
    try:
        dialog = launcher.dialog
        qtbot.addWidget(dialog)
        dialog.server_edit.setText(server.base_url)
        dialog.username_edit.setText("spv_a")
        dialog.password_edit.setText("salah-sekali")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
        assert "kata sandi salah" in dialog.error.text()
        assert dialog.isVisible() and launcher.window is None

        # An officer account is not a reviewer account.
        dialog.username_edit.setText("siti")
        dialog.password_edit.setText(PASSWORD)
        dialog.error.clear_message()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
        assert launcher.window is None

        with socket.socket() as probe:  # a loopback port nobody listens on
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        dialog.server_edit.setText(f"http://127.0.0.1:{closed_port}")
        dialog.username_edit.setText("spv_a")
        dialog.password_edit.setText(PASSWORD)
        dialog.error.clear_message()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
        assert dialog.error.text().startswith("Server tidak dapat dihubungi: periksa koneksi")

        dialog.server_edit.setText("")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert "Server address" in dialog.error.text() or "Alamat server" in dialog.error.text()
    finally:
        launcher.service.shutdown()
        launcher.deleteLater()


def test_officer_sign_in_dialog_offers_the_supervisor_login(qtbot, tmp_path):
    data_dir = tmp_path / "field"
    data_dir.mkdir()
    store = Store.open(database_path(data_dir))
    try:
        officer = new_officer(store)
        store.set_setting("officer_id", officer["id"])
        from app.ui.main_window import MainWindow

        window = MainWindow(store, lang="id", sign_in=True)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.sign_in_dialog is not None, timeout=WAIT_MS)
        sign_in_dialog = window.sign_in_dialog
        qtbot.mouseClick(sign_in_dialog.supervisor_button, Qt.MouseButton.LeftButton)
        launcher = sign_in_dialog.supervisor_launcher
        try:
            assert launcher is not None and launcher.dialog.isVisible()
            qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
        finally:
            launcher.dialog.reject()
            assert not launcher.service.running
            launcher.deleteLater()
    finally:
        store.close()


def test_ended_session_asks_to_sign_in_again(qtbot, make_laptop, sign_in):
    laptop = make_laptop("siti")
    laptop.add(1)
    laptop.sync()
    batch = laptop.store.batches()[0]["batch_uuid"]
    window = sign_in("spv_a")
    qtbot.waitUntil(lambda: window.batch_model.row_of(batch) >= 0, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    # The server no longer knows the token (expired or revoked): the next call says so.
    window.service._worker._client.transport.token = "expired-token"
    window.refresh_all()
    qtbot.waitUntil(lambda: window.login_dialog is not None, timeout=WAIT_MS)
    dialog = window.login_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.username_edit.text() == "spv_a"
    assert dialog.server_edit.text() == window.session["server_url"]
    wait_idle(qtbot, window)
    assert window.error_label.isVisible()
    assert "Masuk lagi" in window.error_label.text()

    dialog.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(window.batch_model.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert window.login_dialog is None
    assert window.batch_model.row_of(batch) >= 0
    assert not window.error_label.isVisible()
