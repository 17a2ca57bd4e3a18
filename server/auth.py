"""Accounts, devices, bearer tokens and authorisation. Only SHA-256 hashes of tokens are
stored.

Every HTTP route declares one :class:`Policy` as a FastAPI dependency (``Depends(DEVICE)``,
``Depends(REVIEWER)``, ...). The policy reads the bearer token, resolves it to a
:class:`Principal` (401 for a missing, unknown, expired or revoked token), checks the kind
of token and the role (403 ``forbidden_role``) and the ``kecamatan``/``desa`` query
parameters against the account's scope (403 ``forbidden_scope``). Checks on a stored
resource (a record or batch of another kecamatan) use :func:`require_kecamatan` and
:func:`reviewer_scope` from here too, so scope is decided in this module only.
``server.api.create_app`` refuses to start when a route has no policy.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request
from sqlalchemy import Connection, RowMapping, delete, func, insert, select, update
from starlette.concurrency import run_in_threadpool

from app.domain.regions import regions
from server.config import SESSION_HOURS
from server.db import as_utc, devices, login_failures, sessions, users, utcnow
from sync.protocol import ProtocolError

ROLES = ("officer", "supervisor", "admin")
DEVICE_TOKEN_PREFIX = "jpd_"
SESSION_TOKEN_PREFIX = "jps_"
MAX_LOGIN_FAILURES = 10
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A bad CLI/admin input (unknown role, kecamatan outside Kukar, duplicate name...)."""


def reviewer_scope(user: dict) -> str | None:
    """The kecamatan a reviewer may see and decide on: None for an admin (all), else the
    supervisor's own. Any other role is ``403 forbidden_role``. The one place review scope
    is decided (server.supervisor, server.review, server.dashboard use it)."""
    if user["role"] == "admin":
        return None
    if user["role"] == "supervisor" and user.get("kecamatan_code"):
        return user["kecamatan_code"]
    raise ProtocolError("forbidden_role", "review needs a supervisor or admin login")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(prefix: str) -> tuple[str, str]:
    token = prefix + secrets.token_urlsafe(32)
    return token, hash_token(token)


def validate_kecamatan(code: str) -> str:
    known = {r.code for r in regions().kukar_kecamatan()}
    if code not in known:
        raise AccountError(
            f"kecamatan {code!r} is not a Kutai Kartanegara kecamatan code (e.g. 64.02.05)"
        )
    return code


def create_user(
    conn: Connection, username: str, password: str, role: str, kecamatan_code: str | None
) -> dict:
    username = username.strip()
    if not username:
        raise AccountError("username must not be empty")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if role == "admin":
        kecamatan_code = None
    elif not kecamatan_code:
        raise AccountError(f"a {role} needs --kecamatan (e.g. 64.02.05)")
    else:
        validate_kecamatan(kecamatan_code)
    if len(password) < 8:
        raise AccountError("password must have at least 8 characters")
    if conn.execute(select(users.c.id).where(users.c.username == username)).first():
        raise AccountError(f"user {username!r} already exists")
    row = {
        "username": username,
        "password_hash": _hasher.hash(password),
        "role": role,
        "kecamatan_code": kecamatan_code,
        "disabled": False,
        "created_at": utcnow(),
    }
    user_id = conn.execute(insert(users).values(**row)).inserted_primary_key[0]
    return {"id": user_id, **{k: v for k, v in row.items() if k != "password_hash"}}


def set_disabled(conn: Connection, username: str, disabled: bool = True) -> None:
    done = conn.execute(
        update(users).where(users.c.username == username).values(disabled=disabled)
    ).rowcount
    if not done:
        raise AccountError(f"no user named {username!r}")
    if disabled:
        user_id = conn.execute(select(users.c.id).where(users.c.username == username)).scalar()
        conn.execute(delete(sessions).where(sessions.c.user_id == user_id))


def list_users(conn: Connection) -> list[dict]:
    query = select(
        users.c.id,
        users.c.username,
        users.c.role,
        users.c.kecamatan_code,
        users.c.disabled,
        users.c.created_at,
    ).order_by(users.c.username)
    return [dict(r._mapping) for r in conn.execute(query)]


def authenticate(conn: Connection, username: str, password: str) -> dict:
    """The user row for valid credentials, else ProtocolError (rate limited per username)."""
    since = utcnow() - LOGIN_FAILURE_WINDOW
    failures = conn.execute(
        select(func.count())
        .select_from(login_failures)
        .where(login_failures.c.username == username, login_failures.c.failed_at > since)
    ).scalar()
    if failures >= MAX_LOGIN_FAILURES:
        raise ProtocolError("rate_limited")
    row = conn.execute(select(users).where(users.c.username == username)).mappings().first()
    ok = False
    if row is not None:
        try:
            ok = _hasher.verify(row["password_hash"], password)
        except (VerificationError, InvalidHashError):
            ok = False
    if not ok:
        conn.execute(insert(login_failures).values(username=username, failed_at=utcnow()))
        raise ProtocolError("invalid_credentials")
    if row["disabled"]:
        raise ProtocolError("account_disabled")
    conn.execute(delete(login_failures).where(login_failures.c.username == username))
    return dict(row)


def register_device(conn: Connection, user: dict, device_name: str) -> tuple[str, str]:
    """A new device for an officer: returns (device_id, token)."""
    if user["role"] != "officer":
        raise ProtocolError("forbidden_role", "only officers register field devices")
    device_id = str(uuid.uuid4())
    token, token_hash = new_token(DEVICE_TOKEN_PREFIX)
    conn.execute(
        insert(devices).values(
            id=device_id,
            user_id=user["id"],
            name=device_name,
            token_hash=token_hash,
            created_at=utcnow(),
        )
    )
    return device_id, token


def open_session(conn: Connection, user: dict) -> tuple[str, object]:
    """A bearer token for a supervisor/admin: returns (token, expires_at)."""
    if user["role"] not in ("supervisor", "admin"):
        raise ProtocolError("forbidden_role", "officers sign in through a registered device")
    now = utcnow()
    expires = now + timedelta(hours=SESSION_HOURS)
    token, token_hash = new_token(SESSION_TOKEN_PREFIX)
    conn.execute(delete(sessions).where(sessions.c.expires_at < now))
    conn.execute(
        insert(sessions).values(
            token_hash=token_hash, user_id=user["id"], created_at=now, expires_at=expires
        )
    )
    return token, expires


TOKEN_DEVICE, TOKEN_SESSION = "device", "session"


@dataclass(frozen=True)
class Principal:
    """Who presents a bearer token: ``user`` {id, username, role, kecamatan_code}, the kind
    of token and, for device tokens, the ``device`` row."""

    user: dict
    token_kind: str
    token_hash: str
    device: dict | None = None

    @property
    def actor(self) -> str:
        return self.user["username"]


def _device_row(conn: Connection, *where) -> RowMapping:
    """The device matching ``where``, with its account's username, role, kecamatan and
    disabled flag; 401 ``token_invalid`` (none), 401 ``device_revoked``, 403
    ``account_disabled``."""
    row = (
        conn.execute(
            select(
                devices, users.c.username, users.c.role, users.c.kecamatan_code, users.c.disabled
            )
            .join(users, users.c.id == devices.c.user_id)
            .where(*where)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise ProtocolError("token_invalid")
    if row["revoked_at"] is not None:
        raise ProtocolError("device_revoked")
    if row["disabled"]:
        raise ProtocolError("account_disabled")
    return row


def _device_principal(conn: Connection, token_hash: str) -> Principal:
    row = _device_row(conn, devices.c.token_hash == token_hash)
    device = {k: row[k] for k in ("id", "user_id", "name", "created_at", "last_seen_at")}
    user = {
        "id": row["user_id"],
        "username": row["username"],
        "role": row["role"],
        "kecamatan_code": row["kecamatan_code"],
    }
    return Principal(user, TOKEN_DEVICE, token_hash, device)


def _session_principal(conn: Connection, token_hash: str) -> Principal:
    row = (
        conn.execute(
            select(users, sessions.c.expires_at)
            .join(sessions, sessions.c.user_id == users.c.id)
            .where(sessions.c.token_hash == token_hash)
        )
        .mappings()
        .first()
    )
    if row is None:  # never issued, signed out or revoked
        raise ProtocolError("token_invalid")
    if as_utc(row["expires_at"]) <= utcnow():
        raise ProtocolError("token_invalid", "session expired: sign in again")
    if row["disabled"]:
        raise ProtocolError("account_disabled")
    user = {k: row[k] for k in ("id", "username", "role", "kecamatan_code")}
    return Principal(user, TOKEN_SESSION, token_hash)


def recheck_device(conn: Connection, device: dict, user: dict) -> None:
    """Inside a write's transaction: the device is still registered and not revoked, and
    its account still active with the role and kecamatan of ``user``. 401
    ``device_revoked``, 403 ``account_disabled``; 503 ``unavailable`` when the account
    changed since the caller looked it up (the next attempt looks it up again)."""
    row = _device_row(conn, devices.c.id == device["id"], devices.c.user_id == user["id"])
    if (row["role"], row["kecamatan_code"]) != (user["role"], user["kecamatan_code"]):
        raise ProtocolError("unavailable", "the account changed: send again")


class RecentDevices:
    """Device tokens that passed the full check lately, by token hash (one per server
    process, ``app.state.recent_devices``): a route whose own transaction checks the device
    again (:func:`recheck_device`, or the same conditions inside its SQL: batch ingest)
    takes their principal without a database round trip first. An unknown token is still
    refused before the body is read; a token revoked meanwhile is refused by that
    transaction, with nothing written, and forgotten here."""

    def __init__(self, size: int = 10_000, seconds: float = 600.0, clock=time.monotonic) -> None:
        self._size, self._seconds, self._clock = size, seconds, clock
        self._entries: OrderedDict[str, tuple[float, Principal]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token_hash: str) -> Principal | None:
        with self._lock:
            entry = self._entries.get(token_hash)
            if entry is None:
                return None
            if entry[0] <= self._clock():
                del self._entries[token_hash]
                return None
            self._entries.move_to_end(token_hash)
            return entry[1]

    def put(self, principal: Principal) -> None:
        with self._lock:
            self._entries[principal.token_hash] = (self._clock() + self._seconds, principal)
            self._entries.move_to_end(principal.token_hash)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def forget(self, token_hash: str) -> None:
        with self._lock:
            self._entries.pop(token_hash, None)


def resolve_token(conn: Connection, token: str) -> Principal:
    """The principal behind a bearer token. 401 ``token_invalid`` for unknown, expired or
    revoked sessions, 401 ``device_revoked``, 403 ``account_disabled``."""
    if token.startswith(DEVICE_TOKEN_PREFIX):
        return _device_principal(conn, hash_token(token))
    if token.startswith(SESSION_TOKEN_PREFIX):
        return _session_principal(conn, hash_token(token))
    raise ProtocolError("token_invalid")


def close_session(conn: Connection, token_hash: str) -> None:
    """Sign out: the session token stops working at once."""
    conn.execute(delete(sessions).where(sessions.c.token_hash == token_hash))


def revoke_sessions(conn: Connection, username: str) -> int:
    """End every session of ``username`` (``jempol-server session revoke``); the count."""
    user_id = conn.execute(select(users.c.id).where(users.c.username == username)).scalar()
    if user_id is None:
        raise AccountError(f"no user named {username!r}")
    return conn.execute(delete(sessions).where(sessions.c.user_id == user_id)).rowcount


# --------------------------------------------------------------------------- scope


def kecamatan_scope(user: dict) -> str | None:
    """The kecamatan an account works in: None for an admin (all), else its own."""
    if user["role"] == "admin":
        return None
    own = user.get("kecamatan_code")
    if not own:
        raise ProtocolError("forbidden_role", "the account has no kecamatan")
    return own


def in_scope(scope: str | None, code: str | None) -> bool:
    """Whether a kecamatan or desa code lies in ``scope`` (None = every kecamatan)."""
    if scope is None:
        return True
    return bool(code) and (code == scope or code.startswith(scope + "."))


def require_kecamatan(user: dict, code: str | None, what: str) -> None:
    """403 ``forbidden_scope`` unless ``code`` (kecamatan or desa) is in the user's scope."""
    if not in_scope(kecamatan_scope(user), code):
        raise ProtocolError("forbidden_scope", f"{what} is in another kecamatan")


# --------------------------------------------------------------------------- HTTP policies

SCOPED_QUERY_PARAMETERS = ("kecamatan", "desa")


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ProtocolError("auth_required")
    return token.strip()


@dataclass(frozen=True)
class Policy:
    """Who may call a route: token kinds and roles (none: public). Used as a FastAPI
    dependency; answers the :class:`Principal` (None for a public route)."""

    name: str
    token_kinds: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()

    @property
    def public(self) -> bool:
        return not self.token_kinds

    def __call__(self, request: Request) -> Principal | None:
        if self.public:
            return None
        token = bearer_token(request)
        # begin(): the read ends in COMMIT. A connection handed back to the pool inside a
        # transaction is rolled back, and psycopg forgets its prepared statements on every
        # ROLLBACK: the ingest statement prepared on that connection would be parsed and
        # planned again at the next batch (~1 ms of PostgreSQL per 500 records).
        with request.app.state.engine.begin() as conn:
            principal = resolve_token(conn, token)
        self.authorise(principal, request.query_params)
        return principal

    def authorise(self, principal: Principal, params) -> None:
        """Token kind and role (403 forbidden_role), then the kecamatan/desa query
        parameters against the account's scope (403 forbidden_scope)."""
        if principal.token_kind not in self.token_kinds:
            wanted = "a device token" if TOKEN_DEVICE in self.token_kinds else "a login"
            raise ProtocolError("forbidden_role", f"this endpoint needs {wanted}")
        if principal.user["role"] not in self.roles:
            raise ProtocolError("forbidden_role", f"not for the role {principal.user['role']}")
        scope = kecamatan_scope(principal.user)
        for name in SCOPED_QUERY_PARAMETERS:
            value = params.get(name)
            if value and not in_scope(scope, value):
                raise ProtocolError("forbidden_scope", f"{name} {value}")


@dataclass(frozen=True)
class RecheckedPolicy(Policy):
    """A :class:`Policy` for a route that checks the device again in its own transaction
    (batch ingest): a device token that passed the full check lately
    (``app.state.recent_devices``) is taken as it is, without leaving the event loop; any
    other token gets the full check, in a worker thread."""

    async def __call__(self, request: Request) -> Principal | None:
        token = bearer_token(request)
        recent: RecentDevices | None = getattr(request.app.state, "recent_devices", None)
        if recent is not None and token.startswith(DEVICE_TOKEN_PREFIX):
            principal = recent.get(hash_token(token))
            if principal is not None:
                self.authorise(principal, request.query_params)
                return principal
        principal = await run_in_threadpool(Policy.__call__, self, request)
        if recent is not None and principal.token_kind == TOKEN_DEVICE:
            recent.put(principal)
        return principal


PUBLIC = Policy("public")
# An officer's laptop (device token): push batches, pull changes, relay bundles.
DEVICE = Policy("device", frozenset({TOKEN_DEVICE}), frozenset({"officer"}))
# The same, for batch ingest, which checks the device again in its transaction.
DEVICE_INGEST = RecheckedPolicy("device", frozenset({TOKEN_DEVICE}), frozenset({"officer"}))
# A signed-in supervisor (own kecamatan) or admin (all): review, dashboard, export.
REVIEWER = Policy("reviewer", frozenset({TOKEN_SESSION}), frozenset({"supervisor", "admin"}))
# Target lists: field laptops and reviewers.
FIELD_OR_REVIEWER = Policy(
    "field_or_reviewer",
    frozenset({TOKEN_DEVICE, TOKEN_SESSION}),
    frozenset({"officer", "supervisor", "admin"}),
)
# Signing out: any session.
SESSION = Policy("session", frozenset({TOKEN_SESSION}), frozenset({"supervisor", "admin"}))
POLICIES = (PUBLIC, DEVICE, DEVICE_INGEST, REVIEWER, FIELD_OR_REVIEWER, SESSION)


def route_policy(route) -> Policy | None:
    """The one :class:`Policy` among a route's dependencies (None when it has none)."""
    found = [d.call for d in route.dependant.dependencies if isinstance(d.call, Policy)]
    if len(found) > 1:
        raise RuntimeError(f"{route.path} has several authorisation policies")
    return found[0] if found else None


def list_devices(conn: Connection) -> list[dict]:
    query = (
        select(
            devices.c.id,
            devices.c.name,
            users.c.username,
            devices.c.created_at,
            devices.c.last_seen_at,
            devices.c.revoked_at,
        )
        .join(users, users.c.id == devices.c.user_id)
        .order_by(devices.c.created_at)
    )
    return [dict(r._mapping) for r in conn.execute(query)]


def revoke_device(conn: Connection, device_id: str) -> None:
    done = conn.execute(
        update(devices)
        .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    ).rowcount
    if not done:
        exists = conn.execute(select(devices.c.id).where(devices.c.id == device_id)).first()
        raise AccountError(
            f"device {device_id} is already revoked" if exists else f"no device {device_id}"
        )
