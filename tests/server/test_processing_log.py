"""The processing log (UU PDP art. 31): who read or exported which records, and the
``jempol-server audit`` command that reads it back."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text, update

from server import cli, processing_log
from server.db import processing_log as log_table
from server.db import utcnow
from tests.server.conftest import (
    KECAMATAN,
    OTHER_KECAMATAN,
    PASSWORD,
    auth_header,
    envelope,
    put_batch,
    register,
    request_data,
    sealed,
)


@pytest.fixture
def pushed(live, client):
    """Three requests of one officer in KECAMATAN, a supervisor there and one elsewhere."""
    live.add_user("petugas", "officer", KECAMATAN)
    live.add_user("spv", "supervisor", KECAMATAN)
    live.add_user("spv_lain", "supervisor", OTHER_KECAMATAN)
    device = register(client, "petugas")
    uuids = [str(uuid.uuid4()) for _ in range(3)]
    records = [envelope(u, data=request_data(serial=i + 1)) for i, u in enumerate(uuids)]
    batch, body = sealed(device["device_id"], records)
    assert put_batch(client, device["token"], batch.batch_uuid, body).status_code == 200
    return {"uuids": uuids, "batch": batch.batch_uuid, "niks": [r.data["nik"] for r in records]}


def _login(client, username: str) -> dict:
    resp = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    return auth_header(resp.json()["token"])


def _entries(live, **filters) -> list[dict]:
    with live.engine.connect() as conn:
        return processing_log.entries(conn, **filters)


def test_reads_and_exports_are_logged_with_who_what_and_where(live, client, pushed):
    spv = _login(client, "spv")
    assert (
        client.get(f"/api/v1/review/records/{pushed['uuids'][0]}", headers=spv).status_code == 200
    )
    listed = client.get("/api/v1/review/records", params={"limit": 2}, headers=spv)
    assert listed.status_code == 200
    exported = client.get("/api/v1/export/records", headers=spv)
    assert exported.status_code == 200 and exported.json()["total"] == 3
    assert client.get("/api/v1/dashboard", headers=spv).status_code == 200
    assert client.get("/api/v1/review/batches", headers=spv).status_code == 200

    rows = _entries(live, user="spv")
    assert [r["action"] for r in rows] == [
        "read_record",
        "list_records",
        "export",
        "dashboard",
        "list_batches",
    ]
    read, listing, export, dashboard, batches = rows
    assert read["record_uuids"] == [pushed["uuids"][0]] and read["record_count"] == 1
    assert sorted(listing["record_uuids"]) == sorted(i["uuid"] for i in listed.json()["items"])
    assert listing["record_count"] == 2
    assert sorted(export["record_uuids"]) == sorted(pushed["uuids"])
    assert dashboard["record_uuids"] == [] and '"date_from"' in dashboard["detail"]
    assert batches["record_count"] == 1 and batches["record_uuids"] == []
    for row in rows:
        assert row["client_ip"] == "127.0.0.1"
        assert row["actor"] == "spv" and row["user_id"] is not None and row["at"].endswith("Z")


def test_a_record_can_be_traced_and_searches_never_store_a_nik(live, client, pushed):
    spv = _login(client, "spv")
    nik = pushed["niks"][1]
    found = client.get("/api/v1/review/records", params={"q": nik}, headers=spv)
    assert found.status_code == 200 and [i["uuid"] for i in found.json()["items"]] == [
        pushed["uuids"][1]
    ]
    client.get("/api/v1/review/records", params={"q": "Siti"}, headers=spv)
    decided = client.post(
        f"/api/v1/records/{pushed['uuids'][1]}/decision",
        json={"decision": "return", "comment": "foto KK buram"},
        headers=spv,
    )
    assert decided.status_code == 200

    trail = _entries(live, record=pushed["uuids"][1])
    assert [r["action"] for r in trail] == ["list_records", "list_records", "decision"]
    assert '"q": "digits:16"' in trail[0]["detail"] and '"q": "text:4"' in trail[1]["detail"]
    assert '"decision": "return"' in trail[2]["detail"]
    assert _entries(live, record=pushed["uuids"][0], action="decision") == []
    with live.engine.connect() as conn:
        dump = " ".join(
            str(v) for row in conn.execute(text("SELECT * FROM processing_log")) for v in row
        )
    for value in (*pushed["niks"], "Siti", "Aminah", "foto KK"):
        assert value not in dump


def test_refused_reads_write_nothing(live, client, pushed):
    other = _login(client, "spv_lain")
    resp = client.get(f"/api/v1/review/records/{pushed['uuids'][0]}", headers=other)
    assert resp.status_code == 403 and resp.json()["code"] == "forbidden_scope"
    assert client.get("/api/v1/review/records/nope", headers=other).status_code == 404
    assert live.count("processing_log") == 0 and live.count("processing_log_records") == 0


def test_device_reads_of_target_lists_and_relays_are_logged(live, client, pushed):
    device = register(client, "petugas")
    token = auth_header(device["token"])
    assert client.get("/api/v1/targets", headers=token).status_code == 200
    relayed = client.post(
        "/api/v1/relay",
        content=b"JEMPOLB1 broken",
        headers={**token, "Content-Type": "application/vnd.jempol.bundle"},
    )
    assert relayed.status_code == 200 and relayed.json()["status"] == "refused"
    targets, relay = _entries(live, user="petugas")
    assert targets["action"] == "targets_read" and targets["device_id"] == device["device_id"]
    assert relay["action"] == "import_bundle" and '"status": "refused"' in relay["detail"]


def _audit(url: str, capsys, *args: str) -> str:
    assert cli.main(["audit", "--database-url", url, *args]) == 0
    return capsys.readouterr().out


def test_audit_command_filters_and_formats(live, client, pushed, capsys, tmp_path):
    spv = _login(client, "spv")
    client.get(f"/api/v1/review/records/{pushed['uuids'][0]}", headers=spv)
    client.get("/api/v1/export/records", headers=spv)
    # An older entry, from the server's own export command, on another day.
    out_file = tmp_path / "semua.csv"
    assert cli.main(["export", str(out_file), "--database-url", live.url]) == 0
    capsys.readouterr()
    with live.engine.begin() as conn:
        conn.execute(
            update(log_table)
            .where(log_table.c.actor.like("cli:%"))
            .values(at=utcnow() - timedelta(days=10))
        )

    table = _audit(live.url, capsys)
    assert "3 entries" in table and "read_record" in table and "cli:" in table
    assert "AT (UTC)" in table.splitlines()[0]

    only_spv = _audit(live.url, capsys, "--user", "spv", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(only_spv)))
    assert [r["action"] for r in rows] == ["read_record", "export"]
    assert sorted(rows[1]["record_uuids"].split()) == sorted(pushed["uuids"])
    assert rows[0]["client_ip"] == "127.0.0.1" and rows[0]["record_count"] == "1"

    traced = list(
        csv.DictReader(
            io.StringIO(_audit(live.url, capsys, "--record", pushed["uuids"][2], "--format", "csv"))
        )
    )
    assert [(r["actor"].split(":")[0], r["action"]) for r in traced] == [
        ("cli", "export"),
        ("spv", "export"),
    ]
    today = date.today().isoformat()  # (days are WITA; each bound below has a day of slack)
    recent = _audit(live.url, capsys, "--from", (date.today() - timedelta(days=1)).isoformat())
    assert "2 entries" in recent and "cli:" not in recent
    old = _audit(live.url, capsys, "--to", (date.today() - timedelta(days=5)).isoformat())
    assert "1 entry" in old and "cli:" in old
    exports = _audit(live.url, capsys, "--action", "export", "--to", today, "--limit", "1")
    assert "1 entry" in exports and "cli:" in exports


def test_audit_refuses_an_unknown_action(live, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["audit", "--database-url", live.url, "--action", "peek"])
    assert stop.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_record_access_is_set_based_and_rejects_unknown_actions(live):
    many = [str(uuid.uuid4()) for _ in range(1234)]
    actor = processing_log.Actor("admin", 1, None, "10.1.2.3")
    with live.engine.begin() as conn:
        log_id = processing_log.record_access(
            conn, actor, "export", record_uuids=many + many[:10], detail={"file": "x.xlsx"}
        )
        with pytest.raises(ValueError):
            processing_log.record_access(conn, actor, "peek")
    assert live.count("processing_log_records") == 1234
    with live.engine.connect() as conn:
        stored = conn.execute(select(log_table).where(log_table.c.id == log_id)).mappings().one()
    assert stored["record_count"] == 1234 and stored["client_ip"] == "10.1.2.3"
    assert processing_log.describe_search("6402 05") == "digits:6"
    assert processing_log.describe_search("") is None


def test_migration_0004_upgrades_and_downgrades(tmp_path):
    from alembic import command
    from sqlalchemy import inspect

    from server.db import make_engine
    from server.migrate import alembic_config, current_revision, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    upgrade(engine, "0003_targets")
    assert "processing_log" not in inspect(engine).get_table_names()
    upgrade(engine, "0004_processing_log")
    assert current_revision(engine) == "0004_processing_log"
    tables = set(inspect(engine).get_table_names())
    assert {"processing_log", "processing_log_records"} <= tables
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0003_targets")
    assert "processing_log_records" not in inspect(engine).get_table_names()
    engine.dispose()
