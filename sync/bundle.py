"""Relay bundles: sealed batches in one file that only the server can read.

A laptop that stays offline for weeks exports its sealed, not-yet-acknowledged batches
into one file (``jempol-sync export-bundle``); any other connected Jempol relays it
(``jempol-sync relay-bundle``) or an admin imports it (``jempol-server import-bundle``).
Shared by both ends like :mod:`sync.protocol`: no Qt, no HTTP, no store.

File layout (all integers big-endian)::

    b"JEMPOLB1"                      magic, 8 bytes
    u32 header_length
    header                           canonical JSON of BundleHeader
    ciphertext                       ChaCha20-Poly1305(payload), associated data = the
                                     bytes above (magic, length, header)
    signature                        Ed25519 by the device key over everything above, 64 bytes

``payload`` is, for each batch of ``header.batches`` in order, ``u32 length`` + the
batch body exactly as stored on the laptop (gzip, byte-identical to what a direct sync
would send, so the server's idempotency by batch UUID holds). The key is
``HKDF-SHA256(X25519(ephemeral, server), salt = ephemeral_pub || server_pub,
info = "jempol-bundle-v1")``: only the holder of the server's X25519 private key can read
the payload; any changed byte breaks the signature (and the AEAD tag).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from typing import Literal

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sync.errors import SyncError
from sync.protocol import MAX_COMPRESSED_BYTES, BatchResult, canonical_json

MAGIC = b"JEMPOLB1"
FORMAT_VERSION = 1
CIPHER = "x25519-hkdf-sha256-chacha20poly1305"
HKDF_INFO = b"jempol-bundle-v1"
SIGNATURE_BYTES = 64
KEY_BYTES = 32
NONCE_BYTES = 12
MAX_HEADER_BYTES = 1024 * 1024
MAX_BUNDLE_BYTES = 64 * 1024 * 1024  # the relay endpoint reads at most this much
BUNDLE_SUFFIX = ".jempol"
# sync_kv keys on the laptop (written at registration by sync.client.register_device).
KV_SIGNING_KEY = "bundle_signing_key"  # this device's Ed25519 private key (base64)
KV_SERVER_KEY = "server_bundle_key"  # the server's X25519 public key, pinned (base64)
MEDIA_TYPE = "application/vnd.jempol.bundle"

_LENGTH = struct.Struct(">I")

# Why a bundle is refused (whole bundle, nothing written), or cannot be made.
BUNDLE_MESSAGES: dict[str, dict[str, str]] = {
    "bundle_damaged": {
        "id": "File paket rusak atau telah diubah (tanda tangan tidak cocok). Tidak ada data "
        "yang disimpan; ekspor ulang paket dari laptop asal.",
        "en": "The bundle file is damaged or was altered (signature does not match). Nothing "
        "was stored; export the bundle again on the original laptop.",
    },
    "bundle_wrong_server": {
        "id": "Paket ini dikunci untuk server lain. Kirim ke server tempat laptop asal "
        "terdaftar, atau daftarkan ulang laptop asal lalu ekspor lagi.",
        "en": "This bundle is locked for another server. Send it to the server the original "
        "laptop is registered with, or register that laptop again and export again.",
    },
    "bundle_device_unknown": {
        "id": "Laptop pembuat paket tidak terdaftar di server ini. Tidak ada data yang disimpan.",
        "en": "The laptop that made this bundle is not registered with this server. Nothing "
        "was stored.",
    },
    "bundle_device_revoked": {
        "id": "Laptop pembuat paket telah dicabut atau akunnya dinonaktifkan oleh admin. Paket "
        "ditolak; hubungi admin.",
        "en": "The laptop that made this bundle was revoked, or its account disabled, by the "
        "admin. The bundle is refused; call the admin.",
    },
    "bundle_device_no_key": {
        "id": "Laptop pembuat paket terdaftar tanpa kunci paket. Daftarkan ulang laptop itu "
        "(saat ada sinyal), lalu ekspor paket lagi.",
        "en": "The laptop that made this bundle was registered without a bundle key. Register "
        "that laptop again (when online), then export again.",
    },
    "bundle_no_server_key": {
        "id": "Server belum punya kunci paket. Admin: jalankan 'jempol-server keys init'.",
        "en": "The server has no bundle key yet. Admin: run 'jempol-server keys init'.",
    },
    "bundle_too_large": {
        "id": "Paket terlalu besar (lebih dari {limit} MB). Sinkronkan sebagian data lebih "
        "dulu atau hubungi admin.",
        "en": "The bundle is too large (over {limit} MB). Sync part of the data first or call "
        "the admin.",
    },
    "bundle_not_ready": {
        "id": "Laptop ini belum menyimpan kunci paket dari server. Daftarkan ulang laptop ini "
        "ke server (Sinkronisasi > Pengaturan) saat ada sinyal, lalu ekspor lagi.",
        "en": "This laptop holds no bundle key from the server yet. Register this laptop again "
        "(Sync > Settings) when online, then export again.",
    },
    "bundle_refused": {
        "id": "Server menolak paket: {detail}",
        "en": "The server refused the bundle: {detail}",
    },
    "bundle_unreadable": {
        "id": "File paket tidak dapat dibaca: {detail}. Periksa nama file dan flashdisk.",
        "en": "The bundle file cannot be read: {detail}. Check the file name and the USB drive.",
    },
    "bundle_unwritable": {
        "id": "File paket tidak dapat ditulis: {detail}. Periksa flashdisk dan ruang kosongnya.",
        "en": "The bundle file cannot be written: {detail}. Check the USB drive and its free "
        "space.",
    },
}


class BundleError(SyncError):
    """A bundle that cannot be made, read or accepted; ``code`` is a ``BUNDLE_MESSAGES`` key."""

    def message(self, lang: str = "id") -> str:
        texts = BUNDLE_MESSAGES.get(self.code)
        if texts is None:
            return super().message(lang)
        limit = MAX_BUNDLE_BYTES // (1024 * 1024)
        return texts.get(lang, texts["id"]).format(detail=self.detail or "-", limit=limit)


def bundle_message(code: str, lang: str = "id", detail: str | None = None) -> str:
    """The text of a bundle refusal code, or of a protocol error code of one batch."""
    return BundleError(code, detail).message(lang)


# --------------------------------------------------------------------------- models


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class BundleHeader(_Model):
    format: int = FORMAT_VERSION
    cipher: str = CIPHER
    device_id: str = Field(min_length=1, max_length=64)
    created_at: str
    batches: list[str] = Field(min_length=1)
    server_key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    ephemeral_key: str  # base64 of the raw 32-byte X25519 public key
    nonce: str  # base64 of the 12-byte ChaCha20-Poly1305 nonce


class RelayBatchResult(_Model):
    batch_uuid: str
    status: Literal["stored", "duplicate", "refused"]
    code: str = ""
    message: str = ""
    accepted: int = 0
    rejected: int = 0
    stale: int = 0
    result: BatchResult | None = None


class RelayResult(_Model):
    """Answer of ``POST /api/v1/relay`` and of ``jempol-server import-bundle``.

    ``status`` "refused": the whole bundle was refused (``code``/``message`` say why) and
    nothing of it was written. "ingested": every batch went through the normal ingest, each
    with its own ``status``.
    """

    status: Literal["ingested", "refused"]
    code: str = ""
    message: str = ""
    device_id: str = ""
    created_at: str = ""
    batches: list[RelayBatchResult] = []
    server_time: str = ""


# --------------------------------------------------------------------------- keys


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, size: int | None = None) -> bytes:
    """Strict base64; ``ValueError`` on bad text or a wrong decoded length."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, AttributeError) as exc:
        raise ValueError("not base64") from exc
    if size is not None and len(raw) != size:
        raise ValueError(f"expected {size} bytes, got {len(raw)}")
    return raw


def key_id(public_raw: bytes) -> str:
    """Short fingerprint of a public key (16 hex digits of its SHA-256)."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def new_device_key() -> tuple[str, str]:
    """A new Ed25519 signing key pair: (private, public), both base64 of the raw 32 bytes."""
    private = Ed25519PrivateKey.generate()
    return b64(private.private_bytes_raw()), b64(private.public_key().public_bytes_raw())


def device_public_key(private_b64: str) -> str:
    private = Ed25519PrivateKey.from_private_bytes(unb64(private_b64, KEY_BYTES))
    return b64(private.public_key().public_bytes_raw())


def check_public_key(text: str) -> bytes:
    """The raw bytes of a base64 32-byte public key; ``ValueError`` otherwise."""
    return unb64(text, KEY_BYTES)


# --------------------------------------------------------------------------- writing


def _derive_key(shared: bytes, ephemeral_raw: bytes, server_raw: bytes) -> bytes:
    hkdf = HKDF(
        algorithm=SHA256(), length=KEY_BYTES, salt=ephemeral_raw + server_raw, info=HKDF_INFO
    )
    return hkdf.derive(shared)


def _frame(header: BundleHeader) -> bytes:
    raw = canonical_json(header)
    return MAGIC + _LENGTH.pack(len(raw)) + raw


def write_bundle(
    device_id: str,
    signing_key_b64: str,
    server_public_b64: str,
    batches: list[tuple[str, bytes]],
    created_at: str,
) -> bytes:
    """The bundle bytes for ``batches`` ((batch_uuid, stored body) in sending order)."""
    if not batches:
        raise ValueError("a bundle holds at least one batch")
    server_raw = check_public_key(server_public_b64)
    signer = Ed25519PrivateKey.from_private_bytes(unb64(signing_key_b64, KEY_BYTES))
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(server_raw))
    nonce = os.urandom(NONCE_BYTES)
    header = BundleHeader(
        device_id=device_id,
        created_at=created_at,
        batches=[batch_uuid for batch_uuid, _body in batches],
        server_key_id=key_id(server_raw),
        ephemeral_key=b64(ephemeral_raw),
        nonce=b64(nonce),
    )
    framed = _frame(header)
    payload = b"".join(_LENGTH.pack(len(body)) + body for _uuid, body in batches)
    cipher = ChaCha20Poly1305(_derive_key(shared, ephemeral_raw, server_raw))
    signed = framed + cipher.encrypt(nonce, payload, framed)
    data = signed + signer.sign(signed)
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError("bundle_too_large")
    return data


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class ParsedBundle:
    """A bundle split into its parts; nothing is verified yet (see :func:`verify`)."""

    header: BundleHeader
    framed: bytes  # magic + length + header: the AEAD associated data
    ciphertext: bytes
    signature: bytes

    @property
    def signed(self) -> bytes:
        return self.framed + self.ciphertext


def parse_bundle(data: bytes) -> ParsedBundle:
    """Split the file; ``BundleError("bundle_damaged")`` when it is not a bundle."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError("bundle_too_large")
    start = len(MAGIC) + _LENGTH.size
    if len(data) < start + SIGNATURE_BYTES or not data.startswith(MAGIC):
        raise BundleError("bundle_damaged", "not a Jempol bundle")
    (header_len,) = _LENGTH.unpack_from(data, len(MAGIC))
    if header_len > MAX_HEADER_BYTES or start + header_len + SIGNATURE_BYTES > len(data):
        raise BundleError("bundle_damaged", "header length")
    raw_header = data[start : start + header_len]
    try:
        doc = json.loads(raw_header.decode("utf-8"))
        header = BundleHeader.model_validate(doc)
    except (UnicodeDecodeError, ValueError, ValidationError) as exc:
        raise BundleError("bundle_damaged", "header") from exc
    if header.format != FORMAT_VERSION or header.cipher != CIPHER:
        raise BundleError("bundle_damaged", f"format {header.format} / {header.cipher}")
    return ParsedBundle(
        header=header,
        framed=data[: start + header_len],
        ciphertext=data[start + header_len : -SIGNATURE_BYTES],
        signature=data[-SIGNATURE_BYTES:],
    )


def verify(parsed: ParsedBundle, device_public_b64: str) -> None:
    """Check the device's Ed25519 signature; ``BundleError("bundle_damaged")`` if it fails."""
    try:
        public = Ed25519PublicKey.from_public_bytes(check_public_key(device_public_b64))
        public.verify(parsed.signature, parsed.signed)
    except (InvalidSignature, ValueError) as exc:
        raise BundleError("bundle_damaged", "signature") from exc


def decrypt(parsed: ParsedBundle, server_key: X25519PrivateKey) -> list[tuple[str, bytes]]:
    """The (batch_uuid, body) pairs; ``BundleError`` if the key or the data do not fit."""
    header = parsed.header
    server_raw = server_key.public_key().public_bytes_raw()
    if header.server_key_id != key_id(server_raw):
        raise BundleError("bundle_wrong_server", header.server_key_id)
    try:
        ephemeral_raw = unb64(header.ephemeral_key, KEY_BYTES)
        nonce = unb64(header.nonce, NONCE_BYTES)
        shared = server_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_raw))
        cipher = ChaCha20Poly1305(_derive_key(shared, ephemeral_raw, server_raw))
        payload = cipher.decrypt(nonce, parsed.ciphertext, parsed.framed)
    except (InvalidTag, ValueError) as exc:
        raise BundleError("bundle_damaged", "payload") from exc
    bodies: list[tuple[str, bytes]] = []
    offset = 0
    for batch_uuid in header.batches:
        if offset + _LENGTH.size > len(payload):
            raise BundleError("bundle_damaged", "payload framing")
        (size,) = _LENGTH.unpack_from(payload, offset)
        offset += _LENGTH.size
        if size > MAX_COMPRESSED_BYTES or offset + size > len(payload):
            raise BundleError("bundle_damaged", "payload framing")
        bodies.append((batch_uuid, payload[offset : offset + size]))
        offset += size
    if offset != len(payload):
        raise BundleError("bundle_damaged", "payload framing")
    return bodies
