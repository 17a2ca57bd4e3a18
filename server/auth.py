"""Accounts, devices and bearer tokens. Only SHA-256 hashes of tokens are stored."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, func, insert, select, update

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


def device_for_token(conn: Connection, token: str) -> tuple[dict, dict]:
    """(device, user) of a device token; 401 codes for unknown/revoked tokens."""
    if not token.startswith(DEVICE_TOKEN_PREFIX):
        if token.startswith(SESSION_TOKEN_PREFIX):
            raise ProtocolError("forbidden_role", "this endpoint needs a device token")
        raise ProtocolError("token_invalid")
    row = (
        conn.execute(
            select(
                devices, users.c.username, users.c.role, users.c.kecamatan_code, users.c.disabled
            )
            .join(users, users.c.id == devices.c.user_id)
            .where(devices.c.token_hash == hash_token(token))
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
    device = {k: row[k] for k in ("id", "user_id", "name", "created_at", "last_seen_at")}
    user = {
        "id": row["user_id"],
        "username": row["username"],
        "role": row["role"],
        "kecamatan_code": row["kecamatan_code"],
    }
    return device, user


def user_for_session(conn: Connection, token: str) -> dict:
    """The supervisor/admin behind a session token."""
    if not token.startswith(SESSION_TOKEN_PREFIX):
        if token.startswith(DEVICE_TOKEN_PREFIX):
            raise ProtocolError("forbidden_role", "this endpoint needs a supervisor login")
        raise ProtocolError("token_invalid")
    row = (
        conn.execute(
            select(users, sessions.c.expires_at)
            .join(sessions, sessions.c.user_id == users.c.id)
            .where(sessions.c.token_hash == hash_token(token))
        )
        .mappings()
        .first()
    )
    if row is None or as_utc(row["expires_at"]) <= utcnow():
        raise ProtocolError("token_invalid")
    if row["disabled"]:
        raise ProtocolError("account_disabled")
    return {k: row[k] for k in ("id", "username", "role", "kecamatan_code")}


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
