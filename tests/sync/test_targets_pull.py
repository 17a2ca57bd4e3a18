"""Target lists reach the field laptop: imported on the real server, pulled by the real
sync client, served by a recorded request (left count drops, server coverage rises)."""

from __future__ import annotations

import contextlib
import io
from datetime import date

import pytest
import requests

from app.domain.nik import make_nik
from app.domain.regions import regions
from server.cli import main as server_main
from server.routes_dashboard import router as dashboard_router
from sync.dashboard_client import DashboardClient
from sync.protocol import PROTOCOL_HEADER
from tests.store.factories import DESA, KECAMATAN, OTHER_DESA, TODAY, request_input
from tests.support.live_server import PASSWORD, ThreadServer
from tests.sync.conftest import SUPERVISOR, fast_config, server_copy

FOREIGN_KECAMATAN = "64.02.05"
FOREIGN_DESA = regions().desa_of(FOREIGN_KECAMATAN)[0].code
TARGET_ROUTES = {"/api/v1/targets", "/api/v1/dashboard", "/api/v1/export/records"}
BIRTH = date(1990, 1, 2)  # the factory's residents: request_input(serial) has this NIK


def nik(serial: int, kecamatan: str = KECAMATAN) -> str:
    return make_nik(kecamatan, BIRTH, "L", serial)


def import_targets(server, path, rows: list[tuple[str, str, str]], *, replace=False) -> int:
    """``jempol-server targets import FILE`` against the live server's database."""
    lines = ["desa_code,nik,name,address,note"]
    lines += [f"{desa},{n},{name},Jl. Mawar RT 01,belum rekam" for desa, n, name in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    argv = ["targets", "import", str(path), "--data-dir", str(server.data_dir)]
    if replace:
        argv.append("--replace")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return server_main(argv)


def coverage(server) -> tuple[int, int]:
    """(targets, served) of the officer's kecamatan on the supervisor's dashboard."""
    login = requests.post(
        f"{server.base_url}/api/v1/auth/login",
        json={"username": SUPERVISOR, "password": PASSWORD},
        headers={PROTOCOL_HEADER: "1"},
        timeout=30,
    )
    assert login.status_code == 200, login.text
    with DashboardClient(server.base_url, login.json()["token"]) as client:
        board = client.dashboard(date_from=TODAY, date_to=TODAY)
    row = next(r for r in board.coverage if r.kecamatan_code == KECAMATAN)
    return row.targets, row.served


def counts(store) -> dict[str, tuple[int, int]]:
    return {c["desa_code"]: (c["total"], c["left"]) for c in store.target_counts(KECAMATAN)}


def test_targets_pulled_removed_and_served(server, laptop, tmp_path):
    rows = [
        (DESA, nik(101), "Abdul Rahman"),
        (DESA, nik(102), "Siti Aminah"),
        (DESA, nik(103), "Budi Santoso"),
        (OTHER_DESA, nik(104), "Rina Lestari"),
        (FOREIGN_DESA, nik(105, FOREIGN_KECAMATAN), "Agus Hidayat"),
    ]
    assert import_targets(server, tmp_path / "list.csv", rows) == 0
    laptop.register(server.base_url)

    with laptop.client() as client:
        report = client.run()
    assert report.targets_pulled == 4  # the other kecamatan's resident stays on the server
    assert counts(laptop.store) == {DESA: (3, 3), OTHER_DESA: (1, 1)}
    assert laptop.store.target_by_nik(nik(105, FOREIGN_KECAMATAN)) is None
    target = laptop.store.target_by_nik(nik(101))
    assert target["name"] == "Abdul Rahman"
    assert target["birth_date"] == BIRTH.isoformat() and target["sex"] == "L"
    assert target["service"] == "ktp_recording" and target["served"] is False
    assert target["address"] == "Jl. Mawar RT 01" and target["note"] == "belum rekam"
    left = laptop.store.targets_for_desa(DESA)
    assert [t["name"] for t in left] == ["Abdul Rahman", "Budi Santoso", "Siti Aminah"]
    assert coverage(server) == (4, 0)

    # the admin replaces the desa's list: one resident is no longer on it
    assert import_targets(server, tmp_path / "desa.csv", rows[:2], replace=True) == 0
    with laptop.client() as client:
        report = client.pull()
    assert report.targets_pulled == 1
    assert laptop.store.target_by_nik(nik(103)) is None
    assert counts(laptop.store) == {DESA: (2, 2), OTHER_DESA: (1, 1)}

    # serving a target: the left count drops at once, coverage rises after the sync
    laptop.store.save_request(
        laptop.officer["id"], laptop.visit["uuid"], request_input(101), today=TODAY
    )
    assert counts(laptop.store) == {DESA: (2, 1), OTHER_DESA: (1, 1)}
    assert [t["name"] for t in laptop.store.targets_for_desa(DESA)] == ["Siti Aminah"]
    with laptop.client() as client:
        report = client.run()
    assert report.records_sent >= 1 and report.rejected == 0
    assert report.targets_pulled == 0  # the cursor was kept: nothing new
    assert coverage(server) == (3, 1)
    assert laptop.store.target_by_nik(nik(101))["served"] is True


def test_targets_paged_and_resumed(server, laptop, tmp_path):
    rows = [(DESA, nik(200 + i), f"Warga {chr(65 + i)}") for i in range(7)]
    assert import_targets(server, tmp_path / "list.csv", rows) == 0
    laptop.register(server.base_url)
    config = fast_config()
    config.targets_page = 3
    with laptop.client(config=config) as client:
        report = client.pull()
    assert report.targets_pulled == 7
    assert laptop.store.count_targets_for_desa(DESA) == 7
    cursor = laptop.store.targets_cursor()
    assert cursor > 0

    rows.append((DESA, nik(300), "Warga Baru"))
    assert import_targets(server, tmp_path / "more.csv", rows) == 0
    with laptop.client(config=config) as client:
        report = client.pull()
    assert report.targets_pulled == 1  # only the new one, from the stored cursor
    assert laptop.store.targets_cursor() > cursor
    assert laptop.store.targets_for_desa(DESA, name_prefix="baru")[0]["nik"] == nik(300)


@pytest.fixture
def old_server(server_template, tmp_path):
    """A real server of an older release: without the dashboard and target routes."""
    live = ThreadServer(server_copy(server_template, tmp_path / "old-server"))
    live.app.router.routes[:] = [
        r
        for r in live.app.router.routes
        if getattr(r, "original_router", None) is not dashboard_router  # included router
        and getattr(r, "path", "") not in TARGET_ROUTES  # routes copied on inclusion
    ]
    live.start()
    yield live
    live.stop()


def test_server_without_target_feed(old_server, laptop):
    answer = requests.get(f"{old_server.base_url}/api/v1/targets", timeout=30)
    assert answer.status_code == 404
    laptop.register(old_server.base_url)
    records = laptop.add_requests(1)
    with laptop.client() as client:
        report = client.run()
    assert report.records_sent == 2 and report.targets_pulled == 0  # the visit and request
    assert laptop.store.get_request(records[0]["uuid"])["sync_state"] == "accepted"
    status = laptop.store.sync_status()
    assert status["last_error"] is None and status["last_success_at"]
    assert laptop.store.target_counts() == []
