"""Wire format v1 between the laptop sync client and the central server.

Shared by both ends; imports no Qt, no HTTP library and no store. See
``docs/protocol.md`` for the prose version (endpoints, limits, error table).

A batch travels as gzip (level 9, mtime 0) of the canonical JSON of a
:class:`Batch`. The client seals it once, stores the bytes and resends them
byte-identical until the server acknowledges it; the server recomputes
``content_sha256`` over the canonical JSON of ``records`` and refuses a batch
whose hash does not match.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

PROTOCOL_VERSION = 1
SUPPORTED_PROTOCOL_VERSIONS = (1,)
PROTOCOL_HEADER = "X-Jempol-Protocol"
API_PREFIX = "/api/v1"

# Limits (see docs/protocol.md "Limits").
MAX_COMPRESSED_BYTES = 8 * 1024 * 1024
MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_RECORDS_PER_BATCH = 5000
MAX_CHANGES_PAGE = 1000
DEFAULT_CHANGES_PAGE = 500

RECORD_KINDS = ("visit", "request", "stock")
OUTCOMES = ("accepted", "rejected", "stale")
CHANGE_KINDS = ("review", "reference")
DECISIONS = ("approve", "return", "reject")

# Client actions for an error code.
RETRY = "retry"  # transient: back off and send the same bytes again
SPLIT = "split"  # batch too large: reseal the outbox range as smaller batches
FIX_RECORD = "fix_record"  # a record is wrong: the officer must correct it
REREGISTER = "reregister"  # the device token is gone: register the laptop again
STOP = "stop"  # needs a person (update the app, call the admin); do not retry
ACTIONS = (RETRY, SPLIT, FIX_RECORD, REREGISTER, STOP)


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    status: int
    action: str
    message_id: str
    message_en: str


_SPECS = (
    ErrorSpec(
        "bad_body",
        400,
        STOP,
        "Isi kiriman tidak sesuai format protokol. Perbarui aplikasi atau hubungi admin.",
        "The request body does not match the protocol format. Update the app or call the admin.",
    ),
    ErrorSpec(
        "bad_request",
        400,
        STOP,
        "Permintaan tidak lengkap atau salah isi.",
        "The request is incomplete or has a wrong value.",
    ),
    ErrorSpec(
        "hash_mismatch",
        400,
        STOP,
        "Sidik isi batch (SHA-256) tidak cocok; batch rusak. Hubungi admin.",
        "The batch content hash (SHA-256) does not match; the batch is damaged. Call the admin.",
    ),
    ErrorSpec(
        "bad_encoding",
        400,
        STOP,
        "Kiriman tidak dapat dibuka (kompresi gzip rusak atau tidak didukung).",
        "The upload cannot be opened (gzip compression damaged or not supported).",
    ),
    ErrorSpec(
        "unsupported_protocol",
        400,
        STOP,
        "Versi aplikasi tidak didukung server. Perbarui aplikasi Jempol.",
        "This app version is not supported by the server. Update Jempol.",
    ),
    ErrorSpec(
        "too_large",
        413,
        SPLIT,
        "Batch terlalu besar; aplikasi akan mengirim dalam bagian yang lebih kecil.",
        "The batch is too large; the app will send it in smaller parts.",
    ),
    ErrorSpec(
        "auth_required",
        401,
        REREGISTER,
        "Perangkat belum terdaftar. Daftarkan laptop ini ke server.",
        "This device is not registered. Register this laptop with the server.",
    ),
    ErrorSpec(
        "token_invalid",
        401,
        REREGISTER,
        "Token perangkat tidak dikenal atau kedaluwarsa. Daftarkan ulang laptop ini.",
        "The device token is unknown or expired. Register this laptop again.",
    ),
    ErrorSpec(
        "device_revoked",
        401,
        REREGISTER,
        "Perangkat ini telah dicabut oleh admin. Daftarkan ulang atau hubungi admin.",
        "This device was revoked by the admin. Register again or call the admin.",
    ),
    ErrorSpec(
        "invalid_credentials",
        401,
        STOP,
        "Nama pengguna atau kata sandi salah.",
        "Wrong username or password.",
    ),
    ErrorSpec(
        "account_disabled",
        403,
        STOP,
        "Akun ini dinonaktifkan. Hubungi admin.",
        "This account is disabled. Call the admin.",
    ),
    ErrorSpec(
        "forbidden_role",
        403,
        STOP,
        "Peran akun ini tidak boleh melakukan tindakan tersebut.",
        "This account's role may not do that.",
    ),
    ErrorSpec(
        "forbidden_scope",
        403,
        STOP,
        "Ada data di luar kecamatan tugas akun ini. Periksa desa/kelurahan pada data.",
        "Some data lies outside this account's kecamatan. Check the desa/kelurahan of the data.",
    ),
    ErrorSpec(
        "not_found",
        404,
        STOP,
        "Data yang diminta tidak ditemukan di server.",
        "The requested item was not found on the server.",
    ),
    ErrorSpec(
        "batch_conflict",
        409,
        STOP,
        "Nomor batch sudah dipakai untuk isi lain. Hubungi admin.",
        "This batch number was already used for other content. Call the admin.",
    ),
    ErrorSpec(
        "rate_limited",
        429,
        RETRY,
        "Terlalu banyak percobaan. Coba lagi sebentar lagi.",
        "Too many attempts. Try again in a little while.",
    ),
    ErrorSpec(
        "server_error",
        500,
        RETRY,
        "Terjadi kesalahan di server. Pengiriman akan dicoba lagi.",
        "The server hit an error. Sending will be retried.",
    ),
    ErrorSpec(
        "unavailable",
        503,
        RETRY,
        "Server sedang tidak tersedia. Pengiriman akan dicoba lagi.",
        "The server is unavailable. Sending will be retried.",
    ),
)

ERROR_CODES: dict[str, ErrorSpec] = {spec.code: spec for spec in _SPECS}
ERROR_STATUS: dict[str, int] = {spec.code: spec.status for spec in _SPECS}
ERROR_ACTIONS: dict[str, str] = {spec.code: spec.action for spec in _SPECS}
ERROR_MESSAGES_ID: dict[str, str] = {spec.code: spec.message_id for spec in _SPECS}
ERROR_MESSAGES_EN: dict[str, str] = {spec.code: spec.message_en for spec in _SPECS}

# Codes of a rejected or stale record inside a BatchResult (the batch itself succeeded).
RECORD_CODES_ID: dict[str, str] = {
    "invalid_record": "Data tidak lolos pemeriksaan; perbaiki isian yang ditandai.",
    "invalid_data": "Data rekaman tidak dapat dibaca (kolom hilang atau format salah).",
    "not_owner": "Data ini milik petugas lain dan tidak boleh diubah dari perangkat ini.",
    "stale_revision": "Server sudah menyimpan revisi yang sama atau lebih baru.",
}
RECORD_CODES_EN: dict[str, str] = {
    "invalid_record": "The record failed validation; correct the marked fields.",
    "invalid_data": "The record cannot be read (missing field or wrong format).",
    "not_owner": "This record belongs to another officer and cannot be changed from here.",
    "stale_revision": "The server already holds the same or a newer revision.",
}
RECORD_ACTIONS: dict[str, str] = {
    "invalid_record": FIX_RECORD,
    "invalid_data": FIX_RECORD,
    "not_owner": STOP,
    "stale_revision": "none",
}


def error_message(code: str, lang: str = "id") -> str:
    """The user-facing text of an error code (Indonesian by default)."""
    table = ERROR_MESSAGES_EN if lang == "en" else ERROR_MESSAGES_ID
    return table.get(code, table["server_error"])


def error_action(code: str) -> str:
    """What the client should do about ``code``; unknown codes stop (never loop)."""
    return ERROR_ACTIONS.get(code, STOP)


class ProtocolError(Exception):
    """A protocol-level failure with a stable ``code`` (a key of ``ERROR_CODES``)."""

    def __init__(self, code: str, detail: str | None = None):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown protocol error code {code!r}")
        self.code = code
        self.detail = detail
        super().__init__(self.message())

    @property
    def status(self) -> int:
        return ERROR_STATUS[self.code]

    @property
    def action(self) -> str:
        return ERROR_ACTIONS[self.code]

    def message(self, lang: str = "id") -> str:
        base = error_message(self.code, lang)
        return f"{base} ({self.detail})" if self.detail else base

    def body(self) -> ErrorBody:
        return ErrorBody(code=self.code, message=self.message())


def utc_now_iso() -> str:
    """Current UTC time as ISO-8601 with milliseconds and a ``Z`` suffix."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_utc(text: str) -> datetime:
    """Parse an ISO-8601 timestamp; a value without offset is taken as UTC."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


# --------------------------------------------------------------------------- models


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=False)


class RecordEnvelope(_Model):
    kind: Literal["visit", "request", "stock"]
    uuid: str = Field(min_length=1, max_length=64)
    revision: int = Field(ge=1)
    device_time: str
    data: dict[str, Any]

    @field_validator("device_time")
    @classmethod
    def _iso_time(cls, value: str) -> str:
        try:
            parse_utc(value)
        except ValueError as exc:
            raise ValueError("device_time must be an ISO-8601 timestamp") from exc
        return value


class Batch(_Model):
    protocol_version: int = PROTOCOL_VERSION
    batch_uuid: str = Field(min_length=1, max_length=64)
    device_id: str = Field(max_length=64)
    outbox_first: int
    outbox_last: int
    created_at: str
    records: list[RecordEnvelope]
    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class RecordIssue(_Model):
    field: str
    code: str
    message: str


class RecordResult(_Model):
    uuid: str
    kind: str
    revision: int
    outcome: Literal["accepted", "rejected", "stale"]
    code: str = ""
    message: str = ""
    # a factory, not ``= []``: pydantic deep-copies a mutable default for every instance
    issues: list[RecordIssue] = Field(default_factory=list)


class BatchResult(_Model):
    batch_uuid: str
    duplicate: bool = False
    received_at: str
    server_time: str
    results: list[RecordResult]


class ErrorBody(_Model):
    code: str
    message: str


class Health(_Model):
    status: str = "ok"
    server_time: str
    protocol_versions: list[int]
    # The organisation's recovery public key (base64 of 32 bytes, see sync.recovery_key);
    # laptops seal their database key to it. None until an administrator creates one.
    recovery_public_key: str | None = None


class RegisterRequest(_Model):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)
    device_name: str = Field(min_length=1, max_length=200)
    # Relay bundles (docs/protocol.md "Relay bundles"): the laptop's Ed25519 public key,
    # base64 of the raw 32 bytes. Optional: older clients register without one.
    device_public_key: str | None = Field(default=None, pattern=r"^[A-Za-z0-9+/]{43}=$")


class OfficerInfo(_Model):
    username: str
    role: str
    kecamatan_code: str | None


class RegisterResponse(_Model):
    device_id: str
    token: str
    officer: OfficerInfo
    server_time: str
    # The server's X25519 bundle key (base64 of 32 bytes), pinned by the laptop; None when
    # the server has no key file yet.
    server_public_key: str | None = None
    # See Health.recovery_public_key.
    recovery_public_key: str | None = None


class LoginRequest(_Model):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class LoginResponse(_Model):
    token: str
    expires_at: str
    role: str
    kecamatan_code: str | None


class Change(_Model):
    seq: int
    kind: Literal["review", "reference"]
    entity_uuid: str
    data: dict[str, Any]
    created_at: str = ""


class ChangesPage(_Model):
    changes: list[Change]
    next_cursor: int
    has_more: bool
    server_time: str


class DecisionRequest(_Model):
    decision: Literal["approve", "return", "reject"]
    comment: str = Field(default="", max_length=2000)


class DecisionResult(_Model):
    record_uuid: str
    record_revision: int
    decision: str
    comment: str
    decided_by: str
    decided_at: str
    seq: int


# --------------------------------------------------------------------------- batch format


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


# One shared encoder: json.dumps with options builds a new JSONEncoder on every call.
_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def canonical_json(obj: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8, no NaN/Infinity. Pydantic models are dumped first."""
    if isinstance(obj, BaseModel):
        obj = obj.model_dump(mode="json")
    return _CANONICAL.encode(obj).encode("utf-8")


def _record_dicts(records: list[RecordEnvelope] | list[dict]) -> list[dict]:
    return [r.model_dump(mode="json") if isinstance(r, BaseModel) else r for r in records]


def content_hash(records: list[RecordEnvelope] | list[dict]) -> str:
    """Hex SHA-256 of the canonical JSON of the record list."""
    return hashlib.sha256(canonical_json(_record_dicts(records))).hexdigest()


def seal_batch(
    batch_uuid: str,
    device_id: str,
    outbox_first: int,
    outbox_last: int,
    records: list[RecordEnvelope] | list[dict],
    created_at: str,
) -> tuple[Batch, bytes]:
    """Build the batch and its body (gzip 9, mtime 0: sealing twice gives the same bytes)."""
    envelopes = [
        r if isinstance(r, RecordEnvelope) else RecordEnvelope.model_validate(r) for r in records
    ]
    batch = Batch(
        protocol_version=PROTOCOL_VERSION,
        batch_uuid=batch_uuid,
        device_id=device_id,
        outbox_first=outbox_first,
        outbox_last=outbox_last,
        created_at=created_at,
        records=envelopes,
        content_sha256=content_hash(envelopes),
    )
    body = gzip.compress(canonical_json(batch), compresslevel=9, mtime=0)
    return batch, body


def _decompress(body: bytes, content_encoding: str | None) -> bytes:
    encoding = (content_encoding or "identity").strip().lower()
    if encoding == "identity":
        if len(body) > MAX_DECOMPRESSED_BYTES:
            raise ProtocolError("too_large", f"more than {MAX_DECOMPRESSED_BYTES} bytes")
        return body
    if encoding != "gzip":
        raise ProtocolError("bad_encoding", f"Content-Encoding {encoding!r} is not supported")
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        raw = inflater.decompress(body, MAX_DECOMPRESSED_BYTES + 1)
    except zlib.error as exc:
        raise ProtocolError("bad_encoding", "gzip data is damaged") from exc
    if len(raw) > MAX_DECOMPRESSED_BYTES or inflater.unconsumed_tail:
        raise ProtocolError("too_large", f"more than {MAX_DECOMPRESSED_BYTES} bytes unpacked")
    if not inflater.eof:
        raise ProtocolError("bad_encoding", "gzip data is truncated")
    if inflater.unused_data:
        raise ProtocolError("bad_encoding", "extra bytes after the gzip data")
    return raw


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "body"
    return f"{where}: {err.get('msg', 'invalid')}"


def open_batch(body: bytes, content_encoding: str | None = "gzip") -> Batch:
    """Decompress (capped), parse and verify a batch body; raises :class:`ProtocolError`."""
    return open_batch_json(body, content_encoding)[0]


def open_batch_json(body: bytes, content_encoding: str | None = "gzip") -> tuple[Batch, str]:
    """:func:`open_batch`, also returning the canonical JSON of ``records`` (the text the
    hash was checked over), so the server can store each record's data from it as sent."""
    if len(body) > MAX_COMPRESSED_BYTES:
        raise ProtocolError("too_large", f"more than {MAX_COMPRESSED_BYTES} bytes compressed")
    raw = _decompress(body, content_encoding)
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError("bad_body", "not UTF-8 JSON") from exc
    if not isinstance(doc, dict):
        raise ProtocolError("bad_body", "the batch must be a JSON object")
    version = doc.get("protocol_version")
    if version not in SUPPORTED_PROTOCOL_VERSIONS:
        raise ProtocolError("unsupported_protocol", f"protocol_version {version!r}")
    records = doc.get("records")
    if not isinstance(records, list):
        raise ProtocolError("bad_body", "records: must be a list")
    if len(records) > MAX_RECORDS_PER_BATCH:
        raise ProtocolError("too_large", f"more than {MAX_RECORDS_PER_BATCH} records")
    try:
        text = _CANONICAL.encode(records)
        actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    except ValueError as exc:  # NaN/Infinity, lone surrogates (UnicodeEncodeError)
        raise ProtocolError("bad_body", "records: not canonical JSON") from exc
    if actual != doc.get("content_sha256"):
        raise ProtocolError("hash_mismatch")
    try:
        return Batch.model_validate(doc), text
    except ValidationError as exc:
        raise ProtocolError("bad_body", _first_error(exc)) from exc
