"""The laptop database key and the key file that guards it.

The SQLite file is encrypted with SQLCipher (``sqlcipher3``) under a random 256-bit key.
That key is never written anywhere in the clear (except while a fresh data folder has
no officer yet, see below). The key file ``jempol.keys.json`` beside the database holds
it wrapped in *slots*:

- ``officer`` slots: the key in a libsodium secret box under a key derived from one
  officer's offline password with a memory-hard KDF (Argon2id; a file upgraded from
  an unencrypted version starts with scrypt slots made from the password hashes it
  already held, and they are re-made with Argon2id at that officer's next sign-in).
  Several officers sharing a laptop each have their own slot; each slot's label is
  the officer's name, shown at sign-in.
- one ``recovery`` slot: the key in a sealed box to the organisation's recovery public
  key (an X25519 key; its private half stays with an administrator, see
  ``jempol recover`` and docs/security.md). Made as soon as the laptop learns that public
  key (at device registration, or from a key file shipped with the installer).
- a ``setup`` slot holding the key in the clear, only between creating a fresh data
  folder and creating its first officer profile; the database holds no residents' data
  then. Creating the first officer re-keys the database (``PRAGMA rekey``) and drops it.

Also in the key file, none of it secret: wrong-password counts per officer (so the
increasing delay survives a restart) and whether scheduled sync may keep the key in
the operating system's credential store (``unattended``; Windows Credential Manager,
macOS Keychain, Secret Service on Linux, through ``keyring``), which is how
``jempol-sync run`` from Task Scheduler opens the database while the app is closed.

Unlocked keys are kept in this process only (``remember``/``key_for``), so a worker
thread opening its own ``Store`` on the same path finds the key the GUI unlocked.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import os
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from filelock import FileLock
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

from app.store.errors import StoreError

log = logging.getLogger("jempol.store.vault")

KEYFILE_SUFFIX = ".keys.json"
FILE_FORMAT = "jempol-keys"
FILE_VERSION = 1
KEY_BYTES = 32
KEYRING_SERVICE = "Jempol"

# Argon2id cost of an officer slot: 64 MiB, 3 passes, 4 lanes (~0.2 s on a field laptop;
# unlock must stay under 1 s). Tests lower it (tests/conftest.py).
ARGON2_PARAMS: dict[str, int] = {"t": 3, "m": 64 * 1024, "p": 4}
SALT_BYTES = 16


class VaultError(StoreError):
    """The key file is missing, damaged or does not fit the database.

    ``str(err)`` is the technical detail (for logs and administrators' commands);
    ``message(lang)`` the officer's message (``app.store.errors.MESSAGES[code]``).
    """

    code_name = "vault"

    def __init__(self, detail: str) -> None:
        self.code = self.code_name
        self.field = None
        self.params = {"detail": detail}
        ValueError.__init__(self, detail)


class StoreLocked(VaultError):
    """The database is encrypted and no key for it is unlocked in this process."""

    code_name = "store_locked"


class WrongPassword(VaultError):
    """The password (or recovery key) does not open this slot."""

    code_name = "wrong_password"


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def keyfile_path(db_path: Path) -> Path:
    """``jempol.sqlite3`` -> ``jempol.keys.json`` in the same folder."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + KEYFILE_SUFFIX)


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def recovery_key_id(public_raw: bytes) -> str:
    """Short fingerprint of a recovery public key (shown to administrators)."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


# --- keys unlocked in this process ---------------------------------------------------

_unlocked: dict[str, bytes] = {}
_unlocked_lock = threading.Lock()


def _id(db_path: Path) -> str:
    return str(Path(db_path).resolve())


def remember(db_path: Path, key: bytes) -> None:
    """Keep ``key`` for ``db_path`` in this process (worker threads open with it)."""
    with _unlocked_lock:
        _unlocked[_id(db_path)] = key


def key_for(db_path: Path) -> bytes | None:
    with _unlocked_lock:
        return _unlocked.get(_id(db_path))


def forget(db_path: Path | None = None) -> None:
    """Drop the unlocked key of ``db_path`` (every key when None)."""
    with _unlocked_lock:
        if db_path is None:
            _unlocked.clear()
        else:
            _unlocked.pop(_id(db_path), None)


# --- the operating system's credential store (scheduled sync) ------------------------


def _keyring_user(db_path: Path) -> str:
    return "db-key:" + hashlib.sha256(_id(db_path).encode("utf-8")).hexdigest()[:24]


def store_unattended_key(db_path: Path, key: bytes) -> bool:
    """Put the key in the OS credential store; False when there is none."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _keyring_user(db_path), key.hex())
        return True
    except Exception as exc:  # noqa: BLE001 - no backend, locked keychain, ...
        log.info("credential store not available: %s", type(exc).__name__)
        return False


def unattended_key(db_path: Path) -> bytes | None:
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, _keyring_user(db_path))
    except Exception:  # noqa: BLE001
        return None
    try:
        return bytes.fromhex(value) if value else None
    except ValueError:
        return None


def clear_unattended_key(db_path: Path) -> None:
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, _keyring_user(db_path))
    except Exception:  # noqa: BLE001 - nothing stored, or no backend
        pass


# --- key derivation ------------------------------------------------------------------


def _derive(password: str, kdf: dict[str, Any]) -> bytes:
    secret = password.encode("utf-8")
    salt = unb64(kdf["salt"])
    if kdf["name"] == "argon2id":
        return hash_secret_raw(
            secret,
            salt,
            time_cost=int(kdf["t"]),
            memory_cost=int(kdf["m"]),
            parallelism=int(kdf["p"]),
            hash_len=KEY_BYTES,
            type=Type.ID,
        )
    if kdf["name"] == "scrypt":
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        return hashlib.scrypt(
            secret, salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=128 * r * n * 2
        )
    raise VaultError(f"unknown key derivation {kdf['name']!r}")


def _argon2_kdf() -> dict[str, Any]:
    return {"name": "argon2id", **ARGON2_PARAMS, "salt": b64(secrets.token_bytes(SALT_BYTES))}


def _wrap(kek: bytes, key: bytes) -> str:
    return b64(bytes(SecretBox(kek).encrypt(key)))


def _unwrap(kek: bytes, box: str) -> bytes:
    return SecretBox(kek).decrypt(unb64(box))


def _nip(text: str) -> str:
    return "".join(text.split())


def _same_nip(a: str, b: str) -> bool:
    return _nip(a) == _nip(b)


def failure_count(value: Any) -> tuple[int, float]:
    """(wrong passwords in a row, unix time of the last) from a stored
    ``{"count": n, "at": t}``; (0, 0.0) for anything else."""
    if not isinstance(value, dict):
        return 0, 0.0
    count, at = value.get("count", 0), value.get("at", 0.0)
    if not isinstance(count, int) or not isinstance(at, int | float):
        return 0, 0.0
    return max(0, count), float(at)


@dataclass(frozen=True)
class OfficerSlot:
    nip: str
    name: str


class Vault:
    """The key file of one database (read, changed and written back whole)."""

    def __init__(self, db_path: Path, data: dict[str, Any]):
        self.db_path = Path(db_path)
        self.path = keyfile_path(self.db_path)
        self.data = data

    # -- loading and saving --
    @classmethod
    def exists(cls, db_path: Path) -> bool:
        return keyfile_path(db_path).exists()

    @classmethod
    def load(cls, db_path: Path) -> Vault:
        path = keyfile_path(db_path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StoreLocked(f"{path.name} is missing") from None
        except (OSError, ValueError) as exc:
            raise VaultError(f"{path.name} cannot be read: {exc}") from exc
        if data.get("format") != FILE_FORMAT or data.get("version") != FILE_VERSION:
            raise VaultError(f"{path.name} is not a Jempol key file of version {FILE_VERSION}")
        return cls(db_path, data)

    @classmethod
    def new(cls, db_path: Path) -> Vault:
        return cls(
            db_path,
            {
                "format": FILE_FORMAT,
                "version": FILE_VERSION,
                "slots": [],
                "failures": {},
                "unattended": True,
            },
        )

    def save(self) -> None:
        """Write the file atomically, readable by its owner only."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.data, indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            with contextlib.suppress(OSError):
                os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    @contextlib.contextmanager
    def editing(self):
        """Re-read, change and save under a file lock (the GUI and the CLI may both write)."""
        with FileLock(str(self.path) + ".lock", timeout=30):
            if self.path.exists():
                self.data = Vault.load(self.db_path).data
            yield self
            self.save()

    # -- slots --
    @property
    def slots(self) -> list[dict[str, Any]]:
        return self.data.setdefault("slots", [])

    def officers(self) -> list[OfficerSlot]:
        return [
            OfficerSlot(s["nip"], s.get("name", "")) for s in self.slots if s["kind"] == "officer"
        ]

    def _officer_slot(self, nip: str) -> dict[str, Any] | None:
        return next(
            (s for s in self.slots if s["kind"] == "officer" and _same_nip(s["nip"], nip)), None
        )

    def setup_key(self) -> bytes | None:
        slot = next((s for s in self.slots if s["kind"] == "setup"), None)
        return unb64(slot["key"]) if slot else None

    def set_setup_key(self, key: bytes) -> None:
        self.data["slots"] = [s for s in self.slots if s["kind"] != "setup"]
        self.slots.append({"kind": "setup", "key": b64(key)})

    def drop_setup_key(self) -> None:
        self.data["slots"] = [s for s in self.slots if s["kind"] != "setup"]

    def unlock(self, nip: str, password: str) -> bytes:
        """The database key from ``nip``'s slot; ``WrongPassword`` when it does not open."""
        slot = self._officer_slot(nip)
        if slot is None:
            raise WrongPassword(f"no key slot for officer {nip}")
        try:
            return _unwrap(_derive(password, slot["kdf"]), slot["box"])
        except CryptoError:
            raise WrongPassword(f"wrong password for officer {nip}") from None

    def needs_slot(self, nip: str) -> bool:
        """No slot for ``nip`` yet, or one made with an older KDF or lower cost."""
        slot = self._officer_slot(nip)
        if slot is None:
            return True
        kdf = slot["kdf"]
        return kdf["name"] != "argon2id" or any(int(kdf[k]) < v for k, v in ARGON2_PARAMS.items())

    def set_officer(self, key: bytes, nip: str, name: str, password: str) -> None:
        """Add (or replace) ``nip``'s slot: ``key`` wrapped under ``password`` (Argon2id)."""
        kdf = _argon2_kdf()
        self._put_officer(
            {
                "kind": "officer",
                "nip": _nip(nip),
                "name": name.strip(),
                "kdf": kdf,
                "box": _wrap(_derive(password, kdf), key),
            }
        )

    def set_officer_from_hash(
        self, key: bytes, nip: str, name: str, salt: bytes, digest: bytes, n: int, r: int, p: int
    ) -> None:
        """A slot from an officer's stored scrypt password hash (upgrading a plain file).

        The digest *is* scrypt(password, salt): the key derived at sign-in from the typed
        password, so the slot opens with the same password without knowing it here.
        """
        kdf = {"name": "scrypt", "n": n, "r": r, "p": p, "salt": b64(salt)}
        self._put_officer(
            {
                "kind": "officer",
                "nip": _nip(nip),
                "name": name.strip(),
                "kdf": kdf,
                "box": _wrap(digest, key),
            }
        )

    def _put_officer(self, slot: dict[str, Any]) -> None:
        self.data["slots"] = [
            s
            for s in self.slots
            if not (s["kind"] == "officer" and _same_nip(s["nip"], slot["nip"]))
        ]
        self.slots.append(slot)

    # -- recovery --
    def recovery_public(self) -> str | None:
        slot = next((s for s in self.slots if s["kind"] == "recovery"), None)
        return slot["public"] if slot else None

    def set_recovery(self, key: bytes, public_b64: str) -> None:
        public_raw = unb64(public_b64)
        if len(public_raw) != KEY_BYTES:
            raise VaultError("a recovery public key is 32 bytes")
        box = SealedBox(PublicKey(public_raw)).encrypt(key)
        self.data["slots"] = [s for s in self.slots if s["kind"] != "recovery"]
        self.slots.append(
            {
                "kind": "recovery",
                "public": public_b64,
                "key_id": recovery_key_id(public_raw),
                "box": b64(bytes(box)),
            }
        )

    def unlock_with_recovery(self, private_key: PrivateKey) -> bytes:
        slot = next((s for s in self.slots if s["kind"] == "recovery"), None)
        if slot is None:
            raise VaultError("this laptop has no recovery slot")
        if slot["public"] != b64(bytes(private_key.public_key)):
            raise WrongPassword(
                f"the recovery key does not fit this laptop (it needs key {slot['key_id']})"
            )
        try:
            return SealedBox(private_key).decrypt(unb64(slot["box"]))
        except CryptoError:
            raise VaultError("the recovery slot is damaged") from None

    # -- wrong-password counts (not secret) --
    def failures(self, nip: str) -> tuple[int, float]:
        return failure_count(self.data.setdefault("failures", {}).get(_nip(nip)))

    def set_failures(self, nip: str, count: int, at: float | None = None) -> None:
        failures = self.data.setdefault("failures", {})
        if count <= 0:
            failures.pop(_nip(nip), None)
        else:
            failures[_nip(nip)] = {"count": count, "at": time.time() if at is None else at}

    # -- scheduled sync --
    @property
    def unattended(self) -> bool:
        return bool(self.data.get("unattended", True))

    @unattended.setter
    def unattended(self, value: bool) -> None:
        self.data["unattended"] = bool(value)

    @property
    def last_nip(self) -> str | None:
        return self.data.get("last_nip")

    @last_nip.setter
    def last_nip(self, nip: str | None) -> None:
        self.data["last_nip"] = nip
