"""sync.protocol: sealing, opening, limits and the error table (no server needed)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sync import protocol as p
from tests.server.conftest import envelope, request_data, sealed


def _records(n: int = 3):
    return [envelope(f"rec-{i}", revision=i + 1) for i in range(n)]


def test_seal_is_byte_identical_and_opens_back():
    batch, body = sealed("dev-1", _records(), batch_uuid="b-1")
    again_batch, again = sealed("dev-1", [r.model_dump() for r in batch.records], batch_uuid="b-1")
    assert body == again
    assert again_batch == batch
    assert p.open_batch(body, "gzip") == batch
    assert batch.content_sha256 == p.content_hash(batch.records)


def test_canonical_json_is_sorted_compact_utf8():
    assert p.canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()
    with pytest.raises(ValueError):
        p.canonical_json({"x": float("nan")})


def _gzip_doc(doc) -> bytes:
    return gzip.compress(json.dumps(doc).encode(), mtime=0)


def _code(body: bytes, encoding: str | None = "gzip") -> str:
    with pytest.raises(p.ProtocolError) as info:
        p.open_batch(body, encoding)
    return info.value.code


def test_open_batch_failures_have_stable_codes():
    batch, body = sealed("dev-1", _records(), batch_uuid="b-1")
    doc = batch.model_dump(mode="json")
    assert _code(body[:-8]) == "bad_encoding"
    assert _code(b"not gzip at all") == "bad_encoding"
    assert _code(body + b"junk") == "bad_encoding"
    assert _code(body, "br") == "bad_encoding"
    assert _code(gzip.compress(b"{not json", mtime=0)) == "bad_body"
    assert _code(_gzip_doc([1, 2])) == "bad_body"
    assert _code(_gzip_doc({**doc, "protocol_version": 99})) == "unsupported_protocol"
    tampered = json.loads(json.dumps(doc))
    tampered["records"][0]["revision"] = 7
    assert _code(_gzip_doc(tampered)) == "hash_mismatch"
    broken = json.loads(json.dumps(doc))
    broken["records"][0]["revision"] = 0
    broken["content_sha256"] = p.content_hash(broken["records"])
    err_code = _code(_gzip_doc(broken))
    assert err_code == "bad_body"


def test_identity_encoding_is_accepted():
    batch, body = sealed("dev-1", _records(), batch_uuid="b-1")
    assert p.open_batch(gzip.decompress(body), None) == batch


def test_limits_are_enforced():
    assert _code(b"\0" * (p.MAX_COMPRESSED_BYTES + 1)) == "too_large"
    bomb = gzip.compress(b" " * (p.MAX_DECOMPRESSED_BYTES + 10), compresslevel=1, mtime=0)
    assert len(bomb) < p.MAX_COMPRESSED_BYTES
    assert _code(bomb) == "too_large"
    data = request_data()
    many = [
        {
            "kind": "stock",
            "uuid": f"s{i}",
            "revision": 1,
            "device_time": "2025-01-01T00:00:00Z",
            "data": {"q": 1},
        }
        for i in range(p.MAX_RECORDS_PER_BATCH + 1)
    ]
    doc = {"protocol_version": 1, "records": many, "content_sha256": p.content_hash(many)}
    assert _code(_gzip_doc(doc)) == "too_large"
    assert data["nik"]  # the helper builds a full request


def test_error_table_is_complete():
    required = {
        "bad_body": 400,
        "hash_mismatch": 400,
        "bad_encoding": 400,
        "unsupported_protocol": 400,
        "too_large": 413,
        "auth_required": 401,
        "token_invalid": 401,
        "device_revoked": 401,
        "forbidden_scope": 403,
        "batch_conflict": 409,
        "rate_limited": 429,
        "server_error": 500,
        "unavailable": 503,
    }
    for code, status in required.items():
        assert p.ERROR_STATUS[code] == status
    for code in p.ERROR_CODES:
        assert p.ERROR_ACTIONS[code] in p.ACTIONS
        assert p.ERROR_MESSAGES_ID[code] and p.ERROR_MESSAGES_EN[code]
    assert p.ERROR_ACTIONS["too_large"] == p.SPLIT
    assert p.ERROR_ACTIONS["device_revoked"] == p.REREGISTER
    assert p.ERROR_ACTIONS["unavailable"] == p.RETRY
    assert p.error_action("no_such_code") == p.STOP
    with pytest.raises(ValueError):
        p.ProtocolError("no_such_code")
    err = p.ProtocolError("hash_mismatch")
    assert err.status == 400 and err.action == p.STOP
    assert err.body().message == p.ERROR_MESSAGES_ID["hash_mismatch"]
    assert "SHA-256" in err.message("en")


def test_every_code_is_documented():
    doc = (Path(__file__).parents[2] / "docs" / "protocol.md").read_text(encoding="utf-8")
    for code in p.ERROR_CODES:
        assert f"`{code}`" in doc, code
    for code in p.RECORD_CODES_ID:
        assert f"`{code}`" in doc, code
