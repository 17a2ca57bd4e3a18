"""The supervisor dashboard and the review export against the real server (uvicorn on
loopback, SQLite): requests pushed through the real ingest, a target list imported with
the real CLI, the supervisor signed in with the real review client. Every wait is on a
signal."""

from __future__ import annotations

import contextlib
import io
import uuid
from datetime import date, datetime, timedelta

import pytest
import requests
from argon2 import PasswordHasher
from openpyxl import load_workbook
from PySide6.QtCharts import QBarSeries, QLineSeries

from app.domain.nik import make_nik
from app.domain.regions import regions
from app.ui.supervisor.dashboard import DashboardWidget
from app.ui.supervisor.export import ExportController, headers
from server import auth
from server.cli import main as server_main
from server.supervisor import set_profile
from sync.protocol import PROTOCOL_HEADER
from sync.review_client import ReviewClient
from sync.transport import TransportConfig
from tests.server.conftest import envelope, request_data, sealed
from tests.support.live_server import PASSWORD, ThreadServer

KEC = "64.02.05"
DESA = regions().desa_of(KEC)[0].code
WAIT_MS = 15_000
FAST = TransportConfig(connect_timeout=5, read_timeout=15, retries=0, backoff_factor=0.01)
SERVICES = ("ktp_recording", "kk_change", "kia")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    original = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    live = ThreadServer(tmp_path_factory.mktemp("server")).start()
    live.add_user("ani", kecamatan=KEC)
    live.add_user("budi", role="supervisor", kecamatan=KEC)
    engine_url = live.db_url
    from server.db import make_engine

    engine = make_engine(engine_url)
    with engine.begin() as conn:
        set_profile(conn, "ani", "Ani Rahmawati", "Tim 1")
    engine.dispose()
    device = _register(live, "ani")
    today = date.today()
    datas = []
    for i in range(1, 31):
        service = SERVICES[i % 3]
        born = date(2015, 1, 1) if service == "kia" else date(1990, 5, 17)
        data = request_data(
            i,
            KEC,
            service=service,
            visit_date=(today - timedelta(days=i % 10)).isoformat(),
            nik=make_nik(KEC, born, "P", i),
            birth_date=born.isoformat(),
            rt="007",
        )
        datas.append(data)
    envelopes = [envelope(str(uuid.uuid4()), data=d) for d in datas]
    stock = {"kind": "receipt", "quantity": 40, "at": f"{today.isoformat()}T01:00:00.000Z"}
    stock_env = envelope(str(uuid.uuid4()), data=stock, kind="stock")
    stock_env.device_time = stock["at"]
    batch, body = sealed(device["device_id"], [*envelopes, stock_env])
    answer = requests.put(
        f"{live.base_url}/api/v1/batches/{batch.batch_uuid}",
        data=body,
        headers={
            "Content-Encoding": "gzip",
            "Authorization": f"Bearer {device['token']}",
            PROTOCOL_HEADER: "1",
        },
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    assert {r["outcome"] for r in answer.json()["results"]} == {"accepted"}
    # target list: three served ktp_recording NIKs and one resident still to serve
    served = [d["nik"] for d in datas if d["service"] == "ktp_recording"][:3]
    lines = ["desa_code,nik,name"] + [f"{DESA},{n},Warga" for n in served]
    lines.append(f"{DESA},{make_nik(KEC, date(1980, 1, 1), 'L', 999)},Belum Rekam")
    csv_path = live.data_dir / "targets.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        assert (
            server_main(["targets", "import", str(csv_path), "--data-dir", str(live.data_dir)]) == 0
        )
    live.pushed = datas
    yield live
    live.stop()
    auth._hasher = original


def _register(live, username: str) -> dict:
    answer = requests.post(
        f"{live.base_url}/api/v1/devices/register",
        json={"username": username, "password": PASSWORD, "device_name": "laptop"},
        headers={PROTOCOL_HEADER: "1"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture(scope="module")
def session(server):
    with ReviewClient(server.base_url, FAST) as client:
        login = client.login("budi", PASSWORD)
        return {
            "server_url": client.server_url,
            "token": login.token,
            "role": login.role,
            "kecamatan_code": login.kecamatan_code,
            "username": "budi",
        }


@pytest.fixture
def widget(qtbot, session):
    view = DashboardWidget(session, config=FAST)
    qtbot.addWidget(view)
    yield view
    view.shutdown()


def bar_values(chart) -> list[float]:
    [series] = [s for s in chart.series() if isinstance(s, QBarSeries)]
    [bar_set] = series.barSets()
    return [bar_set.at(i) for i in range(bar_set.count())]


def test_dashboard_draws_the_server_data(qtbot, widget, server, tmp_path):
    with qtbot.waitSignal(widget.drawn, timeout=WAIT_MS):
        widget.refresh()
    data = widget.data
    assert data is not None and data.kecamatan_code == KEC
    assert not widget.kecamatan_combo.isVisible()

    [daily] = [s for s in widget.charts["daily"].series() if isinstance(s, QLineSeries)]
    assert daily.count() == 30  # one point per day of the default range
    assert sum(p.y() for p in daily.points()) == 30
    assert sorted(bar_values(widget.charts["services"])) == [10, 10, 10]
    assert bar_values(widget.charts["backlog"]) == [30, 0, 0, 0, 0, 0]
    assert bar_values(widget.charts["coverage"]) == [75.0]  # 3 of 4 target residents
    [target_line] = [s for s in widget.charts["coverage"].series() if isinstance(s, QLineSeries)]
    assert [p.y() for p in target_line.points()] == [pytest.approx(99.4)] * 2
    assert bar_values(widget.charts["stock"]) == [40]
    assert "30" in widget.summary_label.text()

    # "Export image": the file dialog, then the PNG of the chosen chart
    widget.chart_choice.setCurrentIndex(widget.chart_choice.findData("coverage"))
    dialog = widget.export_image()
    target = tmp_path / "coverage.png"
    with qtbot.waitSignal(widget.image_saved, timeout=WAIT_MS) as saved:
        dialog.selectFile(str(target))
        dialog.accept()
    assert saved.args == [str(target)]
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    whole = tmp_path / "whole.png"
    assert widget.save_image(str(whole), chart="") and whole.stat().st_size > target.stat().st_size


def test_dashboard_shows_an_expired_session(qtbot, session):
    view = DashboardWidget({**session, "token": "jps_not-a-token"}, config=FAST)
    qtbot.addWidget(view)
    try:
        with qtbot.waitSignal(view.failed, timeout=WAIT_MS) as failed:
            view.refresh()
        assert "Masuk lagi" in failed.args[0]
        assert view.message.text() == failed.args[0] and view.refresh_button.isEnabled()
    finally:
        view.shutdown()


def test_export_xlsx_and_csv_of_the_filtered_list(qtbot, widget, server, session, tmp_path):
    with ReviewClient(server.base_url, FAST) as client:
        client.transport.token = session["token"]
        kia = client.records(service="kia", limit=1000)
        client.decide(kia.items[0].uuid, "approve")
        expected = client.records(service="kia", state="pending", limit=1000)
    assert expected.total == 9

    path = tmp_path / "tinjauan.xlsx"
    controller = ExportController(
        session, {"service": "kia", "state": "pending"}, parent=widget, page_size=4, config=FAST
    )
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS) as done:
        controller.start(path)
    assert done.args == [str(path), 9]
    assert not path.with_name(path.name + ".part").exists()

    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == headers("id")
    col = {title: i for i, title in enumerate(headers("id"))}
    body = rows[1:]
    assert len(body) == expected.total
    niks = {row[col["NIK"]].value for row in body}
    assert niks == {item.nik for item in expected.items}
    for row in body:
        nik_cell, kk_cell = row[col["NIK"]], row[col["No. KK"]]
        assert isinstance(nik_cell.value, str) and len(nik_cell.value) == 16
        assert nik_cell.number_format == "@" and isinstance(kk_cell.value, str)
        assert row[col["RT"]].value == "007"
        assert isinstance(row[col["Tanggal kunjungan"]].value, datetime)
        assert row[col["Tanggal lahir"]].value == datetime(2015, 1, 1)
        assert row[col["Layanan"]].value == "KIA (Kartu Identitas Anak)"
        assert row[col["Status tinjauan"]].value == "Menunggu tinjauan"

    csv_path = tmp_path / "tinjauan.csv"
    controller = ExportController(session, {"service": "kia"}, parent=widget, config=FAST)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS) as done:
        controller.start(csv_path)
    assert done.args[1] == 10
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert len(lines) == 11 and lines[0].split(",")[0] == "Tanggal kunjungan"
    assert any(item.nik in raw.decode("utf-8-sig") for item in kia.items)


def test_export_failure_leaves_no_file(qtbot, widget, session, tmp_path):
    path = tmp_path / "gagal.xlsx"
    controller = ExportController(
        {**session, "token": "jps_expired"}, {}, parent=widget, config=FAST
    )
    with qtbot.waitSignal(controller.failed, timeout=WAIT_MS) as failed:
        controller.start(path)
    assert "Masuk lagi" in failed.args[0]
    assert list(tmp_path.iterdir()) == []
