"""Officers (the laptop's users), their passwords, and key/value settings."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from typing import Any

import sqlite_utils

from app.store.database import utc_now
from app.store.errors import StoreError

MIN_PASSWORD_LENGTH = 6
# scrypt cost: 2**14 * 8 * 128 bytes = 16 MiB per hash, about 50 ms.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN = 2**14, 8, 1, 32

PUBLIC_COLUMNS = "id, name, nip, team, kecamatan_code, created_at"
# Setting holding the id of the officer the app signs in (the last one who signed in).
PROFILE_OFFICER_SETTING = "officer_id"


def hash_password(
    password: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> str:
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=SCRYPT_DKLEN,
        maxmem=128 * r * n * 2,
    )
    return f"scrypt${n}${r}${p}${digest.hex()}"


def check_password(password: str, stored: str, salt_hex: str) -> bool:
    scheme, n, r, p, _ = stored.split("$")
    if scheme != "scrypt":
        return False
    candidate = hash_password(password, bytes.fromhex(salt_hex), int(n), int(r), int(p))
    return hmac.compare_digest(candidate, stored)


def team_key(team: str | None) -> str:
    """A team name compared case- and space-insensitively: ``" Tim  1 "`` -> ``"tim 1"``."""
    return " ".join((team or "").split()).casefold()


def officer_clause(officer_ids: Sequence[int], column: str = "officer_id") -> tuple[str, list]:
    """SQL keeping to rows of these officers, and its parameters (``"0"`` for none).

    ``column="+officer_id"`` keeps SQLite from using an officer index for it, so
    another filter's index leads.
    """
    ids = [int(i) for i in officer_ids]
    if not ids:
        return "0", []
    if len(ids) == 1:
        return f"{column} = ?", ids
    return f"{column} IN ({', '.join('?' for _ in ids)})", ids


class OfficersMixin:
    db: sqlite_utils.Database

    def create_officer(
        self, name: str, nip: str, team: str, kecamatan_code: str, password: str
    ) -> dict:
        name, nip = name.strip(), "".join(nip.split())
        if not name:
            raise StoreError("field_required", field="name")
        if not nip:
            raise StoreError("field_required", field="nip")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise StoreError("password_short", field="password", min_length=MIN_PASSWORD_LENGTH)
        salt = secrets.token_bytes(16)
        now = utc_now()
        with self.transaction():  # type: ignore[attr-defined]
            if self.db.execute("SELECT 1 FROM officers WHERE nip = ?", [nip]).fetchone():
                raise StoreError("nip_taken", field="nip", nip=nip)
            cursor = self.db.execute(
                "INSERT INTO officers (name, nip, team, kecamatan_code, password_hash,"
                " password_salt, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    name,
                    nip,
                    team.strip(),
                    kecamatan_code,
                    hash_password(password, salt),
                    salt.hex(),
                    now,
                ],
            )
            officer_id = cursor.lastrowid
            self._audit(officer_id, "officer", str(officer_id), "created", name, now)  # type: ignore[attr-defined]
        self.ensure_key_slot(officer_id, password)  # type: ignore[attr-defined]
        return self.get_officer(officer_id)

    def officers(self) -> list[dict]:
        return [
            dict(r)
            for r in self.db.query(f"SELECT {PUBLIC_COLUMNS} FROM officers ORDER BY name, id")
        ]

    def get_officer(self, officer_id: int) -> dict | None:
        rows = list(
            self.db.query(f"SELECT {PUBLIC_COLUMNS} FROM officers WHERE id = ?", [officer_id])
        )
        return rows[0] if rows else None

    def get_officer_by_nip(self, nip: str) -> dict | None:
        nip = "".join(nip.split())
        rows = list(self.db.query(f"SELECT {PUBLIC_COLUMNS} FROM officers WHERE nip = ?", [nip]))
        return rows[0] if rows else None

    def visible_officer_ids(self, officer_id: int) -> list[int]:
        """The officers whose work ``officer_id`` may see on this laptop, ascending.

        The officer and every officer here with the same non-empty team (compared by
        ``team_key``); just the officer when their team is empty; nobody for an unknown id.
        """
        rows = self.db.execute("SELECT id, team FROM officers").fetchall()
        teams = {row[0]: team_key(row[1]) for row in rows}
        if officer_id not in teams:
            return []
        own = teams[officer_id]
        if not own:
            return [officer_id]
        return sorted(i for i, team in teams.items() if team == own)

    def verify_password(self, officer_id: int, password: str) -> bool:
        row = self.db.execute(
            "SELECT password_hash, password_salt FROM officers WHERE id = ?", [officer_id]
        ).fetchone()
        if row is None:
            return False
        return check_password(password, row[0], row[1])

    def get_setting(self, key: str, default: Any = None) -> Any:
        """The stored value (JSON-decoded), or ``default`` when unset."""
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return default if row is None else json.loads(row[0])

    def all_settings(self) -> dict[str, Any]:
        """Every stored setting, JSON-decoded (for diagnostics; holds no personal data)."""
        rows = self.db.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
        return {key: json.loads(value) for key, value in rows}

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():  # type: ignore[attr-defined]
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value, ensure_ascii=False)],
            )
