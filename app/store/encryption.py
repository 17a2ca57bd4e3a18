"""Finding the key of a database file, and encrypting a file from an earlier version.

``resolve_key(path)`` is what ``Store.open`` does when it is not handed a key:

1. a key unlocked earlier in this process (the GUI's sign-in) — ``vault.key_for``;
2. an unencrypted file from an earlier version: encrypted in place first
   (``encrypt_plain_file``), its officers keeping their passwords;
3. a key file whose only slot is the setup slot (no officer profile yet);
4. the key kept in the operating system's credential store for scheduled sync, when
   the key file allows it;
5. a missing file: a new key and key file (setup slot) for a new database.

Otherwise ``StoreLocked``: someone has to sign in (or the command line gets
``--officer-nip`` and that officer's password).
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from filelock import FileLock

from app.store import vault as vaults
from app.store.database import _raw_connect, encrypt_copy, is_plaintext
from app.store.vault import StoreLocked, Vault, VaultError

log = logging.getLogger("jempol.store.encryption")

ENCRYPT_STEP = "encrypt-database"
PENDING_SUFFIX = ".encrypting"


def _lock(path: Path) -> FileLock:
    return FileLock(str(path) + ".keylock", timeout=600)


def plain_companions(path: Path) -> list[Path]:
    """The unencrypted backups an earlier version left beside ``path`` (``*.bak``)."""
    return sorted(p for p in path.parent.glob(path.name + ".pre-*.bak") if is_plaintext(p))


def resolve_key(path: Path) -> bytes:
    """The key that opens ``path`` without asking anyone (see the module doc)."""
    path = Path(path)
    key = vaults.key_for(path)
    if key is not None and not is_plaintext(path):
        return key
    with _lock(path):
        if is_plaintext(path):
            key = encrypt_plain_file(path)  # uses a key unlocked here for a resumed upgrade
        elif Vault.exists(path):
            vault = Vault.load(path)
            if key is None and not vault.officers():
                key = vault.setup_key()
            if key is None and vault.unattended:
                key = vaults.unattended_key(path)
            if key is None:
                raise StoreLocked(
                    f"{path.name} is encrypted: sign in to Jempol, or give an officer's NIP"
                    " (--officer-nip) and password"
                )
        elif path.exists() and path.stat().st_size > 0:
            raise VaultError(
                f"{path.name} is encrypted but its key file {vaults.keyfile_path(path).name}"
                " is missing; restore it from a backup or ask an administrator"
            )
        else:
            key = vaults.new_key()
            vault = Vault.new(path)
            vault.set_setup_key(key)
            vault.save()
    vaults.remember(path, key)
    return key


def encrypt_plain_file(path: Path) -> bytes:
    """Encrypt an earlier version's unencrypted ``path`` (and its backups) in place.

    Crash-safe in this order: encrypted copies written beside the originals
    (``*.encrypting``) and flushed; the key file written (officer slots made from the
    password hashes the file holds, so every officer keeps their password; a setup
    slot when it holds none); the unencrypted WAL removed; each copy renamed over its
    original. A crash before the key file leaves the original untouched (the copies are
    made again); a crash after it is finished by the next open. Returns the key.
    """
    path = Path(path)
    originals = [path, *plain_companions(path)]
    if Vault.exists(path):  # an earlier attempt got as far as the key file
        vault = Vault.load(path)
        if all(_pending(p).exists() for p in originals if is_plaintext(p)):
            _finish(path, originals)
            key = vaults.key_for(path) or vault.setup_key() or vaults.unattended_key(path)
            if key is None:
                raise StoreLocked(f"{path.name} was encrypted; sign in to open it")
            return key
        raise VaultError(f"{path.name} is unencrypted but a key file exists beside it")
    key = vaults.new_key()
    vault = Vault.new(path)
    officers = _plain_officers(path)
    for officer in officers:
        scheme, n, r, p, digest = officer["password_hash"].split("$")
        if scheme != "scrypt":
            raise VaultError(f"officer {officer['id']}: unknown password scheme {scheme!r}")
        vault.set_officer_from_hash(
            key,
            officer["nip"],
            officer["name"],
            salt=bytes.fromhex(officer["password_salt"]),
            digest=bytes.fromhex(digest),
            n=int(n),
            r=int(r),
            p=int(p),
        )
    if not officers:
        vault.set_setup_key(key)
    for original in originals:
        encrypt_copy(original, _pending(original), key)
    vault.save()
    _finish(path, originals)
    if vault.unattended and officers:
        vaults.store_unattended_key(path, key)
    log.info("encrypted %s and %d backup(s)", path.name, len(originals) - 1)
    return key


def _pending(path: Path) -> Path:
    return path.with_name(path.name + PENDING_SUFFIX)


def _finish(path: Path, originals: list[Path]) -> None:
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path.with_name(path.name + suffix))
    for original in originals:
        pending = _pending(original)
        if pending.exists():
            os.replace(pending, original)


def _plain_officers(path: Path) -> list[dict]:
    conn = _raw_connect(path, None)
    try:
        conn.row_factory = None
        has = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'officers'"
        ).fetchone()
        if not has:
            return []
        rows = conn.execute(
            "SELECT id, name, nip, password_hash, password_salt FROM officers ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    keys = ("id", "name", "nip", "password_hash", "password_salt")
    return [dict(zip(keys, row, strict=True)) for row in rows]
