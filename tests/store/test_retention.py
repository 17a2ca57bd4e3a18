"""Retention: approved, acknowledged requests leave the laptop; everything else stays.

The server's side is played by the store's own sync API with answers shaped like the
server's (``sync.protocol`` seals the batches); tests/sync/test_retention_sync.py runs
the same against the real server.
"""

from __future__ import annotations

import itertools
import os
import zlib
from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app.store import RequestFilter, Store, StoreError
from app.store.database import dbapi
from app.store.retention import (
    DEFAULT_RETENTION_DAYS,
    FTS_PENDING_SETTING,
    RETENTION_SETTING,
    valid_retention_days,
)
from sync import protocol
from tests.store.factories import KECAMATAN, TODAY, new_visit, request_input

RECEIVED = "2025-03-04T05:00:00.000Z"  # the server received the first sync
APPROVED = "2025-03-05T01:00:00.000Z"  # 36 days before NOW
LATER = "2025-03-06T05:00:00.000Z"  # a second sync, after the approvals
RECENT = "2025-04-01T01:00:00.000Z"  # 9 days before NOW
NOW = datetime(2025, 4, 10, tzinfo=UTC)
DEVICE = "device-1"

# Names whose words appear nowhere else in these tests (the file is searched for them).
PURGED_NAMES = {
    "purge_plain": "Zulkarnain Pratikno",
    "purge_print": "Yohanes Wibisono",
    "purge_cancelled": "Theresia Kusumawati",
    "house_call": "Gregorius Manurung",
}
SERIALS = {
    "purge_plain": 11,
    "purge_print": 12,
    "purge_cancelled": 13,
    "house_call": 14,
    "keep_pending": 21,
    "keep_sent": 22,
    "keep_stale": 23,
    "keep_server_rejected": 24,
    "keep_returned": 25,
    "keep_supervisor_rejected": 26,
    "keep_recent": 27,
    "keep_unreviewed": 28,
}
PURGED = set(PURGED_NAMES)
KEPT = set(SERIALS) - PURGED
_change_seq = itertools.count(1)


def server_answer(batch, received_at: str, rejected: set[str] = frozenset()) -> dict:
    opened = protocol.open_batch(batch.body)
    return {
        "batch_uuid": batch.batch_uuid,
        "duplicate": False,
        "received_at": received_at,
        "server_time": received_at,
        "results": [
            {
                "uuid": r.uuid,
                "kind": r.kind,
                "revision": r.revision,
                "outcome": "rejected" if r.uuid in rejected else "accepted",
                "code": "invalid_record" if r.uuid in rejected else "",
                "message": "",
            }
            for r in opened.records
        ],
    }


def sync(store: Store, received_at: str, rejected: set[str] = frozenset(), size: int = 4) -> None:
    """Seal every pending change (``size`` entries a batch) and acknowledge it."""
    while (batch := store.seal_next_batch(DEVICE, size, protocol.seal_batch)) is not None:
        store.ack_batch(batch.batch_uuid, server_answer(batch, received_at, rejected))


def decide(store: Store, uuid: str, decision: str, at: str) -> None:
    seq = next(_change_seq)
    change = {
        "seq": seq,
        "kind": "review",
        "entity_uuid": uuid,
        "data": {"decision": decision, "comment": "", "decided_by": "spv", "decided_at": at},
    }
    assert store.apply_changes([change], seq) == 1


def target_item(nik: str, service: str, seq: int, name: str) -> dict:
    return {
        "seq": seq,
        "nik": nik,
        "service": service,
        "desa_code": "64.02.01.2001",
        "kecamatan_code": KECAMATAN,
        "name": name,
        "address": "Jl. Melati",
        "removed": False,
    }


@pytest.fixture
def scene(store, officer, visit):
    """One request per case of the rules, synced and reviewed as each case needs."""
    oid = officer["id"]
    store.receive_stock(oid, 5)
    house = store.start_visit(
        oid,
        visit_date=TODAY,
        kecamatan_code=KECAMATAN,
        desa_code="64.02.01.2001",
        site="rumah",
        site_note="Rumah Gregorius Manurung, lansia",
        area_type="inland",
        latitude=-0.4321,
        longitude=116.9876,
    )
    records: dict[str, dict] = {}
    for key, serial in SERIALS.items():
        changes = {"name": PURGED_NAMES[key]} if key in PURGED_NAMES else {}
        if key == "purge_print":
            changes.update(service="ktp_printing", status="done")
        target_visit = house if key == "house_call" else visit
        records[key] = store.save_request(
            oid, target_visit["uuid"], request_input(serial, **changes), today=TODAY
        )
    store.end_visit(house["uuid"], oid)
    store.cancel_request(oid, records["purge_cancelled"]["uuid"], "Warga pindah")
    # Target list: the residents of purge_plain, purge_cancelled and keep_pending.
    store.begin_targets_pull("https://server officer")
    store.apply_targets(
        [
            target_item(records[k]["nik"], records[k]["service"], i + 1, "Target")
            for i, k in enumerate(("purge_plain", "purge_cancelled", "keep_pending"))
        ],
        3,
    )
    uuid = {k: r["uuid"] for k, r in records.items()}
    sync(store, RECEIVED, rejected={uuid["keep_server_rejected"]})
    for key in (*PURGED, "keep_pending", "keep_sent", "keep_stale"):
        decide(store, uuid[key], "approve", APPROVED)
    decide(store, uuid["keep_recent"], "approve", RECENT)
    decide(store, uuid["keep_returned"], "return", APPROVED)
    decide(store, uuid["keep_supervisor_rejected"], "reject", APPROVED)
    # keep_stale: corrected after its approval and accepted again; not re-approved yet.
    edit(store, oid, visit, records, "keep_stale")
    sync(store, LATER)
    # keep_sent: corrected, sealed, no answer yet. keep_pending: corrected, not sent.
    edit(store, oid, visit, records, "keep_sent")
    assert store.seal_next_batch(DEVICE, 10, protocol.seal_batch) is not None
    edit(store, oid, visit, records, "keep_pending")
    return {"records": records, "uuid": uuid, "house": house, "officer": officer}


def edit(store, oid, visit, records, key):
    data = request_input(SERIALS[key], phone="081234567890")
    records[key] = store.save_request(oid, visit["uuid"], data, uuid=records[key]["uuid"])


def snapshot(store: Store, visit_uuids: list[str]) -> dict:
    return {
        "day": store.daily_summary(TODAY),
        "visits": {v: store.daily_summary(TODAY, v) for v in visit_uuids},
    }


def rows(store: Store, sql: str, params=()) -> list[dict]:
    return [dict(r) for r in store.db.query(sql, params)]


def test_purge_removes_exactly_the_eligible_requests(store, scene):
    uuid, records, house = scene["uuid"], scene["records"], scene["house"]
    visit_uuids = [records["keep_pending"]["visit_uuid"], house["uuid"]]
    before = snapshot(store, visit_uuids)
    kept_before = {k: store.get_request(uuid[k]) for k in KEPT}
    history_before = {k: store.request_history(uuid[k]) for k in KEPT}
    balance = store.stock_balance(scene["officer"]["id"])
    pending, acked_through = store.pending_changes(), store.outbox_acked_through()
    batches_before = store.batches()
    sealed = store.unacked_batches()
    assert len(sealed) == 1
    assert store.purgeable_count(NOW) == len(PURGED)
    # Stored states of the cases the rules tell apart.
    assert kept_before["keep_pending"]["sync_state"] == "pending"
    assert kept_before["keep_sent"]["sync_state"] == "sent"
    assert kept_before["keep_stale"]["sync_state"] == "accepted"
    assert kept_before["keep_stale"]["review_state"] == "approved"  # of revision 1
    assert kept_before["keep_server_rejected"]["sync_state"] == "rejected"

    result = store.purge_expired(now=NOW, chunk_size=3)

    assert result.requests == len(PURGED) and result.complete and result.chunks == 2
    assert result.days == DEFAULT_RETENTION_DAYS
    for key in PURGED:
        assert store.get_request(uuid[key]) is None, key
        assert store.request_history(uuid[key]) == []
        assert rows(store, "SELECT id FROM outbox WHERE entity_uuid = ?", [uuid[key]]) == []
        assert store.find_by_nik(records[key]["nik"]) == []
        assert store.count_requests(RequestFilter(name_prefix=PURGED_NAMES[key])) == 0
    assert result.history == 5  # purge_cancelled has two revisions
    assert result.outbox == 5
    for key in KEPT:
        assert store.get_request(uuid[key]) == kept_before[key], key
        assert store.request_history(uuid[key]) == history_before[key]
    # The day's summary, per day and per visit, reads the same.
    assert snapshot(store, visit_uuids) == before
    # Sync bookkeeping is untouched: nothing to resend, the sealed batch still waits.
    assert store.pending_changes() == pending
    assert store.outbox_acked_through() == acked_through
    assert store.unacked_batches() == sealed
    after = {b["batch_uuid"]: b for b in store.batches()}
    emptied = 0
    for b in batches_before:
        a = after[b["batch_uuid"]]
        assert {k: a[k] for k in a if k != "body_bytes"} == {
            k: b[k] for k in b if k != "body_bytes"
        }
        emptied += a["body_bytes"] == 0
    assert emptied == result.batch_bodies > 0
    with pytest.raises(dbapi.IntegrityError):  # an acked body can only be emptied
        store.db.execute(
            "UPDATE sync_batches SET body = X'00' WHERE batch_uuid = ?",
            [batches_before[0]["batch_uuid"]],
        )
    # Targets: the one served by a purged request goes; a cancelled one did not serve.
    left = {t["nik"] for t in rows(store, "SELECT nik FROM targets")}
    assert left == {records["purge_cancelled"]["nik"], records["keep_pending"]["nik"]}
    assert result.targets == 1
    # The blank card stays in the ledger, unlinked.
    assert store.stock_balance(scene["officer"]["id"]) == balance
    assert result.stock_links == 1
    assert rows(store, "SELECT count(*) AS n FROM stock_movements WHERE kind = 'print'") == [
        {"n": 1}
    ]
    # Visits stay; the house call's coordinates and note (the resident's home) go.
    visit_row = store.get_visit(house["uuid"])
    assert (visit_row["latitude"], visit_row["longitude"], visit_row["site_note"]) == (
        None,
        None,
        "",
    )
    assert store.get_visit(records["keep_pending"]["visit_uuid"]) is not None
    assert result.visits_cleared == 1
    for (payload,) in store.db.execute(
        "SELECT payload FROM outbox WHERE entity = 'visit' AND entity_uuid = ?", [house["uuid"]]
    ):
        assert '"latitude":null' in payload and "Manurung" not in payload
    # The audit trail keeps its lines (no resident data in them) and records the purge.
    for key in PURGED:
        assert store.audit_entries("request", uuid[key])
    purge_lines = store.audit_entries("retention")
    assert [a["action"] for a in purge_lines] == ["purged", "purged"]
    assert store.get_setting(FTS_PENDING_SETTING) is None  # the name index was merged
    assert store.integrity_check() == "ok"
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []

    again = store.purge_expired(now=NOW)
    assert again.requests == 0
    assert snapshot(store, visit_uuids) == before  # counted once, not twice


def test_days_setting_and_override(store, scene):
    assert store.retention_days() == DEFAULT_RETENTION_DAYS == 30
    store.set_retention_days(40)  # the approvals are 36 days old
    assert store.purge_expired(now=NOW).requests == 0
    assert store.purge_expired(now=NOW, days=36).requests == 0  # not older than 36 days
    assert store.purge_expired(now=NOW, days=35).requests == len(PURGED)


@pytest.mark.parametrize("bad", [0, -1, 366, 1.5, True, None, "", "abc", "12a", "-3"])
def test_retention_days_validation(store, bad):
    with pytest.raises(StoreError) as caught:
        store.set_retention_days(bad)
    err = caught.value
    assert err.field == RETENTION_SETTING
    assert "1" in err.message("id") and "365" in err.message("id")
    assert "Hapus data yang sudah disetujui setelah (hari)" in err.message("id")
    assert "Delete approved data after (days)" in err.message("en")
    assert store.get_setting(RETENTION_SETTING) is None  # nothing stored
    with pytest.raises(StoreError):
        store.purge_expired(now=NOW, days=bad if bad is not None else 0)


def test_stored_setting_values(store):
    assert valid_retention_days(" 45 ") == 45
    assert store.set_retention_days("365") == 365 and store.retention_days() == 365
    assert store.set_retention_days(1) == 1 and store.retention_days() == 1
    for unusable in (0, None, "soon", 999, -5):  # 0 or anything unusable: the default
        store.set_setting(RETENTION_SETTING, unusable)
        assert store.retention_days() == DEFAULT_RETENTION_DAYS


def test_interrupted_purge_keeps_counts_consistent(store, officer, visit):
    records = [
        store.save_request(officer["id"], visit["uuid"], request_input(i), today=TODAY)
        for i in range(1, 8)
    ]
    store.cancel_request(officer["id"], records[0]["uuid"], "Pindah")
    sync(store, RECEIVED)
    for record in records:
        decide(store, record["uuid"], "approve", APPROVED)
    before = store.daily_summary(TODAY)
    total = sum(item["count"] for item in before)
    # A real failure inside the third chunk: the delete of the 6th request aborts.
    victim = records[5]["uuid"]
    store.db.execute(
        "CREATE TEMP TRIGGER fail_purge BEFORE DELETE ON main.requests"
        f" WHEN old.uuid = '{victim}' BEGIN SELECT RAISE(ABORT, 'disk gone'); END"
    )
    with pytest.raises(dbapi.IntegrityError, match="disk gone"):
        store.purge_expired(now=NOW, chunk_size=2)

    left = store.db.execute("SELECT count(*) FROM requests").fetchone()[0]
    purged = store.db.execute("SELECT coalesce(sum(count), 0) FROM purged_counts").fetchone()[0]
    assert (left, purged) == (3, 4)  # two whole chunks done, the third rolled back
    assert store.daily_summary(TODAY) == before
    assert store.get_request(victim) is not None and store.request_history(victim)
    assert store.get_setting(FTS_PENDING_SETTING) is True  # the merge is still owed
    assert store.integrity_check() == "ok"

    store.db.execute("DROP TRIGGER temp.fail_purge")
    result = store.purge_expired(now=NOW, chunk_size=2)
    assert result.requests == 3
    assert store.db.execute("SELECT count(*) FROM requests").fetchone()[0] == 0
    assert store.daily_summary(TODAY) == before
    assert sum(i["count"] for i in store.daily_summary(TODAY)) == total
    assert store.get_setting(FTS_PENDING_SETTING) is None


def test_stop_between_chunks(store, officer, visit):
    records = [
        store.save_request(officer["id"], visit["uuid"], request_input(i), today=TODAY)
        for i in range(1, 6)
    ]
    sync(store, RECEIVED)
    for record in records:
        decide(store, record["uuid"], "approve", APPROVED)
    asked = []

    def stop_after_two_chunks() -> bool:
        asked.append(1)
        return len(asked) > 2

    result = store.purge_expired(now=NOW, chunk_size=2, should_stop=stop_after_two_chunks)
    assert (result.requests, result.chunks, result.complete) == (4, 2, False)
    assert store.get_setting(FTS_PENDING_SETTING) is True  # merged by the next purge
    assert store.purge_expired(now=NOW).requests == 1
    assert store.get_setting(FTS_PENDING_SETTING) is None


def test_visit_with_every_request_purged_stays(store, officer):
    other = new_visit(store, officer["id"], day=date(2025, 3, 3))
    record = store.save_request(officer["id"], other["uuid"], request_input(1), today=TODAY)
    sync(store, RECEIVED)
    decide(store, record["uuid"], "approve", APPROVED)
    summary = store.daily_summary("2025-03-03", other["uuid"])
    assert store.purge_expired(now=NOW).requests == 1
    assert store.get_visit(other["uuid"]) == other  # not a house call: unchanged
    assert (
        store.daily_summary("2025-03-03", other["uuid"])
        == summary
        == [{"service": "ktp_recording", "status": "received", "count": 1}]
    )


# --- the purged data is gone from the file -------------------------------------------------
PAGE = 2048  # 2 KiB pages ending in their 16-byte IV (no per-page HMAC: CIPHER_PRAGMAS);
IV = 16  # SQLite leaves the last 80 bytes of a page to SQLCipher (the header says so)
RESERVE = 80


def decrypted_pages(path, key: bytes) -> bytes:
    """Every page of the SQLCipher file at ``path``, decrypted (free pages included)."""
    data = path.read_bytes()
    assert len(data) % PAGE == 0
    pages = []
    for offset in range(0, len(data), PAGE):
        page = data[offset : offset + PAGE]
        start = 16 if offset == 0 else 0  # page 1 starts with the salt
        iv = page[PAGE - IV :]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        pages.append(decryptor.update(page[start : PAGE - IV]) + decryptor.finalize())
    header = pages[0]  # bytes 16.. of the SQLite header: page size, versions, reserve
    assert int.from_bytes(header[0:2], "big") == PAGE and header[4] == RESERVE, "not decrypted"
    return b"".join(pages)


def batch_texts(store: Store) -> bytes:
    """The stored batch bodies, decompressed."""
    out = []
    for (body,) in store.db.execute("SELECT body FROM sync_batches"):
        if body:
            out.append(zlib.decompress(body, zlib.MAX_WBITS | 32))
    return b"".join(out)


def test_purged_nik_and_name_leave_the_file_and_the_wal(store, scene, db_path):
    assert store.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    records = scene["records"]
    # purge_cancelled's resident is still on the target list (never served): the NIK
    # stays there, only there.
    secrets = [records[k]["nik"].encode() for k in PURGED - {"purge_cancelled"}]
    secrets += [word.lower().encode() for k in PURGED for word in PURGED_NAMES[k].split()]
    secrets += [b"Manurung"]  # the house call's site note
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    plain = decrypted_pages(db_path, store.key).lower()
    packed = batch_texts(store).lower()
    for secret in secrets:  # the check can see them before the purge
        assert secret.lower() in plain or secret.lower() in packed, secret

    result = store.purge_expired(now=NOW)
    assert result.requests == len(PURGED) and result.checkpointed

    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    plain = decrypted_pages(db_path, store.key).lower()
    packed = batch_texts(store).lower()
    for secret in secrets:
        i = plain.find(secret.lower())
        assert i < 0, (secret, plain[max(0, i - 120) : i + 80])
        assert secret.lower() not in packed, secret
    for key in (*KEPT, "purge_cancelled"):  # what stays is still readable there
        assert records[key]["nik"].encode() in plain


def test_upgrade_backups_older_than_the_retention_period_are_deleted(store, tmp_path):
    old = store.path.with_name(store.path.name + ".pre-m005_purged_counts.bak")
    recent = store.path.with_name(store.path.name + ".pre-s003_release_acked_bodies.bak")
    for backup in (old, recent):
        backup.write_bytes(b"encrypted copy")
    now = datetime.now(UTC)
    stamp = (now - timedelta(days=31)).timestamp()
    os.utime(old, (stamp, stamp))
    result = store.purge_expired(now=now, days=30)
    assert result.backups == 1
    assert not old.exists() and recent.exists()
