"""Authorisation matrix over every endpoint of the real server.

Rows: every route of the app (``server.api.iter_routes``): a route without an entry in
``MATRIX`` fails ``test_every_route_has_a_matrix_entry``. Columns: who (an officer's
device token, a supervisor's and an admin's session, no token) x the target (data of
the caller's own kecamatan or of another) x the token (valid, expired, revoked). Every
cell is one real HTTP request whose status and error code are asserted.

Token states: a session expires after ``SESSION_HOURS`` (expired: ``expires_at`` in
the past) and is revoked by sign-out; a device token never expires (``expired`` is a
device registered long ago: it must still work) and is revoked by the admin.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from server import auth
from server.api import iter_routes
from server.db import devices, sessions, utcnow
from sync.protocol import PROTOCOL_HEADER
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

OK = (200, None)
ROLE = (403, "forbidden_role")
SCOPE = (403, "forbidden_scope")
NO_TOKEN = (401, "auth_required")
EXPIRED_OR_REVOKED_SESSION = (401, "token_invalid")
REVOKED_DEVICE = (401, "device_revoked")

WHO = ("officer", "supervisor", "admin")
TARGETS = ("own", "other")
STATES = ("valid", "expired", "revoked")

# (officer, supervisor, admin) -> (own kecamatan, other kecamatan), with valid tokens.
PUBLIC = "public"


def row(officer, supervisor, admin):
    return {"officer": officer, "supervisor": supervisor, "admin": admin}


DEVICE_ONLY = row((OK, OK), (ROLE, ROLE), (ROLE, ROLE))
REVIEW_SCOPED = row((ROLE, ROLE), (OK, SCOPE), (OK, OK))

MATRIX = {
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/api/v1/health"): PUBLIC,
    ("POST", "/api/v1/devices/register"): PUBLIC,
    ("POST", "/api/v1/auth/login"): PUBLIC,
    ("POST", "/api/v1/auth/logout"): row((ROLE, ROLE), (OK, OK), (OK, OK)),
    ("PUT", "/api/v1/batches/{batch_uuid}"): row((OK, SCOPE), (ROLE, ROLE), (ROLE, ROLE)),
    ("POST", "/api/v1/relay"): DEVICE_ONLY,  # any laptop relays any bundle
    ("GET", "/api/v1/changes"): DEVICE_ONLY,  # the caller's own officer only
    ("POST", "/api/v1/records/{record_uuid}/decision"): REVIEW_SCOPED,
    ("GET", "/api/v1/review/batches"): REVIEW_SCOPED,
    ("GET", "/api/v1/review/records"): REVIEW_SCOPED,
    ("GET", "/api/v1/review/records/{record_uuid}"): REVIEW_SCOPED,
    ("POST", "/api/v1/review/batches/{batch_uuid}/approve-clean"): REVIEW_SCOPED,
    ("GET", "/api/v1/dashboard"): REVIEW_SCOPED,
    ("GET", "/api/v1/export/records"): REVIEW_SCOPED,
    ("GET", "/api/v1/targets"): row((OK, SCOPE), (OK, SCOPE), (OK, OK)),
}


def _route_keys(app) -> set[tuple[str, str]]:
    keys = set()
    for route in iter_routes(app):
        for method in route.methods or ():
            if method != "HEAD":
                keys.add((method, route.path))
    return keys


def test_every_route_has_a_matrix_entry(live):
    routes = _route_keys(live.app)
    assert routes - set(MATRIX) == set(), "new endpoint(s) without an authorisation matrix entry"
    assert set(MATRIX) - routes == set(), "matrix entries for endpoints that no longer exist"
    for route in iter_routes(live.app):
        if hasattr(route, "dependant"):
            policy = auth.route_policy(route)
            assert policy is not None, route.path
            assert policy.public == (MATRIX[(sorted(route.methods)[0], route.path)] == PUBLIC)


class World:
    """Two kecamatan with an officer, a supervisor, a batch and a record each, an admin."""

    def __init__(self, live, client: httpx.Client):
        self.live, self.client = live, client
        self.kecamatan = {"own": KECAMATAN, "other": OTHER_KECAMATAN}
        self.officer_id, self.record, self.batch = {}, {}, {}
        for target, code in self.kecamatan.items():
            officer = live.add_user(f"petugas_{target}", "officer", code)
            supervisor = live.add_user(f"supervisor_{target}", "supervisor", code)
            if target == "own":
                self.supervisor_id = supervisor["id"]
            self.officer_id[target] = officer["id"]
            device = register(client, f"petugas_{target}")
            record_uuid = str(uuid.uuid4())
            data = request_data(serial=1 if target == "own" else 2, kecamatan=code)
            batch, body = sealed(device["device_id"], [envelope(record_uuid, data=data)])
            resp = put_batch(client, device["token"], batch.batch_uuid, body)
            assert resp.status_code == 200, resp.text
            self.record[target], self.batch[target] = record_uuid, batch.batch_uuid
        self.admin = live.add_user("admin", "admin", None)
        self.serial = 100

    # -- tokens: made in one transaction, a fresh one per cell (sign-out revokes its own)
    def make_tokens(self, count: int) -> dict[tuple[str, str], list[str]]:
        tokens = {(who, state): [] for who in WHO for state in STATES}
        officer = {"id": self.officer_id["own"], "role": "officer"}
        reviewers = {
            "supervisor": {"id": self.supervisor_id, "role": "supervisor"},
            "admin": {"id": self.admin["id"], "role": "admin"},
        }
        past = utcnow() - timedelta(seconds=1)
        with self.live.engine.begin() as conn:
            for _ in range(count):
                for state in STATES:
                    device_id, token = auth.register_device(conn, officer, "matrix laptop")
                    if state == "expired":  # device tokens do not expire
                        old = utcnow() - timedelta(days=800)
                        conn.execute(
                            update(devices).where(devices.c.id == device_id).values(created_at=old)
                        )
                    elif state == "revoked":
                        auth.revoke_device(conn, device_id)
                    tokens[("officer", state)].append(token)
                    for who, user in reviewers.items():
                        token, _expires = auth.open_session(conn, user)
                        token_hash = auth.hash_token(token)
                        if state == "expired":
                            conn.execute(
                                update(sessions)
                                .where(sessions.c.token_hash == token_hash)
                                .values(expires_at=past)
                            )
                        elif state == "revoked":
                            auth.close_session(conn, token_hash)
                        tokens[(who, state)].append(token)
        return tokens

    # -- one request per route; ``target`` picks the kecamatan of the data asked for
    def request(self, key, target: str) -> tuple[str, str, dict]:
        method, path = key
        code = self.kecamatan[target]
        if path == "/api/v1/devices/register":
            body = {"username": f"petugas_{target}", "password": PASSWORD, "device_name": "x"}
            return method, path, {"json": body}
        if path == "/api/v1/auth/login":
            return (
                method,
                path,
                {"json": {"username": f"supervisor_{target}", "password": PASSWORD}},
            )
        if path == "/api/v1/batches/{batch_uuid}":
            self.serial += 1
            data = request_data(serial=self.serial, kecamatan=code)
            batch, body = sealed("matrix", [envelope(str(uuid.uuid4()), data=data)])
            url = f"/api/v1/batches/{batch.batch_uuid}"
            return method, url, {"content": body, "headers": {"Content-Encoding": "gzip"}}
        if path == "/api/v1/relay":
            content = b"not a bundle"
            headers = {"Content-Type": "application/vnd.jempol.bundle"}
            return method, path, {"content": content, "headers": headers}
        if path == "/api/v1/records/{record_uuid}/decision":
            url = f"/api/v1/records/{self.record[target]}/decision"
            return method, url, {"json": {"decision": "approve", "comment": ""}}
        if path == "/api/v1/review/records/{record_uuid}":
            return method, f"/api/v1/review/records/{self.record[target]}", {}
        if path == "/api/v1/review/batches/{batch_uuid}/approve-clean":
            return method, f"/api/v1/review/batches/{self.batch[target]}/approve-clean", {}
        if path in (
            "/api/v1/review/batches",
            "/api/v1/review/records",
            "/api/v1/dashboard",
            "/api/v1/export/records",
            "/api/v1/targets",
        ):
            return method, path, {"params": {"kecamatan": code}}
        if path in ("/openapi.json", "/api/v1/health", "/api/v1/changes", "/api/v1/auth/logout"):
            return method, path, {}
        raise AssertionError(f"no request for {key}: add one to World.request")


def expected(key, who: str, target: str, state: str | None):
    entry = MATRIX[key]
    if entry == PUBLIC:
        return OK
    if state is None:
        return NO_TOKEN
    if who == "officer" and state == "revoked":
        return REVOKED_DEVICE
    if who != "officer" and state in ("expired", "revoked"):
        return EXPIRED_OR_REVOKED_SESSION
    own, other = entry[who]
    return own if target == "own" else other


def _answer(resp: httpx.Response):
    if resp.status_code == 200:
        return (200, None)
    try:
        return (resp.status_code, resp.json().get("code"))
    except ValueError:
        return (resp.status_code, resp.text[:60])


def test_authorisation_matrix(live, client):
    world = World(live, client)
    tokens = world.make_tokens(len(MATRIX) * len(TARGETS))
    wrong = []
    cells = 0
    for key in sorted(MATRIX):
        for target in TARGETS:
            for who in WHO:
                for state in STATES:
                    method, url, kwargs = world.request(key, target)
                    token = tokens[(who, state)].pop()
                    headers = {**kwargs.pop("headers", {}), **auth_header(token)}
                    got = _answer(client.request(method, url, headers=headers, **kwargs))
                    want = expected(key, who, target, state)
                    cells += 1
                    if got != want:
                        wrong.append(f"{key} {who}/{target}/{state}: got {got}, want {want}")
            method, url, kwargs = world.request(key, target)
            got = _answer(client.request(method, url, **kwargs))  # no token at all
            want = expected(key, None, target, None)
            cells += 1
            if got != want:
                wrong.append(f"{key} no token/{target}: got {got}, want {want}")
    assert not wrong, "\n".join(wrong)
    assert cells == len(MATRIX) * len(TARGETS) * (len(WHO) * len(STATES) + 1)


def test_a_session_token_with_a_garbage_or_foreign_prefix_is_refused(live, client):
    live.add_user("spv", "supervisor", KECAMATAN)
    for token in ("jps_forged", "jpd_forged", "Bearer", "x" * 300):
        resp = client.get("/api/v1/review/batches", headers=auth_header(token))
        assert resp.status_code == 401 and resp.json()["code"] == "token_invalid", token
    resp = client.get("/api/v1/review/batches", headers={"Authorization": "Basic abc"})
    assert resp.status_code == 401 and resp.json()["code"] == "auth_required"


@pytest.mark.parametrize("param", ["kecamatan", "desa"])
def test_scope_parameters_are_checked_before_the_route_runs(live, client, param):
    """The policy refuses another kecamatan's ``kecamatan``/``desa`` parameter on every
    scoped route (nothing is read or logged)."""
    live.add_user("spv", "supervisor", KECAMATAN)
    token = client.post(
        "/api/v1/auth/login", json={"username": "spv", "password": PASSWORD}
    ).json()["token"]
    value = OTHER_KECAMATAN if param == "kecamatan" else OTHER_KECAMATAN + ".2001"
    for path in ("/api/v1/review/batches", "/api/v1/review/records", "/api/v1/export/records"):
        resp = client.get(path, params={param: value}, headers=auth_header(token))
        assert resp.status_code == 403 and resp.json()["code"] == "forbidden_scope", path
    assert live.count("processing_log") == 0
    with httpx.Client(base_url=live.base_url, headers={PROTOCOL_HEADER: "1"}) as other:
        own = other.get(
            "/api/v1/review/batches", params={param: KECAMATAN}, headers=auth_header(token)
        )
    assert own.status_code == 200
