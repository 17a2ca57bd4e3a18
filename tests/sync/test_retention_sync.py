"""Retention against the real server: push, approve on the server, pull, purge."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from sync.cli import main as sync_main
from sync.errors import SyncError
from tests.store.factories import TODAY
from tests.sync.conftest import SUPERVISOR, fast_config

LONG_AGO_RECEIVED = "2025-01-01T00:00:00.000Z"
LONG_AGO_APPROVED = "2025-01-02T00:00:00.000Z"


def server_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def age_approval(store, uuid: str) -> None:
    """As if the server had received and approved the record in January."""
    store.db.execute(
        "UPDATE requests SET server_received_at = ?, review_at = ? WHERE uuid = ?",
        [LONG_AGO_RECEIVED, LONG_AGO_APPROVED, uuid],
    )


def test_approved_record_leaves_the_laptop_and_stays_on_the_server(server, laptop):
    laptop.register(server.base_url)
    records = laptop.add_requests(3)
    with laptop.client() as client:
        client.run()
    server.decide(SUPERVISOR, records[0]["uuid"], "approve")
    server.decide(SUPERVISOR, records[1]["uuid"], "return", "Foto KK buram")
    with laptop.client() as client:
        report = client.run()  # pulls the decisions; the approval is minutes old
    assert (report.purged, report.retention_days) == (0, 30)
    approved = laptop.store.get_request(records[0]["uuid"])
    assert (approved["sync_state"], approved["review_state"]) == ("accepted", "approved")
    summary = laptop.store.daily_summary(TODAY)

    approved_at = server_time(approved["review_at"])
    assert laptop.store.purge_expired(now=approved_at + timedelta(days=29)).requests == 0
    result = laptop.store.purge_expired(now=approved_at + timedelta(days=31))

    assert result.requests == 1
    assert laptop.store.get_request(records[0]["uuid"]) is None
    assert laptop.store.get_request(records[1]["uuid"])["review_state"] == "returned"
    assert laptop.store.get_request(records[2]["uuid"]) is not None
    assert laptop.store.daily_summary(TODAY) == summary
    on_server = server.records()
    assert all(r["uuid"] in on_server for r in records)  # the server keeps everything
    # The laptop's sync state is intact: nothing is sent again, nothing is missing.
    with laptop.client() as client:
        again = client.run()
    assert again.records_sent == 0 and again.rejected == 0
    assert laptop.store.pending_changes() == 0
    assert laptop.store.sync_status()["last_error"] is None


def test_scheduled_run_purges_after_a_successful_sync(server, laptop, capsys):
    laptop.register(server.base_url)
    records = laptop.add_requests(2)
    with laptop.client() as client:
        client.run()
    server.decide(SUPERVISOR, records[0]["uuid"], "approve")
    server.decide(SUPERVISOR, records[1]["uuid"], "approve")
    with laptop.client() as client:
        assert client.pull().changes_pulled == 2
    age_approval(laptop.store, records[0]["uuid"])

    assert sync_main(["run", "--data-dir", str(laptop.data_dir)]) == 0

    out = capsys.readouterr().out
    assert "Dihapus dari laptop ini: 1 data" in out and "30 hari" in out
    assert laptop.store.get_request(records[0]["uuid"]) is None
    assert laptop.store.get_request(records[1]["uuid"]) is not None  # approved today


def test_failed_run_does_not_purge(server, proxy, laptop):
    laptop.register(proxy.url)
    (record,) = laptop.add_requests(1)
    with laptop.client() as client:
        client.run()
    server.decide(SUPERVISOR, record["uuid"], "approve")
    with laptop.client() as client:
        client.pull()
    age_approval(laptop.store, record["uuid"])
    laptop.add_requests(1)  # something to send
    proxy.set_offline(True)
    with laptop.client(config=fast_config(retries=0)) as client, pytest.raises(SyncError):
        client.run()
    assert laptop.store.get_request(record["uuid"]) is not None
    assert laptop.store.purge_expired().requests == 1  # it was due: only the failure kept it


def test_app_sync_purges_on_the_worker_and_says_so(qtbot, server, laptop, window):
    controller = window.sync_controller
    laptop.register(server.base_url)
    records = laptop.add_requests(2)
    with laptop.client() as client:
        client.run()
    server.decide(SUPERVISOR, records[0]["uuid"], "approve")
    with laptop.client() as client:
        client.pull()
    age_approval(laptop.store, records[0]["uuid"])

    with qtbot.waitSignal(controller.finished, timeout=30000) as finished:
        assert controller.sync_now()
    report = finished.args[0]
    assert report["purged"] == 1
    assert laptop.store.get_request(records[0]["uuid"]) is None
    assert "dihapus dari laptop ini" in window.statusBar().currentMessage()
    assert window.all_list.model.total == 1  # the lists were refreshed
