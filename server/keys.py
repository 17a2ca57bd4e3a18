"""The server's long-term bundle key: an X25519 key pair in a key file.

Laptops pin the public half at registration and encrypt relay bundles to it
(:mod:`sync.bundle`). The file lives in the server data dir as ``server-keys.json``
(``$JEMPOL_SERVER_KEY_FILE`` overrides the place). ``jempol-server keys init`` creates
it; ``serve`` creates it on first start when it is missing. Several servers behind one
address must share the same file: copy it (it is a secret, mode 0600). Losing it makes
bundles not yet imported unreadable and laptops must register again.

The file is JSON ``{format, version, x25519_private, x25519_public, key_id}`` with the
keys as base64 of their raw 32 bytes (the RFC 7748 encoding, whatever library wrote it);
the keys are libsodium's, through PyNaCl.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from nacl.public import PrivateKey

from server.config import default_data_dir
from sync.bundle import KEY_BYTES, b64, key_id, unb64
from sync.private_file import write_private_json

KEY_FILENAME = "server-keys.json"
ENV_KEY_FILE = "JEMPOL_SERVER_KEY_FILE"
FILE_FORMAT = "jempol-server-keys"
FILE_VERSION = 1


class KeyFileError(ValueError):
    """The key file is missing, unreadable or already there (for ``keys init``)."""


@dataclass(frozen=True)
class ServerKeys:
    path: Path
    private_key: PrivateKey  # X25519 (libsodium, through PyNaCl)
    # The organisation's recovery public key (sync.recovery_key), handed to laptops so
    # they can seal their database key to it; None until an administrator creates one.
    recovery_public: str | None = None

    @property
    def public_raw(self) -> bytes:
        return bytes(self.private_key.public_key)

    @property
    def public_key(self) -> str:
        """Base64 of the raw X25519 public key (what laptops pin)."""
        return b64(self.public_raw)

    @property
    def key_id(self) -> str:
        return key_id(self.public_raw)


def key_file_path(
    data_dir: str | os.PathLike | None = None, database_url: str | None = None
) -> Path:
    """``$JEMPOL_SERVER_KEY_FILE``, else ``<data dir>/server-keys.json``.

    Without ``data_dir``, a SQLite database file's folder is the data dir (that is where
    ``resolve_database_url`` puts it); for other databases the default data dir.
    """
    env = os.environ.get(ENV_KEY_FILE)
    if env:
        return Path(env)
    if data_dir:
        return Path(data_dir) / KEY_FILENAME
    if database_url and database_url.startswith("sqlite:///") and ":memory:" not in database_url:
        return Path(database_url[len("sqlite:///") :]).parent / KEY_FILENAME
    return default_data_dir() / KEY_FILENAME


def load_keys(path: Path) -> ServerKeys:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyFileError(f"no key file at {path}; run 'jempol-server keys init'") from None
    except (OSError, ValueError) as exc:
        raise KeyFileError(f"cannot read the key file {path}: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
        raise KeyFileError(f"{path} is not a Jempol server key file")
    try:
        private = PrivateKey(unb64(doc["x25519_private"], KEY_BYTES))
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyFileError(f"{path}: damaged x25519_private ({exc})") from None
    recovery = doc.get("recovery_public")
    if recovery is not None:
        try:
            unb64(recovery, KEY_BYTES)
        except (TypeError, ValueError) as exc:
            raise KeyFileError(f"{path}: damaged recovery_public ({exc})") from None
    keys = ServerKeys(Path(path), private, recovery)
    if doc.get("x25519_public", keys.public_key) != keys.public_key:
        raise KeyFileError(f"{path}: x25519_public does not belong to x25519_private")
    return keys


def set_recovery_public(path: Path, public_key: str) -> ServerKeys:
    """Record the organisation's recovery public key in the key file (replaced atomically)."""
    path = Path(path)
    load_keys(path)  # refuses a missing or damaged file
    doc = json.loads(path.read_text(encoding="utf-8"))
    unb64(public_key, KEY_BYTES)
    doc["recovery_public"] = public_key
    write_private_json(path, doc)
    return load_keys(path)


def init_keys(path: Path) -> ServerKeys:
    """Create a new key file at ``path`` (never overwrites; ``KeyFileError`` if it exists).

    Written to a temporary file (0600) and linked into place, so a reader never sees a
    half-written file and two starting servers cannot both create one.
    """
    path = Path(path)
    if path.exists():
        raise KeyFileError(f"{path} already exists; keep it (laptops pinned its key)")
    path.parent.mkdir(parents=True, exist_ok=True)
    private = PrivateKey.generate()
    keys = ServerKeys(path, private)
    doc = {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "x25519_private": b64(bytes(private)),
        "x25519_public": keys.public_key,
        "key_id": keys.key_id,
    }
    try:
        write_private_json(path, doc, exclusive=True)
    except FileExistsError:
        raise KeyFileError(f"{path} already exists; keep it (laptops pinned its key)") from None
    return keys


def ensure_keys(path: Path) -> ServerKeys:
    """The keys at ``path``, created first when the file does not exist."""
    try:
        return init_keys(path)
    except KeyFileError:
        if Path(path).exists():
            return load_keys(path)
        raise


class KeyRing:
    """The server's keys, read from ``path`` on first use (a missing file is retried later:
    ``keys init`` may run while the server is up)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._keys: ServerKeys | None = None
        self._mtime: int | None = None
        self._lock = threading.Lock()

    def get(self) -> ServerKeys | None:
        """The keys, read again when the file changed (a recovery key added later)."""
        with self._lock:
            try:
                mtime = self.path.stat().st_mtime_ns
            except FileNotFoundError:
                return self._keys
            if self._keys is None or mtime != self._mtime:
                self._keys = load_keys(self.path)
                self._mtime = mtime
            return self._keys
