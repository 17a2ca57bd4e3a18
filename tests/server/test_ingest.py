"""PUT /api/v1/batches: idempotency, refusals (nothing written) and revision ordering."""

from __future__ import annotations

import gzip
import json
import uuid

import pytest

from sync.protocol import MAX_COMPRESSED_BYTES, content_hash
from tests.server.conftest import (
    OTHER_KECAMATAN,
    auth_header,
    envelope,
    put_batch,
    register,
    request_data,
    sealed,
)

TABLES = ("batches", "records", "record_revisions")


@pytest.fixture
def officer(live, client):
    live.add_user("ani")
    return register(client, "ani")


def _counts(live) -> tuple[int, ...]:
    return tuple(live.count(t) for t in TABLES)


def _push(client, officer, records, batch_uuid=None):
    batch, body = sealed(officer["device_id"], records, batch_uuid)
    return batch, put_batch(client, officer["token"], batch.batch_uuid, body)


def test_health_and_openapi(client):
    health = client.get("/api/v1/health").json()
    assert health["protocol_versions"] == [1] and health["status"] == "ok"
    assert "/api/v1/batches/{batch_uuid}" in client.get("/openapi.json").json()["paths"]


def test_register_returns_token_and_officer(live, client, officer):
    assert officer["officer"] == {
        "username": "ani",
        "role": "officer",
        "kecamatan_code": "64.02.05",
    }
    assert officer["token"].startswith("jpd_")
    bad = client.post(
        "/api/v1/devices/register",
        json={"username": "ani", "password": "wrong-pass", "device_name": "x"},
    )
    assert bad.status_code == 401 and bad.json()["code"] == "invalid_credentials"
    live.add_user("budi", role="supervisor")
    sup = client.post(
        "/api/v1/devices/register",
        json={"username": "budi", "password": "rahasia-123", "device_name": "x"},
    )
    assert sup.status_code == 403 and sup.json()["code"] == "forbidden_role"
    assert live.count("devices") == 1


def test_push_then_idempotent_resend(live, client, officer):
    records = [envelope(str(uuid.uuid4())) for _ in range(3)]
    batch, body = sealed(officer["device_id"], records)
    first = put_batch(client, officer["token"], batch.batch_uuid, body)
    assert first.status_code == 200, first.text
    result = first.json()
    assert result["duplicate"] is False
    assert [r["outcome"] for r in result["results"]] == ["accepted"] * 3
    assert _counts(live) == (1, 3, 3)

    again = put_batch(client, officer["token"], batch.batch_uuid, body)
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["results"] == result["results"]
    assert again.json()["received_at"] == result["received_at"]
    assert _counts(live) == (1, 3, 3)

    # same uuid, other content -> 409, nothing written
    _other, other_body = sealed(officer["device_id"], records[:2], batch.batch_uuid)
    conflict = put_batch(client, officer["token"], batch.batch_uuid, other_body)
    assert conflict.status_code == 409 and conflict.json()["code"] == "batch_conflict"
    assert _counts(live) == (1, 3, 3)


def _gz(doc) -> bytes:
    return gzip.compress(json.dumps(doc).encode(), mtime=0)


def test_bad_bodies_are_refused_and_nothing_kept(live, client, officer):
    token = officer["token"]
    batch, body = sealed(officer["device_id"], [envelope(str(uuid.uuid4()))])
    doc = batch.model_dump(mode="json")
    tampered = json.loads(json.dumps(doc))
    tampered["records"][0]["data"]["name"] = "Orang Lain"
    future = {**doc, "protocol_version": 2}
    cases = {
        "hash_mismatch": _gz(tampered),
        "bad_encoding": body[: len(body) // 2],
        "bad_body": gzip.compress(b'{"protocol_version": 1, "records": [', mtime=0),
        "unsupported_protocol": _gz(future),
    }
    for code, payload in cases.items():
        resp = put_batch(client, token, batch.batch_uuid, payload)
        assert resp.status_code == 400, (code, resp.text)
        assert resp.json()["code"] == code
        assert set(resp.json()) == {"code", "message"}
    header = put_batch(client, token, batch.batch_uuid, body, **{"X-Jempol-Protocol": "9"})
    assert header.status_code == 400 and header.json()["code"] == "unsupported_protocol"
    wrong_url = put_batch(client, token, str(uuid.uuid4()), body)
    assert wrong_url.status_code == 400 and wrong_url.json()["code"] == "bad_body"
    assert _counts(live) == (0, 0, 0)


def test_a_body_is_checked_whole_before_anything_is_answered(live, client, officer):
    """PostgreSQL ingest sends its first statements before it checks the hash and the
    records: a tampered resend of a stored batch, a record the protocol refuses and a
    batch of another kecamatan with a wrong hash get the same answers as on SQLite, and
    nothing is kept."""
    token = officer["token"]
    batch, body = sealed(officer["device_id"], [envelope(str(uuid.uuid4()))])
    assert put_batch(client, token, batch.batch_uuid, body).status_code == 200
    doc = batch.model_dump(mode="json")
    tampered = json.loads(json.dumps(doc))
    tampered["records"][0]["data"]["name"] = "Orang Lain"
    resp = put_batch(client, token, batch.batch_uuid, _gz(tampered))
    assert (resp.status_code, resp.json()["code"]) == (400, "hash_mismatch")

    fresh = json.loads(json.dumps(doc))
    fresh["batch_uuid"] = str(uuid.uuid4())
    fresh["records"][0]["uuid"] = str(uuid.uuid4())
    for field, value in (("revision", 0), ("kind", "sapi"), ("device_time", "kemarin")):
        refused = json.loads(json.dumps(fresh))
        refused["records"][0][field] = value
        refused["content_sha256"] = content_hash(refused["records"])
        resp = put_batch(client, token, refused["batch_uuid"], _gz(refused))
        assert (resp.status_code, resp.json()["code"]) == (400, "bad_body"), field
        assert f"records.0.{field}" in resp.json()["message"]

    elsewhere = json.loads(json.dumps(fresh))
    elsewhere["records"][0]["data"]["desa_code"] = "64.02.06.2001"
    resp = put_batch(client, token, elsewhere["batch_uuid"], _gz(elsewhere))  # old hash
    assert (resp.status_code, resp.json()["code"]) == (400, "hash_mismatch")
    assert _counts(live) == (1, 1, 1)


def test_oversize_is_413(live, client, officer):
    batch, _ = sealed(officer["device_id"], [envelope(str(uuid.uuid4()))])
    huge = b"\x1f\x8b" + bytes(MAX_COMPRESSED_BYTES)
    resp = put_batch(client, officer["token"], batch.batch_uuid, huge)
    assert resp.status_code == 413 and resp.json()["code"] == "too_large"
    assert _counts(live) == (0, 0, 0)


def test_tokens(live, client, officer):
    batch, body = sealed(officer["device_id"], [envelope(str(uuid.uuid4()))])
    missing = client.put(
        f"/api/v1/batches/{batch.batch_uuid}", content=body, headers={"Content-Encoding": "gzip"}
    )
    assert missing.status_code == 401 and missing.json()["code"] == "auth_required"
    bogus = put_batch(client, "jpd_not-a-token", batch.batch_uuid, body)
    assert bogus.status_code == 401 and bogus.json()["code"] == "token_invalid"
    changes = client.get("/api/v1/changes", headers=auth_header("jpd_nope"))
    assert changes.status_code == 401 and changes.json()["code"] == "token_invalid"

    from server import auth

    with live.engine.begin() as conn:
        auth.revoke_device(conn, officer["device_id"])
    revoked = put_batch(client, officer["token"], batch.batch_uuid, body)
    assert revoked.status_code == 401 and revoked.json()["code"] == "device_revoked"
    assert _counts(live) == (0, 0, 0)


def test_other_kecamatan_is_forbidden_for_the_whole_batch(live, client, officer):
    own = envelope(str(uuid.uuid4()))
    foreign = envelope(str(uuid.uuid4()), data=request_data(kecamatan=OTHER_KECAMATAN))
    _batch, resp = _push(client, officer, [own, foreign])
    assert resp.status_code == 403 and resp.json()["code"] == "forbidden_scope"
    assert "records.1" in resp.json()["message"]
    assert _counts(live) == (0, 0, 0)


def test_invalid_records_are_rejected_with_field_issues(live, client, officer):
    good = envelope(str(uuid.uuid4()))
    bad_nik = envelope(str(uuid.uuid4()), data=request_data(nik="123"))
    missing = request_data()
    del missing["service"]
    no_service = envelope(str(uuid.uuid4()), data=missing)
    _batch, resp = _push(client, officer, [good, bad_nik, no_service])
    assert resp.status_code == 200, resp.text
    results = resp.json()["results"]
    assert [r["outcome"] for r in results] == ["accepted", "rejected", "rejected"]
    assert results[1]["code"] == "invalid_record"
    assert results[1]["issues"][0]["field"] == "nik"
    assert results[2]["code"] == "invalid_data"
    assert results[2]["issues"][0]["field"] == "service"
    # the typed NIK is never echoed (the record uuids may contain any digits: leave them out)
    assert "123" not in json.dumps([{k: v for k, v in r.items() if k != "uuid"} for r in results])
    assert _counts(live) == (1, 1, 1)


def _stored_revision(live, record_uuid) -> int:
    import sqlalchemy as sa

    with live.engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT revision FROM records WHERE uuid = :u"), {"u": record_uuid}
        ).scalar()


def test_lower_revision_never_overwrites_higher(live, client, officer):
    rec = str(uuid.uuid4())
    _b, r3 = _push(client, officer, [envelope(rec, 3, request_data(name="Versi Tiga"))])
    assert r3.json()["results"][0]["outcome"] == "accepted"
    _b, r2 = _push(client, officer, [envelope(rec, 2, request_data(name="Versi Dua"))])
    assert r2.json()["results"][0]["outcome"] == "stale"
    assert r2.json()["results"][0]["code"] == "stale_revision"
    _b, r3b = _push(client, officer, [envelope(rec, 3, request_data(name="Versi Tiga"))])
    assert r3b.json()["results"][0]["outcome"] == "stale"
    assert _stored_revision(live, rec) == 3
    # one batch holding revisions 4 and 5 of the same record: both kept, 5 wins
    _b, r45 = _push(
        client,
        officer,
        [envelope(rec, 5, request_data(name="Versi Lima")), envelope(rec, 4, request_data())],
    )
    assert [r["outcome"] for r in r45.json()["results"]] == ["accepted", "accepted"]
    assert _stored_revision(live, rec) == 5
    assert live.count("record_revisions") == 4  # revisions 2, 3, 4, 5
    assert live.count("records") == 1


def test_record_of_another_officer_is_not_overwritten(live, client, officer):
    live.add_user("citra")
    other = register(client, "citra")
    rec = str(uuid.uuid4())
    _b, first = _push(client, officer, [envelope(rec, 1)])
    assert first.json()["results"][0]["outcome"] == "accepted"
    _b, steal = _push(client, other, [envelope(rec, 2)])
    assert steal.json()["results"][0]["code"] == "not_owner"
    assert _stored_revision(live, rec) == 1
    assert live.count("record_revisions") == 1


def test_visits_and_stock_are_stored(live, client, officer):
    desa = request_data()["desa_code"]
    visit = envelope(
        str(uuid.uuid4()),
        data={"desa_code": desa, "kecamatan_code": "64.02.05", "visit_date": "2025-06-01"},
        kind="visit",
    )
    bad_visit = envelope(str(uuid.uuid4()), data={"desa_code": desa}, kind="visit")
    stock = envelope(str(uuid.uuid4()), data={"quantity": 50, "movement": "received"}, kind="stock")
    _b, resp = _push(client, officer, [visit, bad_visit, stock])
    outcomes = [(r["kind"], r["outcome"]) for r in resp.json()["results"]]
    assert outcomes == [("visit", "accepted"), ("visit", "rejected"), ("stock", "accepted")]
    assert resp.json()["results"][1]["issues"][0]["field"] == "visit_date"


def test_raw_body_and_hash_are_kept_for_audit(live, client, officer):
    import sqlalchemy as sa

    batch, resp = _push(client, officer, [envelope(str(uuid.uuid4()))])
    with live.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT body, content_sha256 FROM batches")).one()
    assert gzip.decompress(row.body)
    assert row.content_sha256 == batch.content_sha256 == content_hash(batch.records)
