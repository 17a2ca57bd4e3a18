"""Relay bundles: sealed batches in one file that only the server can read.

A laptop that stays offline for weeks exports its sealed, not-yet-acknowledged batches
into one file (``jempol-sync export-bundle``); any other connected Jempol relays it
(``jempol-sync relay-bundle``) or an admin imports it (``jempol-server import-bundle``).
Shared by both ends like :mod:`sync.protocol`: no Qt, no HTTP, no store. The crypto is
libsodium's, through PyNaCl: nothing here is a hand-made primitive.

File layout (all integers big-endian)::

    b"JEMPOLB2"                      magic, 8 bytes
    u32 header_length
    header                           canonical JSON of BundleHeader
    ciphertext                       libsodium sealed box (X25519 + XSalsa20-Poly1305, a
                                     fresh ephemeral key inside) of the plaintext, to the
                                     server's X25519 public key
    signature                        Ed25519 by the device key over everything above, 64 bytes

``plaintext`` is SHA-256(magic + length + header), 32 bytes, which binds the sealed
payload to this header, then for each batch of ``header.batches`` in order ``u32 length``
+ the batch body exactly as stored on the laptop (gzip, byte-identical to what a direct
sync would send, so the server's idempotency by batch UUID holds). Only the holder of the
server's X25519 private key can read it; any changed byte breaks the signature (and the
sealed box's tag), and a header re-signed by another device no longer matches the hash
inside.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import struct
from dataclasses import dataclass
from typing import Literal

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sync.errors import SyncError
from sync.protocol import MAX_COMPRESSED_BYTES, BatchResult, canonical_json

MAGIC = b"JEMPOLB2"
FORMAT_VERSION = 2
CIPHER = "x25519-xsalsa20poly1305-sealedbox"
SIGNATURE_BYTES = 64
KEY_BYTES = 32
HEADER_HASH_BYTES = 32  # SHA-256 of the header frame, first in the sealed plaintext
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
    private = SigningKey.generate()
    return b64(bytes(private)), b64(bytes(private.verify_key))


def device_public_key(private_b64: str) -> str:
    private = SigningKey(unb64(private_b64, KEY_BYTES))
    return b64(bytes(private.verify_key))


def check_public_key(text: str) -> bytes:
    """The raw bytes of a base64 32-byte public key; ``ValueError`` otherwise."""
    return unb64(text, KEY_BYTES)


# --------------------------------------------------------------------------- writing


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
    signer = SigningKey(unb64(signing_key_b64, KEY_BYTES))
    header = BundleHeader(
        device_id=device_id,
        created_at=created_at,
        batches=[batch_uuid for batch_uuid, _body in batches],
        server_key_id=key_id(server_raw),
    )
    framed = _frame(header)
    plaintext = hashlib.sha256(framed).digest() + b"".join(
        _LENGTH.pack(len(body)) + body for _uuid, body in batches
    )
    signed = framed + SealedBox(PublicKey(server_raw)).encrypt(plaintext)
    data = signed + signer.sign(signed).signature
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError("bundle_too_large")
    return data


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class ParsedBundle:
    """A bundle split into its parts; nothing is verified yet (see :func:`verify`)."""

    header: BundleHeader
    framed: bytes  # magic + length + header: its SHA-256 opens the sealed plaintext
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
        VerifyKey(check_public_key(device_public_b64)).verify(parsed.signed, parsed.signature)
    except (CryptoError, ValueError) as exc:  # nacl's BadSignatureError is a CryptoError
        raise BundleError("bundle_damaged", "signature") from exc


def decrypt(parsed: ParsedBundle, server_key: PrivateKey) -> list[tuple[str, bytes]]:
    """The (batch_uuid, body) pairs; ``BundleError`` if the key or the data do not fit.

    ``server_key`` is the server's X25519 key (``nacl.public.PrivateKey``).
    """
    header = parsed.header
    if header.server_key_id != key_id(bytes(server_key.public_key)):
        raise BundleError("bundle_wrong_server", header.server_key_id)
    try:
        payload = SealedBox(server_key).decrypt(parsed.ciphertext)
    except (CryptoError, ValueError) as exc:
        raise BundleError("bundle_damaged", "payload") from exc
    bound = payload[:HEADER_HASH_BYTES]
    if not hmac.compare_digest(bound, hashlib.sha256(parsed.framed).digest()):
        raise BundleError("bundle_damaged", "payload does not belong to this header")
    bodies: list[tuple[str, bytes]] = []
    offset = HEADER_HASH_BYTES
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
