"""Sync bookkeeping in the laptop store, without a server."""

from __future__ import annotations

import pytest

from app.store.database import dbapi
from sync import protocol


def _seal(store, size=100):
    return store.seal_next_batch("device-1", size, protocol.seal_batch)


def _result(batch, outcomes: dict[str, str] | None = None, revisions=None) -> dict:
    opened = protocol.open_batch(batch.body)
    return {
        "batch_uuid": batch.batch_uuid,
        "duplicate": False,
        "received_at": "2025-03-04T05:00:00.000Z",
        "server_time": "2025-03-04T05:00:00.000Z",
        "results": [
            {
                "uuid": r.uuid,
                "kind": r.kind,
                "revision": (revisions or {}).get(r.uuid, r.revision),
                "outcome": (outcomes or {}).get(r.uuid, "accepted"),
                "code": "invalid_record" if (outcomes or {}).get(r.uuid) == "rejected" else "",
                "message": "NIK tidak valid",
            }
            for r in opened.records
        ],
    }


def test_seal_takes_latest_revision_once_and_keeps_first_order(laptop):
    first, second = laptop.add_requests(2)
    laptop.edit(first["uuid"], notes="rev 2")
    laptop.edit(first["uuid"], notes="rev 3")
    batch = _seal(laptop.store)
    opened = protocol.open_batch(batch.body)
    kinds = [(r.kind, r.uuid, r.revision) for r in opened.records]
    assert kinds == [
        ("visit", laptop.visit["uuid"], 1),
        ("request", first["uuid"], 3),
        ("request", second["uuid"], 1),
    ]
    assert opened.records[1].data["notes"] == "rev 3"
    assert (batch.outbox_first, batch.outbox_last) == (1, 5)
    assert laptop.store.get_request(second["uuid"])["sync_state"] == "sent"
    assert _seal(laptop.store) is None  # nothing left unsealed


def test_sealed_batch_is_immutable_and_body_is_stable(laptop):
    laptop.add_requests(3)
    batch = _seal(laptop.store)
    assert laptop.store.unacked_batches()[0].body == batch.body
    with pytest.raises(dbapi.IntegrityError):
        laptop.store.db.execute(
            "UPDATE sync_batches SET body = ? WHERE batch_uuid = ?", [b"x", batch.batch_uuid]
        )
    assert protocol.open_batch(batch.body).content_sha256 == batch.content_sha256


def test_seal_respects_size_and_continues_after_last_sealed(laptop):
    laptop.add_requests(5)  # outbox 1 (visit) .. 6
    a = _seal(laptop.store, size=4)
    b = _seal(laptop.store, size=4)
    assert (a.outbox_first, a.outbox_last, b.outbox_first, b.outbox_last) == (1, 4, 5, 6)
    assert laptop.store.pending_changes() == 6
    laptop.store.ack_batch(a.batch_uuid, _result(a))
    assert laptop.store.pending_changes() == 2
    assert laptop.store.outbox_acked_through() == 4


def test_body_limit_shrinks_before_sealing(laptop):
    laptop.add_requests(20)
    batch = laptop.store.seal_next_batch("d", 100, protocol.seal_batch, max_body_bytes=1500)
    assert len(batch.body) <= 1500
    assert batch.record_count < 21


def test_ack_applies_outcomes_only_to_the_revision_sent(laptop):
    first, second = laptop.add_requests(2)
    batch = _seal(laptop.store)
    laptop.edit(first["uuid"], notes="edited after sealing")  # local revision 2
    counts = laptop.store.ack_batch(batch.batch_uuid, _result(batch, {second["uuid"]: "rejected"}))
    assert counts == {"accepted": 2, "rejected": 1, "stale": 0}
    assert laptop.store.get_request(first["uuid"])["sync_state"] == "pending"
    rejected = laptop.store.get_request(second["uuid"])
    assert (rejected["sync_state"], rejected["reject_code"]) == ("rejected", "invalid_record")
    assert laptop.store.get_batch(batch.batch_uuid)["result"]["rejected"] == 1
    with pytest.raises(ValueError):
        laptop.store.ack_batch(batch.batch_uuid, _result(batch))  # already acked
    assert laptop.store.pending_changes() == 1  # the edit


def test_void_batch_range_is_sealed_again(laptop):
    laptop.add_requests(4)
    big = _seal(laptop.store)
    laptop.store.void_batch(big.batch_uuid, "too_large")
    small = _seal(laptop.store, size=2)
    assert small.outbox_first == big.outbox_first
    assert [b["state"] for b in laptop.store.batches()] == ["void", "sealed"]


def test_apply_changes_sets_review_and_advances_cursor(laptop):
    (record,) = laptop.add_requests(1)
    change = {
        "seq": 4,
        "kind": "review",
        "entity_uuid": record["uuid"],
        "data": {
            "decision": "reject",
            "comment": "Dokumen tidak lengkap",
            "decided_by": "spv",
            "decided_at": "2025-03-05T01:00:00.000Z",
        },
    }
    older = {
        **change,
        "seq": 5,
        "data": {**change["data"], "decision": "approve", "decided_at": "2025-03-04T01:00:00.000Z"},
    }
    notice = {"seq": 6, "kind": "reference", "entity_uuid": "n1", "data": {"name": "x"}}
    assert laptop.store.apply_changes([change, older, notice], 6) == 1
    row = laptop.store.get_request(record["uuid"])
    assert (row["review_state"], row["review_comment"], row["review_by"]) == (
        "rejected",
        "Dokumen tidak lengkap",
        "spv",
    )
    assert laptop.store.pull_cursor() == 6
    laptop.store.apply_changes([], 3)
    assert laptop.store.pull_cursor() == 6  # never goes back


def test_registration_and_status(laptop):
    assert laptop.store.registration() is None
    laptop.store.save_registration("https://a", "dev", "tok", "laptop", "siti")
    laptop.store.apply_changes([], 9)
    laptop.store.save_registration("https://b", "dev2", "tok2", "laptop", "siti")
    assert laptop.store.pull_cursor() == 0  # another server: start over
    status = laptop.store.sync_status()
    assert status["server_url"] == "https://b"
    assert "tok2" not in repr(status)
