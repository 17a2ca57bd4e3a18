"""Supervisor login, decisions and the per-device changes feed."""

from __future__ import annotations

import uuid

import pytest

from server.review import publish_reference
from tests.server.conftest import (
    OTHER_KECAMATAN,
    auth_header,
    envelope,
    put_batch,
    register,
    sealed,
)


def _login(client, username):
    resp = client.post("/api/v1/auth/login", json={"username": username, "password": "rahasia-123"})
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.fixture
def setup(live, client):
    live.add_user("ani")
    live.add_user("dedi")
    live.add_user("budi", role="supervisor")
    live.add_user("eka", role="supervisor", kecamatan=OTHER_KECAMATAN)
    live.add_user("root", role="admin", kecamatan=None)
    ani, dedi = register(client, "ani"), register(client, "dedi")
    uuids = [str(uuid.uuid4()) for _ in range(5)]
    batch, body = sealed(ani["device_id"], [envelope(u) for u in uuids])
    assert put_batch(client, ani["token"], batch.batch_uuid, body).status_code == 200
    return {"ani": ani, "dedi": dedi, "uuids": uuids}


def _decide(client, token, record_uuid, decision, comment=""):
    return client.post(
        f"/api/v1/records/{record_uuid}/decision",
        json={"decision": decision, "comment": comment},
        headers=auth_header(token),
    )


def test_login_roles(live, client, setup):
    sup = _login(client, "budi")
    assert sup["role"] == "supervisor" and sup["kecamatan_code"] == "64.02.05"
    assert sup["token"].startswith("jps_") and sup["expires_at"].endswith("Z")
    officer = client.post("/api/v1/auth/login", json={"username": "ani", "password": "rahasia-123"})
    assert officer.status_code == 403 and officer.json()["code"] == "forbidden_role"
    assert live.count("sessions") == 1


def test_repeated_wrong_passwords_are_rate_limited(live, client, setup):
    codes = [
        client.post(
            "/api/v1/auth/login", json={"username": "budi", "password": "salah-123"}
        ).json()["code"]
        for _ in range(11)
    ]
    assert codes[:10] == ["invalid_credentials"] * 10
    assert codes[10] == "rate_limited"
    locked = client.post("/api/v1/auth/login", json={"username": "budi", "password": "rahasia-123"})
    assert locked.status_code == 429


def test_decisions_feed_the_owner_changes(live, client, setup):
    token = _login(client, "budi")["token"]
    u = setup["uuids"]
    assert _decide(client, token, u[0], "approve").status_code == 200
    assert _decide(client, token, u[1], "return", "Foto KK buram").status_code == 200
    rejected = _decide(client, token, u[2], "reject", "Data ganda")
    assert rejected.status_code == 200 and rejected.json()["decided_by"] == "budi"
    no_reason = _decide(client, token, u[3], "reject", "  ")
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "bad_request"
    assert "comment" in no_reason.json()["message"]
    bad_choice = _decide(client, token, u[3], "maybe")
    assert bad_choice.status_code == 400 and bad_choice.json()["code"] == "bad_request"
    missing = _decide(client, token, str(uuid.uuid4()), "approve")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    device_token = _decide(client, setup["ani"]["token"], u[3], "approve")
    assert device_token.status_code == 403 and device_token.json()["code"] == "forbidden_role"
    assert live.count("decisions") == 3
    publish_reference(live.app.state.engine, "notice", {"text": "Blangko tiba Senin"})

    ani = auth_header(setup["ani"]["token"])
    seen, cursor, pages = [], 0, 0
    while True:
        page = client.get("/api/v1/changes", params={"since": cursor, "limit": 2}, headers=ani)
        assert page.status_code == 200, page.text
        body = page.json()
        seen += body["changes"]
        cursor, pages = body["next_cursor"], pages + 1
        if not body["has_more"]:
            break
    assert pages == 2
    assert [c["kind"] for c in seen] == ["review", "review", "review", "reference"]
    assert [c["data"].get("decision") for c in seen[:3]] == ["approve", "return", "reject"]
    assert seen[1]["data"]["comment"] == "Foto KK buram"
    assert seen[1]["entity_uuid"] == u[1]
    assert [c["seq"] for c in seen] == sorted(c["seq"] for c in seen)
    empty = client.get("/api/v1/changes", params={"since": cursor}, headers=ani).json()
    assert empty["changes"] == [] and empty["next_cursor"] == cursor and not empty["has_more"]

    dedi = client.get("/api/v1/changes", headers=auth_header(setup["dedi"]["token"])).json()
    assert [c["kind"] for c in dedi["changes"]] == ["reference"]
    bad = client.get("/api/v1/changes", params={"limit": 0}, headers=ani)
    assert bad.status_code == 400 and bad.json()["code"] == "bad_request"


def test_supervisor_scope_and_admin(live, client, setup):
    other = _login(client, "eka")["token"]
    resp = _decide(client, other, setup["uuids"][0], "approve")
    assert resp.status_code == 403 and resp.json()["code"] == "forbidden_scope"
    admin = _login(client, "root")["token"]
    assert _decide(client, admin, setup["uuids"][0], "approve").status_code == 200
    assert live.count("decisions") == 1
    assert live.count("changes") == 1


def test_new_revision_after_return_reopens_review(live, client, setup):
    import sqlalchemy as sa

    token = _login(client, "budi")["token"]
    rec = setup["uuids"][0]
    assert _decide(client, token, rec, "return", "Lengkapi RT/RW").status_code == 200
    batch, body = sealed(setup["ani"]["device_id"], [envelope(rec, revision=2)])
    assert put_batch(client, setup["ani"]["token"], batch.batch_uuid, body).status_code == 200
    with live.engine.connect() as conn:
        status = conn.execute(
            sa.text("SELECT review_status FROM records WHERE uuid = :u"), {"u": rec}
        ).scalar()
    assert status is None
