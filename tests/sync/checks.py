"""Assertions shared by the sync tests."""

from __future__ import annotations

from collections import Counter


def assert_converged(server, *laptops) -> None:
    """Every laptop record is on the server exactly once, at its latest local revision,
    and every laptop's outbox is fully acknowledged with no batch left waiting."""
    on_server = server.records()
    revisions = Counter((r["uuid"], r["revision"]) for r in server.record_revision_rows())
    assert [k for k, n in revisions.items() if n > 1] == []
    for laptop in laptops:
        store = laptop.store
        local = {
            r["uuid"]: r["revision"] for r in store.db.query("SELECT uuid, revision FROM requests")
        }
        local.update(
            {r["uuid"]: r["revision"] for r in store.db.query("SELECT uuid, revision FROM visits")}
        )
        for uuid, revision in local.items():
            assert uuid in on_server, f"{uuid} missing on the server"
            assert on_server[uuid]["revision"] == revision, uuid
        states = {r["sync_state"] for r in store.db.query("SELECT sync_state FROM requests")}
        assert states <= {"accepted"}, states
        status = store.sync_status()
        assert status["pending_changes"] == 0
        assert status["sealed_batches"] == 0
        assert store.outbox_acked_through() == store.last_outbox_id()


def local_batch_bodies(store) -> dict[str, bytes]:
    return {
        r["batch_uuid"]: r["body"]
        for r in store.db.query("SELECT batch_uuid, body FROM sync_batches WHERE state != 'void'")
    }
