"""jempol-server CLI (users, devices, migrate, serve) and the CSV/XLSX export."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import openpyxl
import pytest

from server.cli import main
from tests.server.conftest import envelope, put_batch, register, request_data, sealed

ROOT = Path(__file__).resolve().parents[2]


def run_cli(monkeypatch, capsys, *argv, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_user_and_device_commands(monkeypatch, capsys, db_url, live, client):
    db = ("--database-url", db_url)
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "user",
        "add",
        "ani",
        "--role",
        "officer",
        "--kecamatan",
        "64.02.05",
        *db,
        stdin="rahasia-123\n",
    )
    assert code == 0 and "officer ani" in out
    code, _, err = run_cli(
        monkeypatch,
        capsys,
        "user",
        "add",
        "x",
        "--role",
        "officer",
        "--kecamatan",
        "99.99.99",
        *db,
        stdin="rahasia-123\n",
    )
    assert code == 2 and "kecamatan" in err
    code, _, err = run_cli(
        monkeypatch, capsys, "user", "add", "ani", "--role", "admin", *db, stdin="rahasia-123\n"
    )
    assert code == 2 and "already exists" in err
    code, _, err = run_cli(
        monkeypatch, capsys, "user", "add", "kurt", "--role", "admin", *db, stdin="pendek\n"
    )
    assert code == 2 and "8 characters" in err
    run_cli(monkeypatch, capsys, "user", "add", "root", "--role", "admin", *db, stdin="rahasia-1\n")
    _, out, _ = run_cli(monkeypatch, capsys, "user", "list", *db)
    lines = out.splitlines()
    assert lines[1].split() == ["ani", "officer", "64.02.05", "active"]
    assert lines[2].split() == ["root", "admin", "-", "active"]

    device = register(client, "ani")
    _, out, _ = run_cli(monkeypatch, capsys, "device", "list", *db)
    assert device["device_id"] in out and out.rstrip().endswith("active")
    code, out, _ = run_cli(monkeypatch, capsys, "device", "revoke", device["device_id"], *db)
    assert code == 0
    batch, body = sealed(device["device_id"], [envelope(str(uuid.uuid4()))])
    assert put_batch(client, device["token"], batch.batch_uuid, body).json()["code"] == (
        "device_revoked"
    )
    code, _, err = run_cli(monkeypatch, capsys, "device", "revoke", device["device_id"], *db)
    assert code == 2 and "already revoked" in err

    code, out, _ = run_cli(monkeypatch, capsys, "user", "disable", "ani", *db)
    assert code == 0
    _, out, _ = run_cli(monkeypatch, capsys, "user", "list", *db)
    assert out.splitlines()[1].split()[-1] == "disabled"
    login = client.post(
        "/api/v1/devices/register",
        json={"username": "ani", "password": "rahasia-123", "device_name": "x"},
    )
    assert login.status_code == 403 and login.json()["code"] == "account_disabled"


def test_data_dir_default_is_shared_between_commands(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("JEMPOL_DATABASE_URL", raising=False)
    monkeypatch.setenv("JEMPOL_SERVER_DATA_DIR", str(tmp_path / "home"))
    code, out, _ = run_cli(monkeypatch, capsys, "migrate")
    from alembic.script import ScriptDirectory

    from server.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config(None)).get_current_head()
    assert code == 0 and head in out
    assert (tmp_path / "home" / "jempol-server.sqlite3").exists()
    run_cli(monkeypatch, capsys, "user", "add", "root", "--role", "admin", stdin="rahasia-123\n")
    _, out, _ = run_cli(monkeypatch, capsys, "user", "list", "--data-dir", str(tmp_path / "home"))
    assert "root" in out


def _push_sample(live, client) -> list[str]:
    live.add_user("ani")
    device = register(client, "ani")
    niks = []
    records = []
    for serial, day in ((1, "2025-06-01"), (2, "2025-06-15"), (3, "2025-07-02")):
        data = request_data(serial, visit_date=day, phone="081234567890", rt="007")
        niks.append(data["nik"])
        records.append(envelope(str(uuid.uuid4()), data=data))
    batch, body = sealed(device["device_id"], records)
    assert put_batch(client, device["token"], batch.batch_uuid, body).status_code == 200
    return niks


def test_export_csv_and_xlsx(monkeypatch, capsys, db_url, live, client, tmp_path):
    niks = _push_sample(live, client)
    db = ("--database-url", db_url)
    out_csv = tmp_path / "data.csv"
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "export",
        str(out_csv),
        "--format",
        "csv",
        "--from",
        "2025-06-10",
        *db,
    )
    assert code == 0 and "2 request" in out
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["nik"] for r in rows] == niks[1:]
    assert rows[0]["rt"] == "007" and rows[0]["desa"] and rows[0]["officer"] == "ani"

    out_xlsx = tmp_path / "data.xlsx"
    code, _, _ = run_cli(
        monkeypatch,
        capsys,
        "export",
        str(out_xlsx),
        "--kecamatan",
        "64.02.05",
        "--to",
        "2025-06-30",
        *db,
    )
    assert code == 0
    sheet = openpyxl.load_workbook(out_xlsx).active
    header = [c.value for c in sheet[1]]
    nik_col = header.index("nik") + 1
    cells = [sheet.cell(row=r, column=nik_col) for r in range(2, sheet.max_row + 1)]
    assert [c.value for c in cells] == niks[:2]
    assert all(isinstance(c.value, str) and c.number_format == "@" for c in cells)

    empty = tmp_path / "none.csv"
    run_cli(monkeypatch, capsys, "export", str(empty), "--kecamatan", "64.02.06", *db)
    assert len(empty.read_text(encoding="utf-8-sig").splitlines()) == 1


def test_serve_subprocess_on_port_zero(tmp_path):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server",
            "serve",
            "--port",
            "0",
            "--data-dir",
            str(tmp_path),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert "listening on http://127.0.0.1:" in line, line
        base = line.split("listening on ")[1].split()[0]
        health = httpx.get(f"{base}/api/v1/health", timeout=30)
        assert health.status_code == 200 and health.json()["protocol_versions"] == [1]
        missing = httpx.get(f"{base}/api/v1/nothing", timeout=30)
        assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert (tmp_path / "jempol-server.sqlite3").exists()


@pytest.mark.parametrize("bad", ["2025-13-01", "kemarin"])
def test_export_rejects_bad_dates(monkeypatch, capsys, tmp_path, bad):
    with pytest.raises(SystemExit):
        run_cli(monkeypatch, capsys, "export", str(tmp_path / "x.csv"), "--from", bad)
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_reference_publish(monkeypatch, capsys, db_url, live, client, tmp_path):
    from tests.server.conftest import auth_header

    live.add_user("ani")
    device = register(client, "ani")
    doc = tmp_path / "notice.json"
    doc.write_text('{"text": "Blangko e-KTP tiba hari Senin"}', encoding="utf-8")
    code, out, _ = run_cli(
        monkeypatch, capsys, "reference", "publish", "notice", str(doc), "--database-url", db_url
    )
    assert code == 0 and "published" in out
    changes = client.get("/api/v1/changes", headers=auth_header(device["token"])).json()
    assert [c["data"]["payload"]["text"] for c in changes["changes"]] == [
        "Blangko e-KTP tiba hari Senin"
    ]
    doc.write_text("{broken", encoding="utf-8")
    with pytest.raises(SystemExit, match="notice.json"):
        run_cli(
            monkeypatch, capsys, "reference", "publish", "x", str(doc), "--database-url", db_url
        )
