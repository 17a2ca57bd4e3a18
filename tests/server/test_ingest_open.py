"""server.ingest.open_batch_data (orjson) against the reference reader,
sync.protocol.open_batch_json: the same batch and the same data texts for every body it
accepts, the same error code for every body it refuses (no server needed)."""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.ingest import _open_fast, open_batch_data
from sync import protocol as p
from tests.server.conftest import envelope, request_data, sealed


def _reference(body: bytes, encoding: str | None = "gzip"):
    """(batch, data texts) or the error code, the reference way."""
    try:
        batch, text = p.open_batch_json(body, encoding)
    except p.ProtocolError as exc:
        return exc.code
    records = json.loads(text)
    return batch, [p.canonical_json(record["data"]).decode() for record in records]


def _opened(body: bytes, encoding: str | None = "gzip"):
    try:
        return open_batch_data(body, encoding)
    except p.ProtocolError as exc:
        return exc.code


def _raw_body(records: list[dict], **changes) -> bytes:
    """A gzip body around ``records`` as they are (no pydantic round trip), hashed the way
    the client does, then ``changes`` applied to the document."""
    text = json.dumps(records, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    doc = {
        "protocol_version": 1,
        "batch_uuid": "b-1",
        "device_id": "dev-1",
        "outbox_first": 1,
        "outbox_last": len(records),
        "created_at": "2025-06-01T03:00:00Z",
        "records": records,
        "content_sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        **changes,
    }
    return gzip.compress(json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def _stock(uuid: str, data) -> dict:
    return {
        "kind": "stock",
        "uuid": uuid,
        "revision": 1,
        "device_time": "2025-06-01T02:03:04.000Z",
        "data": data,
    }


def test_a_sealed_batch_opens_the_fast_way_as_the_reference_does():
    batch, body = sealed("dev-1", [envelope(f"r{i}", 1, request_data(i + 1)) for i in range(5)])
    assert _open_fast(body, "gzip") is not None
    assert _opened(body) == _reference(body)
    assert _opened(body)[0] == batch


# Values orjson reads or writes otherwise than the standard library (or not at all): the
# hash differs or orjson refuses, and the reference reader takes over.
ODD_DATA = [
    {"big": 2**70},
    {"float": 1e16, "small": 1e-7, "tiny": 2.5e-05, "neg": -0.0},
    {"text": 'line\u2028sep\u0085 \x1f\x7f é 🙂 \\ "'},
    {"nested": [{"b": 1, "a": [None, True, False, 1.5]}], "": {}},
]


@pytest.mark.parametrize("data", ODD_DATA)
def test_odd_values_give_the_same_batch_and_data(data):
    body = _raw_body([_stock("s1", data), _stock("s2", {"q": 1})])
    reference = _reference(body)
    assert not isinstance(reference, str), reference
    assert _opened(body) == reference


def test_the_reference_reader_takes_over_where_orjson_differs():
    body = _raw_body([_stock("s1", {"big": 2**70})])  # beyond what orjson reads
    assert _open_fast(body, "gzip") is None
    assert _opened(body)[1] == ['{"big":1180591620717411303424}']
    body = _raw_body([_stock("s1", {"float": 1e-05})])  # orjson writes 0.00001
    assert _open_fast(body, "gzip") is None
    assert _opened(body)[1] == ['{"float":1e-05}']


def test_a_lone_surrogate_is_refused_the_same_way():
    body = _raw_body([_stock("s1", {"text": "\ud800"})])
    assert _reference(body) == "bad_body"
    assert _opened(body) == "bad_body"


def test_refused_bodies_get_the_reference_codes():
    batch, body = sealed("dev-1", [envelope("r1"), envelope("r2", 2)], batch_uuid="b-1")
    doc = batch.model_dump(mode="json")

    def gz(document) -> bytes:
        return gzip.compress(json.dumps(document).encode(), mtime=0)

    tampered = json.loads(json.dumps(doc))
    tampered["records"][0]["revision"] = 7
    invalid = json.loads(json.dumps(doc))
    invalid["records"][0]["revision"] = 0
    invalid["content_sha256"] = p.content_hash(invalid["records"])
    many = [_stock(f"s{i}", {"q": 1}) for i in range(p.MAX_RECORDS_PER_BATCH + 1)]
    bomb = gzip.compress(b" " * (p.MAX_DECOMPRESSED_BYTES + 10), compresslevel=1, mtime=0)
    cases = [
        (body[:-8], "gzip"),
        (b"not gzip at all", "gzip"),
        (body + b"junk", "gzip"),
        (body, "br"),
        (gzip.compress(b"{not json", mtime=0), "gzip"),
        (gz([1, 2]), "gzip"),
        (gz({"records": 5}), "gzip"),
        (gz({**doc, "protocol_version": 99}), "gzip"),
        (gz(tampered), "gzip"),
        (gz(invalid), "gzip"),
        (gz({**doc, "records": [5]}), "gzip"),
        (_raw_body(many), "gzip"),
        (bomb, "gzip"),
        (b"\0" * (p.MAX_COMPRESSED_BYTES + 1), "gzip"),
        (gzip.decompress(body), None),  # identity: the reference reader's
        (gzip.compress(b'{"records": [], "x": NaN}', mtime=0), "gzip"),
    ]
    for case, encoding in cases:
        reference = _reference(case, encoding)
        assert _opened(case, encoding) == reference, (case[:40], reference)
    assert {_reference(c, e) for c, e in cases if isinstance(_reference(c, e), str)} == {
        "bad_encoding",
        "bad_body",
        "unsupported_protocol",
        "hash_mismatch",
        "too_large",
    }


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",))),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(st.characters(exclude_categories=("Cs",))), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=6), json_values, max_size=5), max_size=4))
def test_any_json_data_opens_as_the_reference_does(datas):
    body = _raw_body([_stock(f"s{i}", data) for i, data in enumerate(datas)])
    assert _opened(body) == _reference(body)
