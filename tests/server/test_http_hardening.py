"""Sessions that end, security headers, request size limits, no stack traces."""

from __future__ import annotations

import gzip
import uuid

import pytest
import sqlalchemy as sa

from server import auth, cli
from server.api import create_app
from server.db import users
from server.http_security import BATCH_BODY_BYTES, MAX_BODY_BYTES
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


def _login(client, username: str) -> dict:
    resp = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    return auth_header(resp.json()["token"])


def _status(resp) -> tuple[int, str | None]:
    return resp.status_code, (resp.json().get("code") if resp.status_code != 200 else None)


# --------------------------------------------------------------------------- sessions


def test_logout_ends_only_the_presenting_session(live, client):
    live.add_user("spv", "supervisor", KECAMATAN)
    first, second = _login(client, "spv"), _login(client, "spv")
    out = client.post("/api/v1/auth/logout", headers=first)
    assert out.status_code == 200 and out.json()["signed_out"] is True
    assert _status(client.get("/api/v1/review/batches", headers=first)) == (401, "token_invalid")
    assert _status(client.post("/api/v1/auth/logout", headers=first)) == (401, "token_invalid")
    assert _status(client.get("/api/v1/review/batches", headers=second)) == (200, None)


def test_the_review_client_signs_out_on_the_server(live, client):
    from sync.review_client import ReviewClient

    live.add_user("spv", "supervisor", KECAMATAN)
    review = ReviewClient(live.base_url)
    token = review.login("spv", PASSWORD).token
    assert _status(client.get("/api/v1/review/batches", headers=auth_header(token)))[0] == 200
    review.logout()
    review.close()
    assert review.transport.token is None
    assert _status(client.get("/api/v1/review/batches", headers=auth_header(token))) == (
        401,
        "token_invalid",
    )


def test_session_revoke_command_ends_every_session_of_a_user(live, client, capsys):
    live.add_user("spv", "supervisor", KECAMATAN)
    live.add_user("admin", "admin", None)
    sessions = [_login(client, "spv") for _ in range(2)]
    admin = _login(client, "admin")
    assert cli.main(["session", "revoke", "--user", "spv", "--database-url", live.url]) == 0
    assert "ended 2 session(s) of spv" in capsys.readouterr().out
    for headers in sessions:
        assert _status(client.get("/api/v1/dashboard", headers=headers)) == (401, "token_invalid")
    assert _status(client.get("/api/v1/dashboard", headers=admin)) == (200, None)
    assert cli.main(["session", "revoke", "--user", "nobody", "--database-url", live.url]) == 2
    assert "no user named 'nobody'" in capsys.readouterr().err


def test_disabling_a_user_cuts_sessions_and_device_tokens_at_once(live, client, capsys):
    live.add_user("petugas", "officer", KECAMATAN)
    live.add_user("spv", "supervisor", KECAMATAN)
    device = auth_header(register(client, "petugas")["token"])
    session = _login(client, "spv")
    for name in ("petugas", "spv"):
        assert cli.main(["user", "disable", name, "--database-url", live.url]) == 0
    assert _status(client.get("/api/v1/changes", headers=device)) == (403, "account_disabled")
    assert _status(client.get("/api/v1/dashboard", headers=session)) == (401, "token_invalid")
    login = client.post("/api/v1/auth/login", json={"username": "spv", "password": PASSWORD})
    assert _status(login) == (403, "account_disabled")
    for name in ("petugas", "spv"):
        assert cli.main(["user", "enable", name, "--database-url", live.url]) == 0
    assert _status(client.get("/api/v1/changes", headers=device)) == (200, None)
    assert _status(client.get("/api/v1/dashboard", headers=session)) == (401, "token_invalid")
    capsys.readouterr()


def test_revoking_a_device_refuses_its_next_request(live, client, capsys):
    live.add_user("petugas", "officer", KECAMATAN)
    device = register(client, "petugas")
    token = auth_header(device["token"])
    assert _status(client.get("/api/v1/changes", headers=token)) == (200, None)
    assert cli.main(["device", "revoke", device["device_id"], "--database-url", live.url]) == 0
    assert _status(client.get("/api/v1/changes", headers=token)) == (401, "device_revoked")
    assert _status(client.get("/api/v1/targets", headers=token)) == (401, "device_revoked")
    capsys.readouterr()


def _push(client, device: dict, serial: int, batch=None):
    """PUT one batch of one request (or the ``batch`` (sealed, body) again)."""
    if batch is None:
        record = envelope(str(uuid.uuid4()), data=request_data(serial))
        batch = sealed(device["device_id"], [record])
    return batch, put_batch(client, device["token"], batch[0].batch_uuid, batch[1])


def _stored(live) -> tuple[int, int]:
    return live.count("batches"), live.count("records")


def _recently_checked(live, device: dict) -> bool:
    return live.app.state.recent_devices.get(auth.hash_token(device["token"])) is not None


def test_a_device_revoked_after_pushing_is_refused_at_its_next_push(live, client, capsys):
    # ingest takes a device token checked lately without asking the database first, and
    # checks the device again in its own transaction
    live.add_user("petugas", "officer", KECAMATAN)
    device = register(client, "petugas")
    first, resp = _push(client, device, 1)
    assert _status(resp) == (200, None)
    assert _recently_checked(live, device)
    assert cli.main(["device", "revoke", device["device_id"], "--database-url", live.url]) == 0
    before = _stored(live)
    _, resp = _push(client, device, 2)
    assert _status(resp) == (401, "device_revoked")
    assert not _recently_checked(live, device)  # the next request is checked before its body
    assert _status(_push(client, device, 3)[1]) == (401, "device_revoked")
    assert _status(_push(client, device, 0, batch=first)[1]) == (401, "device_revoked")
    assert _stored(live) == before
    capsys.readouterr()


def test_a_stored_batch_is_not_answered_again_to_a_revoked_device(live, client, capsys):
    live.add_user("petugas", "officer", KECAMATAN)
    device = register(client, "petugas")
    first, resp = _push(client, device, 1)
    assert _status(resp) == (200, None)
    assert cli.main(["device", "revoke", device["device_id"], "--database-url", live.url]) == 0
    assert _status(_push(client, device, 0, batch=first)[1]) == (401, "device_revoked")
    capsys.readouterr()


def test_an_account_disabled_after_pushing_is_refused_at_its_next_push(live, client, capsys):
    live.add_user("petugas", "officer", KECAMATAN)
    device = register(client, "petugas")
    assert _status(_push(client, device, 1)[1]) == (200, None)
    assert cli.main(["user", "disable", "petugas", "--database-url", live.url]) == 0
    before = _stored(live)
    assert _status(_push(client, device, 2)[1]) == (403, "account_disabled")
    assert _stored(live) == before
    capsys.readouterr()


def test_an_account_moved_to_another_kecamatan_is_checked_again(live, client):
    live.add_user("petugas", "officer", KECAMATAN)
    device = register(client, "petugas")
    first, resp = _push(client, device, 1)
    assert _status(resp) == (200, None)
    with live.engine.begin() as conn:
        conn.execute(
            sa.update(users)
            .where(users.c.username == "petugas")
            .values(kecamatan_code=OTHER_KECAMATAN)
        )
    before = _stored(live)
    # the scope the token was checked with is out of date: nothing stored, "send again"
    resp = _push(client, device, 2)[1]
    assert _status(resp) == (503, "unavailable")
    assert not _recently_checked(live, device)
    # sent again, the request is checked with the new scope: the desa is not in it
    assert _status(_push(client, device, 3)[1]) == (403, "forbidden_scope")
    assert _stored(live) == before
    # a batch stored before is answered again, whatever its scope now
    again = _push(client, device, 0, batch=first)[1]
    assert _status(again) == (200, None) and again.json()["duplicate"] is True


def test_recent_devices_forget_old_and_surplus_entries():
    now = [1000.0]
    recent = auth.RecentDevices(size=2, seconds=60, clock=lambda: now[0])

    def principal(name: str) -> auth.Principal:
        return auth.Principal({"id": 1}, auth.TOKEN_DEVICE, name, {"id": name})

    recent.put(principal("a"))
    recent.put(principal("b"))
    assert recent.get("a").token_hash == "a"
    recent.put(principal("c"))  # "b" was used least lately
    assert recent.get("b") is None and recent.get("a") is not None
    now[0] += 60
    assert recent.get("a") is None and recent.get("c") is None
    recent.put(principal("d"))
    recent.forget("d")
    assert recent.get("d") is None


def test_login_lockout_after_ten_failures(live, client):
    live.add_user("spv", "supervisor", KECAMATAN)
    for _ in range(10):
        bad = client.post("/api/v1/auth/login", json={"username": "spv", "password": "salah-123"})
        assert _status(bad) == (401, "invalid_credentials")
    good = client.post("/api/v1/auth/login", json={"username": "spv", "password": PASSWORD})
    assert _status(good) == (429, "rate_limited")


# --------------------------------------------------------------------------- headers


EXPECTED_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


def _assert_security_headers(resp) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert resp.headers.get(name) == value, (name, resp.status_code)
    assert resp.headers["content-security-policy"].startswith("default-src 'none'")
    assert "strict-transport-security" not in resp.headers  # plain http here


def test_security_headers_on_answers_and_errors(live, client):
    live.add_user("spv", "supervisor", KECAMATAN)
    session = _login(client, "spv")
    for resp in (
        client.get("/api/v1/health"),
        client.get("/api/v1/review/records", headers=session),
        client.get("/api/v1/review/records"),  # 401
        client.get("/api/v1/nothing"),  # 404
        client.post("/api/v1/auth/login", content=b"x" * (MAX_BODY_BYTES + 1)),  # 413
        client.get("/openapi.json"),
    ):
        _assert_security_headers(resp)


def test_unexpected_errors_carry_no_trace_and_keep_the_headers(live, client, monkeypatch):
    import server.api

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internals 6402055705900012")

    live.add_user("petugas", "officer", KECAMATAN)
    token = auth_header(register(client, "petugas")["token"])
    monkeypatch.setattr(server.api, "changes_page", broken)
    resp = client.get("/api/v1/changes", headers=token)
    assert _status(resp) == (500, "server_error")
    assert "secret" not in resp.text and "Traceback" not in resp.text and "6402" not in resp.text
    _assert_security_headers(resp)


# --------------------------------------------------------------------------- sizes


def test_request_bodies_over_one_mib_are_refused(live, client):
    live.add_user("spv", "supervisor", KECAMATAN)
    session = _login(client, "spv")
    big = b'{"username": "' + b"a" * MAX_BODY_BYTES + b'", "password": "x"}'
    declared = client.post("/api/v1/auth/login", content=big)
    assert _status(declared) == (413, "too_large")

    def chunks():  # no Content-Length: counted while read
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    streamed = client.post(
        f"/api/v1/records/{uuid.uuid4()}/decision",
        content=chunks(),
        headers={**session, "Content-Type": "application/json"},
    )
    assert _status(streamed) == (413, "too_large")
    assert live.count("login_failures") == 0


def test_batches_keep_their_own_larger_limit(live, client):
    live.add_user("petugas", "officer", KECAMATAN)
    device = register(client, "petugas")
    batch, body = sealed(device["device_id"], [envelope(str(uuid.uuid4()))])
    # 2 MiB of gzip that is not a batch: past the 1 MiB default, inside the batch limit.
    padded = gzip.compress(b"{" + bytes(range(256)) * 8192 + b"}", compresslevel=0)
    assert MAX_BODY_BYTES < len(padded) < BATCH_BODY_BYTES
    resp = put_batch(client, device["token"], batch.batch_uuid, padded)
    assert _status(resp) == (400, "bad_body")  # read whole and opened: not refused for size
    too_big = put_batch(client, device["token"], batch.batch_uuid, bytes(BATCH_BODY_BYTES + 1))
    assert _status(too_big) == (413, "too_large")
    assert _status(put_batch(client, device["token"], batch.batch_uuid, body)) == (200, None)


def test_the_app_refuses_to_start_with_a_route_without_policy(db_url, monkeypatch):
    from fastapi import FastAPI

    real = FastAPI.include_router

    def include_with_extra(self, router, **kwargs):
        real(self, router, **kwargs)
        self.add_api_route("/api/v1/unguarded", lambda: {"ok": True})

    monkeypatch.setattr(FastAPI, "include_router", include_with_extra)
    with pytest.raises(RuntimeError, match="/api/v1/unguarded has no authorisation policy"):
        create_app(db_url)
