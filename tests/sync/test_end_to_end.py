"""Requests recorded on a laptop reach the server; review decisions come back."""

from __future__ import annotations

from sync.cli import main as sync_main
from tests.sync.conftest import OFFICER, SUPERVISOR


def test_push_decide_pull_round_trip(server, laptop):
    laptop.register(server.base_url)
    records = laptop.add_requests(3)
    laptop.edit(records[0]["uuid"], phone="081234567890")  # revision 2

    with laptop.client() as client:
        report = client.run()

    assert report.exit_code == 0
    assert report.rejected == 0
    on_server = server.records()
    for record in records:
        assert record["uuid"] in on_server
    assert on_server[records[0]["uuid"]]["revision"] == 2
    assert on_server[records[0]["uuid"]]["data"]["phone"] == "081234567890"
    assert on_server[laptop.visit["uuid"]]["kind"] == "visit"
    assert laptop.store.pending_changes() == 0
    local = laptop.store.get_request(records[1]["uuid"])
    assert local["sync_state"] == "accepted"
    assert local["server_received_at"]

    server.decide(SUPERVISOR, records[1]["uuid"], "return", "Foto KK buram, unggah ulang")
    server.decide(SUPERVISOR, records[2]["uuid"], "approve")
    with laptop.client() as client:
        report = client.pull()
    assert report.changes_pulled == 2
    returned = laptop.store.get_request(records[1]["uuid"])
    assert returned["review_state"] == "returned"
    assert returned["review_comment"] == "Foto KK buram, unggah ulang"
    assert returned["review_by"] == SUPERVISOR
    assert returned["review_at"]
    assert laptop.store.get_request(records[2]["uuid"])["review_state"] == "approved"

    status = laptop.store.sync_status()
    assert status["pending_changes"] == 0
    assert status["sealed_batches"] == 0
    assert status["last_success_at"]
    assert status["last_error"] is None
    assert status["registered"] and status["officer_username"] == OFFICER


def test_cli_register_run_status(server, laptop, monkeypatch, capsys):
    import io
    import json

    laptop.add_requests(2)
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-123\n"))
    args = ["--data-dir", str(laptop.data_dir)]
    assert sync_main(["register", "--server", server.base_url, "--username", OFFICER, *args]) == 0
    assert sync_main(["run", *args]) == 0
    out = capsys.readouterr().out
    assert "Terkirim" in out
    assert sync_main(["status", "--json", *args]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["pending_changes"] == 0
    assert status["acked_batches"] == 1
    assert "token" not in json.dumps(status)
