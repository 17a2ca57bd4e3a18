"""The ``Store`` facade: one SQLite file, one connection, used by one thread."""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from app.store import vault as vaults
from app.store.bulk import BulkMixin
from app.store.database import (
    WrongKey,
    connect,
    is_plaintext,
    read_only,
    utc_now,
    write_transaction,
)
from app.store.encryption import ENCRYPT_STEP, resolve_key
from app.store.errors import StoreError
from app.store.migrations import MIGRATIONS, apply_migrations
from app.store.officers import MIN_PASSWORD_LENGTH, OfficersMixin, hash_password
from app.store.outbox import OutboxMixin
from app.store.requests import RequestsMixin
from app.store.retention import RetentionMixin
from app.store.search import SearchMixin
from app.store.stock import StockMixin
from app.store.syncstate import SYNC_MIGRATIONS, SyncStateMixin
from app.store.targets import TargetsMixin
from app.store.vault import StoreLocked, Vault
from app.store.visits import VisitsMixin

# Settings mirrored into the key file, readable before sign-in (nothing personal).
PUBLIC_SETTINGS = ("language",)


class Store(
    SyncStateMixin,
    OutboxMixin,
    OfficersMixin,
    VisitsMixin,
    BulkMixin,
    RequestsMixin,
    SearchMixin,
    StockMixin,
    TargetsMixin,
    RetentionMixin,
):
    """All laptop data access. Open one per thread: ``Store.open(path)``.

    The connection keeps sqlite3's same-thread check, so a worker thread must
    open its own ``Store`` on the same path; writers wait for each other for up
    to ``database.BUSY_TIMEOUT_MS``. The file is encrypted (``app.store.vault``).
    """

    def __init__(self, db: sqlite_utils.Database, path: Path, key: bytes):
        self.db = db
        self.path = path
        self.key = key

    @classmethod
    def open(cls, path: Path, migrate: bool = True, key: bytes | None = None) -> Store:
        """Open (creating if needed) and bring the schema up to date.

        Without ``key``, ``app.store.encryption.resolve_key`` finds it (a key unlocked
        in this process, ...) or raises ``StoreLocked``; an unencrypted file from an
        earlier version is encrypted first. Applies ``MIGRATIONS`` then
        ``SYNC_MIGRATIONS``; an existing file is backed up (encrypted) to
        ``<name>.pre-<step>.bak`` before its first pending step.
        """
        path = Path(path)
        if key is None or is_plaintext(path):  # an earlier version's file: encrypt first
            key = resolve_key(path) if key is None else _encrypted_with(path, key)
        db = _connect_finishing_rekey(path, key)
        try:
            if migrate:
                apply_migrations(db, path, [MIGRATIONS, SYNC_MIGRATIONS], key)
        except BaseException:
            db.close()
            raise
        vaults.remember(path, key)
        return cls(db, path, key)

    # --- keys ---------------------------------------------------------------------
    def ensure_key_slot(self, officer_id: int, password: str) -> None:
        """Make sure ``password`` opens the key file for this officer (after a right
        password): adds a missing slot, re-makes an old-style (scrypt) one, and on the
        first officer replaces the setup key by a new one (``PRAGMA rekey``)."""
        officer = self.get_officer(officer_id)
        if officer is None:
            return
        current = Vault.load(self.path)
        if current.setup_key() is None and not current.needs_slot(officer["nip"]):
            if current.unattended:  # the key file is right: no write, keep the copy fresh
                vaults.store_unattended_key(self.path, self.key)
            return
        with Vault(self.path, {}).editing() as vault:
            if vault.setup_key() is not None:
                new = vaults.new_key()
                # The officer slot holds the new key before the file is re-keyed; a
                # crash in between is finished by the next open (setup key still there).
                vault.set_officer(new, officer["nip"], officer["name"], password)
                vault.save()
                self.db.execute(f"PRAGMA rekey = \"x'{new.hex()}'\"")
                self.key = new
                vaults.remember(self.path, new)
                vault.drop_setup_key()
                public = vault.recovery_public()
                if public:
                    vault.set_recovery(new, public)
            elif vault.needs_slot(officer["nip"]):
                vault.set_officer(self.key, officer["nip"], officer["name"], password)
            unattended = vault.unattended
        if unattended:
            vaults.store_unattended_key(self.path, self.key)

    def reset_password(self, officer_id: int, password: str, by: str = "recovery") -> None:
        """A new offline password for an officer (``jempol recover``): the stored hash,
        the officer's key slot, and wrong-password counts reset; audited."""
        officer = self.get_officer(officer_id)
        if officer is None:
            raise StoreError("not_found", field="nip")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise StoreError("password_short", field="password", min_length=MIN_PASSWORD_LENGTH)
        salt = secrets.token_bytes(16)
        now = utc_now()
        with self.transaction():
            self.db.execute(
                "UPDATE officers SET password_hash = ?, password_salt = ? WHERE id = ?",
                [hash_password(password, salt), salt.hex(), officer_id],
            )
            self._audit(officer_id, "officer", str(officer_id), "password_reset", by, now)
            # the count the idle-lock sign-in keeps (app.ui.sign_in_dialog.failures_setting)
            self.set_setting(f"sign_in_failures.{officer_id}", None)
        with Vault(self.path, {}).editing() as vault:
            vault.set_officer(self.key, officer["nip"], officer["name"], password)
            vault.set_failures(officer["nip"], 0)

    def set_recovery_key(self, public_key: str) -> None:
        """Add the slot an administrator's recovery key opens (``jempol recover``)."""
        with Vault(self.path, {}).editing() as vault:
            if vault.recovery_public() != public_key:
                vault.set_recovery(self.key, public_key)

    def has_recovery_key(self) -> bool:
        return self.recovery_key_id() is not None

    def recovery_key_id(self) -> str | None:
        """Fingerprint of the recovery key this laptop's key is sealed to, or None."""
        if not Vault.exists(self.path):
            return None
        public = Vault.load(self.path).recovery_public()
        return vaults.recovery_key_id(vaults.unb64(public)) if public else None

    def set_unattended(self, allowed: bool) -> None:
        """Whether scheduled sync may keep the key in the OS credential store."""
        with Vault(self.path, {}).editing() as vault:
            vault.unattended = allowed
        if allowed:
            vaults.store_unattended_key(self.path, self.key)
        else:
            vaults.clear_unattended_key(self.path)

    def unattended(self) -> bool:
        return Vault.exists(self.path) and Vault.load(self.path).unattended

    def set_setting(self, key: str, value: Any) -> None:
        super().set_setting(key, value)
        if key in PUBLIC_SETTINGS and Vault.exists(self.path):
            with Vault(self.path, {}).editing() as vault:
                vault.data.setdefault("public", {})[key] = value

    @staticmethod
    def pending_migrations(path: Path) -> list[str]:
        """Names of the steps ``Store.open(path)`` would apply, in order; nothing is written.

        A missing file needs every step (it is created fresh, quickly); an up-to-date file
        needs none. Opens the file read-only, so it is cheap enough for start-up.
        """
        sets = [MIGRATIONS, SYNC_MIGRATIONS]
        path = Path(path)
        if not path.exists():
            return [m.name for s in sets for m in s.pending(sqlite_utils.Database(memory=True))]
        if is_plaintext(path):
            with read_only(path, None) as db:
                return [ENCRYPT_STEP, *(m.name for s in sets for m in s.pending(db))]
        with read_only(path, resolve_key(path)) as db:
            return [m.name for s in sets for m in s.pending(db)]

    @staticmethod
    def peek_setting(path: Path, key: str, default: Any = None) -> Any:
        """One stored setting read without opening (or migrating) the store.

        For start-up choices made before ``Store.open`` (the UI language of the upgrade
        notice); ``default`` when the file or its settings table does not exist yet.
        """
        path = Path(path)
        if not path.exists():
            return default
        locked = (
            not is_plaintext(path)
            and vaults.key_for(path) is None
            and Vault.exists(path)
            and bool(Vault.load(path).officers())
        )
        try:
            if locked:  # before sign-in: the key file's copy (no credential-store lookup)
                raise StoreLocked("not signed in")
            db_key = None if is_plaintext(path) else resolve_key(path)
        except StoreLocked:
            public = Vault.load(path).data.get("public", {})
            return public.get(key, default) if key in PUBLIC_SETTINGS else default
        with read_only(path, db_key) as db:
            if not db["settings"].exists():
                return default
            row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return default if row is None else json.loads(row[0])

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group several writes into one transaction (nested calls are savepoints).

        The CSV importer wraps each good row in one so a row is written whole
        or not at all.
        """
        with write_transaction(self.db):
            yield self

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]


def _encrypted_with(path: Path, key: bytes) -> bytes:
    vaults.remember(path, key)
    return resolve_key(path)


def _connect_finishing_rekey(path: Path, key: bytes) -> sqlite_utils.Database:
    """``connect``, finishing a first-officer re-key that a crash interrupted."""
    try:
        return connect(path, key)
    except WrongKey:
        setup = Vault.load(path).setup_key() if Vault.exists(path) else None
        if setup is None or setup == key:
            raise
        db = connect(path, setup)
        db.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
        with Vault(path, {}).editing() as vault:
            vault.drop_setup_key()
        return db
