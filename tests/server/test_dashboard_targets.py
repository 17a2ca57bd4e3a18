"""Target lists (import, pull, coverage) and the dashboard aggregates, over HTTP.

Real server on loopback, SQLite and PostgreSQL (the ``live`` fixture is parametrised);
targets imported with the real ``jempol-server targets import`` command; requests pushed
through the real ingest.
"""

from __future__ import annotations

import contextlib
import io
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from app.domain.nik import make_nik
from app.domain.regions import regions
from server.cli import main as server_main
from server.targets import TargetFileError, read_rows
from sync.dashboard_protocol import COVERAGE_TARGET, Dashboard, TargetsPage
from tests.server.conftest import (
    KECAMATAN,
    OTHER_KECAMATAN,
    auth_header,
    envelope,
    put_batch,
    request_data,
    sealed,
)

DESA_A = regions().desa_of(KECAMATAN)[0].code
DESA_A2 = regions().desa_of(KECAMATAN)[1].code
DESA_B = regions().desa_of(OTHER_KECAMATAN)[0].code
RANGE = {"date_from": "2025-05-01", "date_to": "2025-06-30"}


def nik(serial: int, kecamatan: str = KECAMATAN, born=date(1990, 5, 17), sex="P") -> str:
    return make_nik(kecamatan, born, sex, serial)


def run_cli(live, *argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = server_main([*argv, "--database-url", live.url])
    return code, out.getvalue(), err.getvalue()


def write_csv(path, rows: list[list[str]], delimiter=",") -> str:
    text = "\n".join(delimiter.join(row) for row in rows) + "\n"
    path.write_text(text, encoding="utf-8-sig")
    return str(path)


def push(client, device: dict, envelopes: list) -> list[str]:
    batch, body = sealed(device["device_id"], envelopes)
    resp = put_batch(client, device["token"], batch.batch_uuid, body)
    assert resp.status_code == 200, resp.text
    outcomes = [r["outcome"] for r in resp.json()["results"]]
    assert outcomes == ["accepted"] * len(envelopes), resp.text
    return [e.uuid for e in envelopes]


def push_requests(client, device, datas: list[dict]) -> list[str]:
    return push(client, device, [envelope(str(uuid.uuid4()), data=d) for d in datas])


def stock_envelope(kind: str, quantity: int, at: str = "2025-06-01T02:00:00.000Z"):
    record_uuid = str(uuid.uuid4())
    data = {"uuid": record_uuid, "kind": kind, "quantity": quantity, "at": at, "note": ""}
    env = envelope(record_uuid, data=data, kind="stock")
    env.device_time = at  # the movement's time on the laptop
    return env


def get_dashboard(client, who, **params) -> Dashboard:
    resp = client.get("/api/v1/dashboard", params=params, headers=who)
    assert resp.status_code == 200, resp.text
    return Dashboard.model_validate(resp.json())


def get_targets(client, who, **params) -> TargetsPage:
    resp = client.get("/api/v1/targets", params=params, headers=who)
    assert resp.status_code == 200, resp.text
    return TargetsPage.model_validate(resp.json())


def coverage_of(board: Dashboard, kecamatan: str):
    return next(row for row in board.coverage if row.kecamatan_code == kecamatan)


def target_count(live) -> int:
    return live.count("targets")


# --------------------------------------------------------------------------- import


def test_import_reports_bad_rows_by_line_and_writes_none_of_them(live, tmp_path):
    path = write_csv(
        tmp_path / "targets.csv",
        [
            ["kode_desa", "NIK", "Nama", "alamat"],
            [DESA_A, nik(1), "Siti Aminah", "RT 01"],
            [DESA_A, "64020512345", "Pendek", ""],  # line 3: NIK too short
            ["64.02.99.9999", nik(2), "Desa Salah", ""],  # line 4: unknown desa
            [DESA_A2, nik(3), "", ""],  # line 5: no name
            [DESA_A, nik(1), "Siti Lagi", ""],  # line 6: same NIK + service as line 2
            ["", "", "", ""],  # blank: skipped
            [DESA_B, nik(4, OTHER_KECAMATAN), "Rudi Warga", ""],
        ],
        delimiter=";",
    )
    code, out, err = run_cli(live, "targets", "import", path)
    assert code == 1
    lines = err.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["baris 3", "baris 4", "baris 5", "baris 6"]
    assert lines[0].startswith("baris 3: nik: ") and "16" in lines[0]
    assert "baris 4: desa_code: Kode desa/kelurahan 64.02.99.9999 tidak dikenal" in err
    assert "baris 5: name: Nama wajib diisi." in err
    assert "baris 6: nik: " in err and "baris 2" in err
    assert "2 added" in out and "4 refused" in out
    for line in lines:  # messages never repeat the typed NIK
        assert nik(1) not in line and nik(3) not in line
    with live.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT nik, name, desa_code, kecamatan_code FROM targets"))
        stored = sorted(tuple(r) for r in rows)
    assert stored == sorted(
        [
            (nik(1), "Siti Aminah", DESA_A, KECAMATAN),
            (nik(4, OTHER_KECAMATAN), "Rudi Warga", DESA_B, OTHER_KECAMATAN),
        ]
    )

    # the same file again: nothing changes, nothing new in the feed
    code, out, _err = run_cli(live, "targets", "import", path)
    assert code == 1 and "0 added, 0 updated, 2 unchanged" in out
    assert target_count(live) == 2


def test_import_xlsx_with_numeric_nik_and_english_messages(live, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["desa_code", "nik", "name", "service"])
    sheet.append([DESA_A, int(nik(7)), "Angka Excel", "ktp_recording"])
    sheet.append([DESA_A, nik(8), "Layanan Salah", "passport"])
    path = tmp_path / "targets.xlsx"
    book.save(path)
    code, out, err = run_cli(live, "targets", "import", str(path), "--lang", "en")
    assert code == 1
    assert err.startswith("line 3: service: Unknown service passport")
    with live.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT nik FROM targets")).scalar_one() == nik(7)


def test_unusable_files_are_refused_whole(live, tmp_path):
    missing_column = write_csv(tmp_path / "a.csv", [["desa_code", "name"], [DESA_A, "X"]])
    code, _out, err = run_cli(live, "targets", "import", missing_column)
    assert code == 2 and "Kolom wajib tidak ada: nik" in err
    wrong_type = tmp_path / "a.txt"
    wrong_type.write_text("x")
    code, _out, err = run_cli(live, "targets", "import", str(wrong_type))
    assert code == 2 and ".csv atau .xlsx" in err
    with pytest.raises(TargetFileError, match="tidak dapat dibaca"):
        list(read_rows(tmp_path / "absent.xlsx"))
    assert target_count(live) == 0


# --------------------------------------------------------------------------- pull, scope


def test_pull_is_scoped_to_the_kecamatan_and_pages_by_cursor(live, client, team, tmp_path):
    rows = [["desa_code", "nik", "name"]]
    rows += [[DESA_A, nik(s), f"Warga A{s}"] for s in range(1, 6)]
    rows += [[DESA_B, nik(s, OTHER_KECAMATAN), f"Warga B{s}"] for s in range(1, 4)]
    code, _out, _err = run_cli(live, "targets", "import", write_csv(tmp_path / "t.csv", rows))
    assert code == 0

    ani = auth_header(team["ani"]["token"])  # a field laptop (device token)
    first = get_targets(client, ani, limit=3)
    assert [t.kecamatan_code for t in first.items] == [KECAMATAN] * 3 and first.has_more
    rest = get_targets(client, ani, since=first.next_cursor, limit=3)
    assert not rest.has_more and len(rest.items) == 2
    pulled = first.items + rest.items
    assert sorted(t.nik for t in pulled) == sorted(nik(s) for s in range(1, 6))
    assert all(t.birth_date == "1990-05-17" and t.sex == "P" for t in pulled)
    assert get_targets(client, ani, since=rest.next_cursor).items == []

    # supervisor of A cannot see B's list; B's supervisor sees only B; admin chooses
    resp = client.get("/api/v1/targets", params={"kecamatan": OTHER_KECAMATAN}, headers=ani)
    assert resp.status_code == 403 and resp.json()["code"] == "forbidden_scope"
    resp = client.get(
        "/api/v1/targets", params={"kecamatan": OTHER_KECAMATAN}, headers=team["budi"]
    )
    assert resp.status_code == 403 and resp.json()["code"] == "forbidden_scope"
    assert {t.kecamatan_code for t in get_targets(client, team["eka"]).items} == {OTHER_KECAMATAN}
    assert len(get_targets(client, team["root"]).items) == 8
    assert len(get_targets(client, team["root"], kecamatan=OTHER_KECAMATAN).items) == 3
    assert client.get("/api/v1/targets").status_code == 401

    # --replace: residents of the file's desa not in it are removed, in the feed
    keep = write_csv(tmp_path / "keep.csv", [["desa_code", "nik", "name"], rows[1], rows[2]])
    code, out, _err = run_cli(live, "targets", "import", keep, "--replace")
    assert code == 0 and "3 removed" in out
    changes = get_targets(client, ani, since=rest.next_cursor)
    assert sorted(t.nik for t in changes.items) == sorted(nik(s) for s in (3, 4, 5))
    assert all(t.removed for t in changes.items)
    assert len(get_targets(client, team["eka"]).items) == 3  # B untouched


# --------------------------------------------------------------------------- coverage


def test_serving_a_target_resident_raises_coverage(live, client, team, tmp_path):
    rows = [["desa_code", "nik", "name"]] + [[DESA_A, nik(s), f"Warga {s}"] for s in (1, 2, 3, 4)]
    assert run_cli(live, "targets", "import", write_csv(tmp_path / "t.csv", rows))[0] == 0

    before = coverage_of(get_dashboard(client, team["budi"], **RANGE), KECAMATAN)
    assert (before.targets, before.served, before.coverage) == (4, 0, 0.0)

    # a KK change for a target NIK does not count; an e-KTP recording does
    push_requests(client, team["ani"], [request_data(2, service="kk_change")])
    [served] = push_requests(client, team["ani"], [request_data(1)])
    board = get_dashboard(client, team["budi"], **RANGE)
    after = coverage_of(board, KECAMATAN)
    assert (after.targets, after.served, after.coverage) == (4, 1, 0.25)
    assert board.coverage_target == COVERAGE_TARGET == 0.994
    assert [r.kecamatan_code for r in board.coverage] == [KECAMATAN]

    # a request from another officer of the kecamatan counts too; a rejected one does not
    push_requests(client, team["dedi"], [request_data(3)])
    assert coverage_of(get_dashboard(client, team["budi"], **RANGE), KECAMATAN).served == 2
    resp = client.post(
        f"/api/v1/records/{served}/decision",
        json={"decision": "reject", "comment": "bukan orang yang sama"},
        headers=team["budi"],
    )
    assert resp.status_code == 200, resp.text
    assert coverage_of(get_dashboard(client, team["budi"], **RANGE), KECAMATAN).served == 1
    admin = get_dashboard(client, team["root"], **RANGE)
    assert len(admin.coverage) == 20 and coverage_of(admin, OTHER_KECAMATAN).coverage is None


# --------------------------------------------------------------------------- dashboard


def test_dashboard_aggregates_match_the_pushed_data(live, client, team):
    day1, day2 = "2025-06-01", "2025-06-02"
    push_requests(
        client,
        team["ani"],
        [
            request_data(1, visit_date=day1),
            request_data(2, visit_date=day1, service="kk_change"),
            request_data(3, visit_date=day2),
            request_data(4, visit_date=day2, status="cancelled", cancel_reason="salah input"),
        ],
    )
    dedi_uuids = push_requests(client, team["dedi"], [request_data(5, visit_date=day2)])
    push_requests(client, team["rudi"], [request_data(6, OTHER_KECAMATAN, visit_date=day1)])
    push(client, team["ani"], [stock_envelope("receipt", 50), stock_envelope("print", -2)])
    push(
        client,
        team["dedi"],
        [
            stock_envelope("receipt", 20, at="2025-04-01T02:00:00.000Z"),  # before the range
            stock_envelope("spoiled", -1),
        ],
    )

    board = get_dashboard(client, team["budi"], **RANGE)
    assert board.kecamatan_code == KECAMATAN
    assert [(d.day, d.kecamatan_code, d.count) for d in board.daily] == [
        (day1, KECAMATAN, 2),
        (day2, KECAMATAN, 2),  # the cancelled request is not counted
    ]
    assert {(s.service, s.count) for s in board.services} == {
        ("ktp_recording", 3),
        ("kk_change", 1),
    }
    [backlog] = board.backlog
    assert backlog.pending == 5 and backlog.buckets == [5, 0, 0, 0, 0, 0]
    stock = {team.team: team for team in board.stock}
    assert set(stock) == {"Tim 1", "Tim 2"}
    assert (stock["Tim 1"].balance, stock["Tim 1"].received, stock["Tim 1"].printed) == (
        48,
        50,
        2,
    )
    assert (stock["Tim 2"].balance, stock["Tim 2"].received, stock["Tim 2"].spoiled) == (
        19,
        0,
        1,
    )
    assert stock["Tim 1"].officers == ["ani"] and stock["Tim 1"].last_reported_at

    # a decision shrinks the backlog; an old unreviewed record moves to an older bucket
    resp = client.post(
        f"/api/v1/records/{dedi_uuids[0]}/decision",
        json={"decision": "approve", "comment": ""},
        headers=team["budi"],
    )
    assert resp.status_code == 200, resp.text
    ten_days_ago = datetime.now(UTC) - timedelta(days=10)
    with live.engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE records SET server_received_at = :t WHERE uuid = ("
                "SELECT MIN(uuid) FROM records WHERE kind = 'request' AND officer_id = "
                "(SELECT id FROM users WHERE username = 'ani'))"
            ),
            {"t": ten_days_ago},
        )
    [backlog] = get_dashboard(client, team["budi"], **RANGE).backlog
    assert backlog.pending == 4 and backlog.buckets == [3, 0, 0, 1, 0, 0]

    # admin: every kecamatan; only the range's days
    admin = get_dashboard(client, team["root"], date_from=day2, date_to=day2)
    assert admin.kecamatan_code is None and len(admin.backlog) == 20
    assert [(d.day, d.count) for d in admin.daily] == [(day2, 2)]
    eka = get_dashboard(client, team["eka"], **RANGE)
    assert [(d.day, d.count) for d in eka.daily] == [(day1, 1)] and eka.stock == []


def test_dashboard_refuses_other_scopes_and_bad_ranges(live, client, team):
    resp = client.get(
        "/api/v1/dashboard", params={"kecamatan": OTHER_KECAMATAN}, headers=team["budi"]
    )
    assert resp.status_code == 403 and resp.json()["code"] == "forbidden_scope"
    officer = auth_header(team["ani"]["token"])
    assert client.get("/api/v1/dashboard", headers=officer).status_code == 403
    resp = client.get(
        "/api/v1/dashboard",
        params={"date_from": "2025-06-02", "date_to": "2025-06-01"},
        headers=team["root"],
    )
    assert resp.status_code == 400 and "date_from" in resp.json()["message"]
    resp = client.get(
        "/api/v1/dashboard",
        params={"date_from": "2023-01-01", "date_to": "2025-06-01"},
        headers=team["root"],
    )
    assert resp.status_code == 400
    default = get_dashboard(client, team["budi"])
    span = date.fromisoformat(default.date_to) - date.fromisoformat(default.date_from)
    assert span.days == 29
