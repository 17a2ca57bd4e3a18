"""The organisation's recovery key: the way back into a laptop whose officer forgot the
password.

An administrator creates it once (``jempol-server keys recovery-init --out FILE``): an
X25519 key pair. The public half goes into the server's key file and reaches every
laptop at registration (and at each sync); each laptop seals its database key to it
(the ``recovery`` slot of ``app.store.vault``). The private half is written to FILE,
itself encrypted under a passphrase (Argon2id, libsodium secret box), and kept offline
(a USB stick in the office safe) — never on the server. ``jempol recover`` on the laptop
opens the slot with it and sets a new password for the officer (docs/security.md).

Shared by the server (creates the file) and the laptop app (reads it), so it lives here
with the other wire-level formats; no Qt, no SQL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey
from nacl.secret import SecretBox

from sync.private_file import write_private_json

FILE_FORMAT = "jempol-recovery-key"
FILE_VERSION = 1
KEY_BYTES = 32
MIN_PASSPHRASE = 12
KDF = {"t": 3, "m": 256 * 1024, "p": 4}  # used once per recovery: make guessing costly


class RecoveryKeyError(ValueError):
    """The recovery key file is missing, damaged, or the passphrase is wrong."""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def key_id(public_b64: str) -> str:
    """Short fingerprint of a recovery public key (as ``app.store.vault`` shows it)."""
    return hashlib.sha256(_unb64(public_b64)).hexdigest()[:16]


def _kek(passphrase: str, kdf: dict) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        _unb64(kdf["salt"]),
        time_cost=int(kdf["t"]),
        memory_cost=int(kdf["m"]),
        parallelism=int(kdf["p"]),
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def write_recovery_key(path: Path, passphrase: str, kdf: dict | None = None) -> str:
    """Create a key pair, write its private half to ``path`` (never overwritten, mode
    0600) under ``passphrase``; return the public half (base64)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise RecoveryKeyError(f"the passphrase needs at least {MIN_PASSPHRASE} characters")
    path = Path(path)
    if path.exists():
        raise RecoveryKeyError(f"{path} already exists; keep it, or choose another name")
    private = PrivateKey.generate()
    public = _b64(bytes(private.public_key))
    params = {"name": "argon2id", **(kdf or KDF), "salt": _b64(secrets.token_bytes(16))}
    doc = {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "key_id": key_id(public),
        "public": public,
        "kdf": params,
        "box": _b64(bytes(SecretBox(_kek(passphrase, params)).encrypt(bytes(private)))),
    }
    try:
        write_private_json(path, doc, exclusive=True)
    except FileExistsError:
        raise RecoveryKeyError(f"{path} already exists; keep it, or choose another name") from None
    return public


def _load(path: Path) -> dict:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecoveryKeyError(f"no recovery key file at {path}") from None
    except (OSError, ValueError) as exc:
        raise RecoveryKeyError(f"cannot read {path}: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
        raise RecoveryKeyError(f"{path} is not a Jempol recovery key file")
    return doc


def public_key_of(path: Path) -> str:
    """The public half recorded in a recovery key file (no passphrase needed)."""
    return _load(path)["public"]


def open_recovery_key(path: Path, passphrase: str) -> PrivateKey:
    """The private key in ``path``; ``RecoveryKeyError`` when the passphrase is wrong."""
    doc = _load(path)
    try:
        raw = SecretBox(_kek(passphrase, doc["kdf"])).decrypt(_unb64(doc["box"]))
    except CryptoError:
        raise RecoveryKeyError("wrong passphrase for the recovery key file") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise RecoveryKeyError(f"{path} is damaged ({exc})") from None
    private = PrivateKey(raw)
    if _b64(bytes(private.public_key)) != doc["public"]:
        raise RecoveryKeyError(f"{path} is damaged (its halves do not match)")
    return private
