"""Opening the SQLite file, its pragmas, transactions and file backups.

Every laptop database is a SQLCipher 4 file (``sqlcipher3``): each page is encrypted
with AES-256-CBC under a fresh random IV, its WAL the same way, and temporary tables stay
in memory. ``connect`` takes the raw 256-bit key, so opening costs no key derivation; the
key itself comes from ``app.store.vault``.

Cipher profile (``CIPHER_PRAGMAS``): 2 KiB pages without SQLCipher's per-page HMAC.
Encryption costs per page written or read from disk: AES-CBC encryption runs at a few
cycles per byte and cannot be parallelised, and a save writes some 30 index and table
pages. With SQLCipher's defaults (4 KiB pages, HMAC-SHA512) a save cost 1.4-1.5x and a
NIK lookup 1.7-1.8x the unencrypted file's (bench/README.md), against issue 4's
limit of 1.25x; half-size pages halve the bytes a save encrypts. The HMAC guards against
pages altered on disk, not against reading them: without it the file's integrity is
what the unencrypted file had (SQLite keeps no page checksums either) while its
confidentiality is unchanged (docs/security.md). A file made by the first encrypted
build (SQLCipher's defaults, ``LEGACY_CIPHER_PRAGMAS``) still opens: ``connect`` tries
the current profile, then that one, and the connection keeps the file's profile
(``cipher_profile``) for its backups.

One connection per thread: a ``Database`` made here keeps sqlite3's
``check_same_thread`` so a connection handed to another thread fails loudly.
Workers open their own store on the same path; ``busy_timeout`` makes a second
writer wait for the first instead of failing.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3
import sqlite_utils

from app.store.vault import VaultError

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 32 * 1024
PLAIN_HEADER = b"SQLite format 3\x00"

# The DB-API module every laptop connection comes from (errors are its classes:
# ``sqlcipher3.IntegrityError``, not ``sqlite3.IntegrityError``).
dbapi = sqlcipher3


class WrongKey(VaultError):
    """The key does not open this database file (or the file is not a database)."""

    code_name = "wrong_key"


def is_plaintext(path: Path) -> bool:
    """True for an unencrypted SQLite file (an earlier version's), False otherwise."""
    try:
        with open(path, "rb") as f:
            return f.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except FileNotFoundError:
        return False


# The cipher profile of every file this version makes (set after the key, before the
# first read); LEGACY_CIPHER_PRAGMAS is SQLCipher 4's default profile, which the first
# encrypted build used.
CIPHER_PRAGMAS = ("PRAGMA cipher_page_size = 2048", "PRAGMA cipher_use_hmac = OFF")
LEGACY_CIPHER_PRAGMAS = ("PRAGMA cipher_page_size = 4096", "PRAGMA cipher_use_hmac = ON")


def _keyed(path: Path | str, key: bytes | None, uri: bool, pragmas: tuple[str, ...]):
    conn = sqlcipher3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, uri=uri)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to report
        if key is not None:
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            for pragma in pragmas:
                conn.execute(pragma)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        conn.close()
        raise
    return conn


def _raw_connect(
    path: Path | str,
    key: bytes | None,
    uri: bool = False,
    profile: tuple[str, ...] | None = None,
) -> sqlcipher3.Connection:
    """A keyed connection: with ``profile`` None the current cipher profile, else (an
    existing file) the legacy one; a given ``profile`` is the only one tried."""
    if key is None:
        profiles = [()]
    elif profile is None:
        profiles = [CIPHER_PRAGMAS, LEGACY_CIPHER_PRAGMAS]
    else:
        profiles = [profile]
    for pragmas in profiles:
        try:
            return _keyed(path, key, uri, pragmas)
        except sqlcipher3.DatabaseError as exc:
            error = exc
    raise WrongKey(f"{Path(str(path)).name} cannot be opened with this key") from error


def cipher_profile(conn: sqlcipher3.Connection) -> tuple[str, ...]:
    """The pragmas that open another file the way ``conn``'s file is encrypted."""
    size = int(conn.execute("PRAGMA cipher_page_size").fetchone()[0])
    hmac = "ON" if uses_hmac(conn) else "OFF"
    return (f"PRAGMA cipher_page_size = {size}", f"PRAGMA cipher_use_hmac = {hmac}")


def uses_hmac(conn: sqlcipher3.Connection) -> bool:
    """True when ``conn``'s file has SQLCipher's per-page HMAC (an earlier build's file)."""
    return str(conn.execute("PRAGMA cipher_use_hmac").fetchone()[0]) == "1"


def connect(path: Path, key: bytes | None) -> sqlite_utils.Database:
    """Open ``path`` (created if missing) with WAL, foreign keys and full sync.

    ``key`` (32 bytes) opens or creates an encrypted file; None opens an unencrypted
    one (only to upgrade a file from an earlier version).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = _raw_connect(path, key)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        conn.close()
        raise sqlcipher3.OperationalError(f"cannot switch {path.name} to WAL (got {mode})")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Room for the request indexes at 750,000 rows, and sorts kept in memory.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA temp_store = MEMORY")
    return sqlite_utils.Database(conn)


@contextlib.contextmanager
def read_only(path: Path, key: bytes | None) -> Iterator[sqlite_utils.Database]:
    """Open an existing ``path`` read-only (no pragma or schema change), closed on exit.

    Cheap to call before deciding whether the file needs the slow path (migrations).
    """
    conn = _raw_connect(f"{Path(path).resolve().as_uri()}?mode=ro", key, uri=True)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        yield sqlite_utils.Database(conn)
    finally:
        conn.close()


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """Run the block in one write transaction; nested blocks become savepoints.

    The outer transaction starts with ``BEGIN IMMEDIATE`` so the write lock is
    taken up front: a second writer waits (busy_timeout) at the start rather than
    failing half-way when a read transaction cannot be upgraded.
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"jempol_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def backup_to(conn: sqlcipher3.Connection, dest: Path, key: bytes | None) -> Path:
    """Copy the live database to ``dest`` with the online backup API, encrypted with
    ``key`` like the original (a backup is as sensitive as the database)."""
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.unlink(missing_ok=True)
    # The same cipher profile as the original: SQLite's backup copies pages as they are.
    target = _raw_connect(tmp, key, profile=cipher_profile(conn) if key is not None else None)
    try:
        conn.backup(target)
    finally:
        target.close()
    tmp.replace(dest)
    return dest


def encrypt_copy(src: Path, dest: Path, key: bytes) -> None:
    """Write an encrypted copy of the unencrypted database ``src`` to ``dest``.

    ``sqlcipher_export`` copies schema, rows and user_version page by page into the
    keyed database; the copy is flushed to disk before this returns.
    """
    dest.unlink(missing_ok=True)
    conn = _raw_connect(src, None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", [str(dest), f"x'{key.hex()}'"])
        for pragma in CIPHER_PRAGMAS:
            conn.execute(pragma.replace("PRAGMA ", "PRAGMA encrypted.", 1))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    fd = os.open(dest, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def utc_now() -> str:
    """Current UTC time as ISO-8601 with microseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
