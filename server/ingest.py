"""Batch ingest: verify, check scope, validate each record, upsert in one transaction.

Idempotency lives in the database: ``batches.batch_uuid`` is unique (INSERT ... ON
CONFLICT DO NOTHING), a record row only moves forward (ON CONFLICT (uuid) DO UPDATE
... WHERE records.revision < excluded.revision) and every revision is kept once: the
current one as the ``records`` row, every other one in ``record_superseded`` (unique
(uuid, revision)); the view ``record_revisions`` shows both (migration 0005). Several
server processes may ingest at the same time.

On PostgreSQL the statements of the transaction go out in psycopg's pipeline mode, ahead
of their answers (:func:`_store_pg`): the batch claim, the records upsert and the review
index's group locks and read go out before the records are validated (from a cheap
prediction of what validation accepts, see :func:`_predict`, and expecting every record
to go in), so the database works while the server validates; the answer kept for a
resend and the review index's write follow before any answer, and only the duplicate
flags (when a group has another member) wait for the groups read. When a guess misses, the
transaction is rolled back and sent again from what is then known; the stored result and
the answer are the same either way.

The body is opened with orjson (:func:`open_batch_data`), checked against the batch's
hash like the reference reader ``sync.protocol.open_batch_json``, which takes over for
anything the fast reader does not take as it is. On PostgreSQL the fast reader's check of
the hash and of the records (the protocol's model) runs after the first statements are
sent (:func:`open_batch_lazily`), before any answer is read: a batch that fails it is
rolled back and read again the reference way.
"""

from __future__ import annotations

import gc
import hashlib
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple

import orjson
import psycopg
from pydantic import PrivateAttr, ValidationError
from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError, OperationalError

from app.domain.messages import DomainError
from app.domain.record import RequestInput, Validation, request_from_dict, validate_request
from app.domain.regions import regions
from server.auth import in_scope, recheck_device
from server.db import (
    batches,
    devices,
    insert_for,
    is_sqlite,
    iso,
    record_superseded,
    records,
    users,
    utcnow,
)
from server.flags import (
    ReviewInput,
    group_params,
    index_batch,
    pg_send_duplicates,
    pg_send_lock,
    pg_send_write,
    prepare_index,
    search_keys,
    write_index,
)
from sync.protocol import (
    MAX_COMPRESSED_BYTES,
    MAX_DECOMPRESSED_BYTES,
    MAX_RECORDS_PER_BATCH,
    RECORD_CODES_ID,
    SUPPORTED_PROTOCOL_VERSIONS,
    Batch,
    BatchResult,
    ProtocolError,
    RecordEnvelope,
    RecordIssue,
    RecordResult,
    canonical_json,
    open_batch_json,
    parse_utc,
)

DEADLOCK_RETRIES = 3
RETRY_SQLSTATES = {"40P01", "40001"}  # PostgreSQL deadlock_detected, serialization_failure
WITA = timezone(timedelta(hours=8))  # Kutai Kartanegara local time


@dataclass
class _Checked:
    env: RecordEnvelope
    kecamatan_code: str | None = None
    desa_code: str | None = None
    visit_date: date | None = None
    rejected: RecordResult | None = None
    # requests: the parsed data and its validation, reused by the review flags
    request: RequestInput | None = None
    validation: Validation | None = None


def _reject(
    env: RecordEnvelope, code: str, issues: list[RecordIssue] | None = None
) -> RecordResult:
    issues = issues or []
    message = RECORD_CODES_ID[code]
    if issues:
        message = message + " " + " ".join(i.message for i in issues)
    return RecordResult(
        uuid=env.uuid,
        kind=env.kind,
        revision=env.revision,
        outcome="rejected",
        code=code,
        message=message,
        issues=issues,
    )


def _kecamatan_of(desa_code: str) -> str:
    region = regions().get(desa_code)
    if region is not None and region.parent_code:
        return region.parent_code
    return desa_code.rsplit(".", 1)[0]


def open_batch_data(body: bytes, content_encoding: str | None) -> tuple[Batch, list[str]]:
    """The batch in ``body`` and each record's data as sent (its canonical JSON, the text
    the batch's hash covers), by position; raises ProtocolError as
    ``sync.protocol.open_batch_json`` does, which reads every body the fast way below
    does not take (another encoding, an error, a value orjson reads or writes otherwise
    than the standard library: the hash then differs)."""
    fast = _open_fast(body, content_encoding)
    if fast is not None:
        return fast
    batch, _text = open_batch_json(body, content_encoding)
    return batch, [canonical_json(env.data).decode("utf-8") for env in batch.records]


_SORTED = orjson.OPT_SORT_KEYS  # + orjson's compact UTF-8 output: canonical JSON


def _open_fast(body: bytes, content_encoding: str | None) -> tuple[Batch, list[str]] | None:
    """:func:`open_batch_data` with orjson, for a well-formed gzip batch; else None."""
    opened = open_batch_lazily(body, content_encoding)
    if opened is None:
        return None
    unchecked, data = opened
    try:
        return unchecked.checked(), data
    except _Reopen:
        return None


class _Reopen(Exception):
    """The fast reader does not take the body as it is: the reference reader decides."""


class _RawEnvelope(NamedTuple):
    """A record of a batch as read, not checked yet; only made of values of the types the
    protocol's RecordEnvelope keeps as they are (text, an integer revision, an object), so
    that model later takes them unchanged or refuses the batch."""

    kind: str
    uuid: str
    revision: int
    device_time: str
    data: dict


class _UncheckedBatch:
    """A batch read the fast way, its own fields checked (the protocol's Batch without its
    records) but not its hash and records yet: PostgreSQL ingest sends its first
    statements from it and checks it (:meth:`checked`) while the database works, before
    it reads any answer and long before it commits."""

    def __init__(self, head: Batch, records: list[_RawEnvelope], doc: dict) -> None:
        self.batch_uuid, self.device_id = head.batch_uuid, head.device_id
        self.content_sha256, self.protocol_version = head.content_sha256, head.protocol_version
        self.outbox_first, self.outbox_last = head.outbox_first, head.outbox_last
        self.created_at = head.created_at
        self.records = records
        self._doc = doc
        self._checked: Batch | None = None

    def checked(self) -> Batch:
        """The batch checked as :func:`open_batch_data` checks it; raises _Reopen where
        that leaves the body to the reference reader (a hash that differs, a record the
        protocol's model refuses)."""
        if self._checked is None:
            doc = self._doc
            try:
                text = orjson.dumps(doc["records"], option=_SORTED)
                if hashlib.sha256(text).hexdigest() != doc["content_sha256"]:
                    raise _Reopen
                self._checked = Batch.model_validate(doc)
            except (orjson.JSONEncodeError, ValidationError):
                raise _Reopen from None
        return self._checked


def checked_batch(batch: Batch | _UncheckedBatch) -> Batch:
    return batch.checked() if isinstance(batch, _UncheckedBatch) else batch


def open_batch_lazily(
    body: bytes, content_encoding: str | None
) -> tuple[_UncheckedBatch, list[str]] | None:
    """The fast reader's first half, for a well-formed gzip batch (else None): the body
    inflated and parsed, the batch's own fields checked, each record's values and data
    text as sent; the hash and the records are checked by ``checked()``."""
    if (content_encoding or "").strip().lower() != "gzip" or len(body) > MAX_COMPRESSED_BYTES:
        return None
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        raw = inflater.decompress(body, MAX_DECOMPRESSED_BYTES + 1)
        if len(raw) > MAX_DECOMPRESSED_BYTES or inflater.unconsumed_tail:
            return None
        if inflater.unused_data or not inflater.eof:
            return None
        doc = orjson.loads(raw)
        records = doc["records"]
        if (
            doc.get("protocol_version") not in SUPPORTED_PROTOCOL_VERSIONS
            or type(records) is not list
            or len(records) > MAX_RECORDS_PER_BATCH
        ):
            return None
        head = Batch.model_validate({**doc, "records": []})
        envelopes = []
        for record in records:
            env = _RawEnvelope(
                record["kind"],
                record["uuid"],
                record["revision"],
                record["device_time"],
                record["data"],
            )
            if not (
                type(env.kind) is str
                and type(env.uuid) is str
                and type(env.revision) is int
                and type(env.device_time) is str
                and type(env.data) is dict
            ):
                return None
            envelopes.append(env)
        # the same writer as the hashed text: each data is the very text inside it
        data = [orjson.dumps(env.data, option=_SORTED).decode() for env in envelopes]
    except (zlib.error, orjson.JSONDecodeError, orjson.JSONEncodeError, ValidationError):
        return None
    except (TypeError, KeyError, AttributeError):  # not a JSON object where one belongs
        return None
    return _UncheckedBatch(head, envelopes, doc), data


def check_scope(batch: Batch, officer_kecamatan: str | None) -> None:
    """403 forbidden_scope for the whole batch when a record's desa lies outside the officer's
    kecamatan (admins, without a kecamatan, may push anywhere). Scope: ``server.auth``."""
    for index, env in enumerate(batch.records):
        for key in ("desa_code", "kecamatan_code"):
            code = env.data.get(key)
            if isinstance(code, str) and code and not in_scope(officer_kecamatan, code):
                raise ProtocolError("forbidden_scope", f"records.{index}.data.{key}")


def _parse_day(value) -> date | None:
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _check_request(item: _Checked, today: date, kecamatan: dict[str, str]) -> None:
    env = item.env
    try:
        data = request_from_dict(env.data)
    except DomainError as err:
        issue = RecordIssue(field=err.field or "data", code=err.code, message=err.message("id"))
        item.rejected = _reject(env, "invalid_data", [issue])
        return
    validation = validate_request(data, today=today)
    blocking = validation.blocking()
    if blocking:
        issues = [RecordIssue(field=i.field, code=i.code, message=i.message) for i in blocking]
        item.rejected = _reject(env, "invalid_record", issues)
        return
    desa = data.desa_code
    if desa not in kecamatan:  # a batch's records share a few desa
        kecamatan[desa] = _kecamatan_of(desa)
    item.desa_code = desa
    item.kecamatan_code = kecamatan[desa]
    item.visit_date = data.visit_date
    item.request = data
    item.validation = validation


def _check_visit(item: _Checked) -> None:
    env = item.env
    desa = env.data.get("desa_code")
    region = regions().get(desa) if isinstance(desa, str) else None
    if region is None or not region.code.startswith("64.02."):
        issue = RecordIssue(
            field="desa_code",
            code="visit.desa_unknown",
            message="Kode desa/kelurahan kunjungan tidak dikenal; pilih desa dari daftar.",
        )
        item.rejected = _reject(env, "invalid_record", [issue])
        return
    visit_date = _parse_day(env.data.get("visit_date"))
    if visit_date is None:
        issue = RecordIssue(
            field="visit_date",
            code="visit.date_invalid",
            message="Tanggal kunjungan wajib diisi dengan format TTTT-BB-HH.",
        )
        item.rejected = _reject(env, "invalid_record", [issue])
        return
    item.desa_code = region.code
    item.kecamatan_code = _kecamatan_of(region.code)
    item.visit_date = visit_date


def check_records(batch: Batch, officer_kecamatan: str | None) -> list[_Checked]:
    today = datetime.now(WITA).date()
    kecamatan: dict[str, str] = {}
    checked = []
    for env in batch.records:
        item = _Checked(env)
        if env.kind == "request":
            _check_request(item, today, kecamatan)
        elif env.kind == "visit":
            _check_visit(item)
        else:  # stock movements belong to the officer, not to a desa
            item.kecamatan_code = officer_kecamatan
        checked.append(item)
    return checked


# A placeholder result: the prediction expects validation to reject this record.
_PREDICTED_REJECT = RecordResult(uuid="", kind="", revision=1, outcome="rejected")


def _predict(batch: Batch, officer_kecamatan: str | None) -> list[_Checked]:
    """What :func:`check_records` will most likely make of each record, without the domain
    validation of requests (the slow part): a request is expected to pass when its desa code
    is text and its visit date empty or a readable date, and then to keep those values.
    Visits and stock movements get their real (cheap) checks. Only a guess: ingest compares
    it with the real result before it commits (:func:`_signature`)."""
    kecamatan: dict[str, str] = {}
    days: dict[str | None, object] = {}
    predicted = []
    for env in batch.records:
        item = _Checked(env)
        predicted.append(item)
        if env.kind == "visit":
            _check_visit(item)
            continue
        if env.kind != "request":
            item.kecamatan_code = officer_kecamatan
            continue
        desa, day = env.data.get("desa_code"), env.data.get("visit_date")
        if type(desa) is not str or not (day is None or type(day) is str):
            item.rejected = _PREDICTED_REJECT
            continue
        if day not in days:
            try:
                days[day] = date.fromisoformat(day) if day else None
            except ValueError:
                days[day] = _PREDICTED_REJECT
        visit_date = days[day]
        if visit_date is _PREDICTED_REJECT:
            item.rejected = _PREDICTED_REJECT
            continue
        if desa not in kecamatan:
            kecamatan[desa] = _kecamatan_of(desa)
        item.desa_code, item.kecamatan_code, item.visit_date = desa, kecamatan[desa], visit_date
    return predicted


def _signature(items: list[_Checked]) -> list[tuple]:
    """What the records upsert takes from the checks: which records, with which values."""
    return [
        (item.kecamatan_code, item.desa_code, item.visit_date) if item.rejected is None else ()
        for item in items
    ]


def _stored_result(row) -> BatchResult:
    result = BatchResult.model_validate_json(row["result_json"])
    result.duplicate = True
    result.server_time = iso(utcnow())
    return result


def _existing_batch(conn: Connection, batch: Batch, user_id: int) -> BatchResult | None:
    row = (
        conn.execute(
            select(batches.c.user_id, batches.c.content_sha256, batches.c.result_json).where(
                batches.c.batch_uuid == batch.batch_uuid
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    if row["user_id"] != user_id or row["content_sha256"] != batch.content_sha256:
        raise ProtocolError("batch_conflict", f"batch {batch.batch_uuid}")
    return _stored_result(row)


def _batch_values(batch: Batch, body: bytes, device: dict, user: dict, now) -> dict:
    return {
        "batch_uuid": batch.batch_uuid,
        "user_id": user["id"],
        "device_id": device["id"],
        "claimed_device_id": batch.device_id,
        "content_sha256": batch.content_sha256,
        "protocol_version": batch.protocol_version,
        "outbox_first": batch.outbox_first,
        "outbox_last": batch.outbox_last,
        "created_at_client": batch.created_at[:40],
        "received_at": now,
        "record_count": len(batch.records),
        "body": body,
    }


def _claim_batch(conn, batch: Batch, body: bytes, device: dict, user: dict, now) -> int | None:
    stmt = (
        insert_for(conn, batches)
        .values(**_batch_values(batch, body, device, user, now))
        .on_conflict_do_nothing(index_elements=["batch_uuid"])
        .returning(batches.c.id)
    )
    return conn.execute(stmt).scalar()


def _distinct_revisions(items: list[_Checked]) -> dict[tuple[str, int], tuple[int, _Checked]]:
    """(position in the batch, item) per distinct (uuid, revision) of the records that passed
    the checks, the first occurrence winning, by (uuid, revision)."""
    first: dict[tuple[str, int], tuple[int, _Checked]] = {}
    for pos, item in enumerate(items):
        if item.rejected is None:
            first.setdefault((item.env.uuid, item.env.revision), (pos, item))
    return {key: first[key] for key in sorted(first)}


def _record_row(item: _Checked, data: str, batch_id: int, device: dict, user: dict, now) -> dict:
    """``data``: the record's data as sent (its canonical JSON)."""
    env = item.env
    return {
        "uuid": env.uuid,
        "kind": env.kind,
        "revision": env.revision,
        "officer_id": user["id"],
        "device_id": device["id"],
        "batch_id": batch_id,
        "kecamatan_code": item.kecamatan_code,
        "desa_code": item.desa_code,
        "visit_date": item.visit_date,
        "data": data,
        "device_time": parse_utc(env.device_time),
        "server_received_at": now,
        "review_status": None,
        "reviewed_at": None,
    }


def _outcomes(keys, before: dict, owner: dict, written: set, user_id: int) -> dict:
    """accepted | stale | not_owner per (uuid, revision) of ``keys``.

    ``before``: revision per uuid before this batch; ``owner``: officer_id per uuid after
    the upsert; ``written``: the uuids whose row this batch wrote.
    """
    outcome: dict[tuple[str, int], str] = {}
    for key in keys:
        record_uuid, revision = key
        if owner[record_uuid] != user_id:
            outcome[key] = "not_owner"
        elif record_uuid in written and revision > before.get(record_uuid, 0):
            outcome[key] = "accepted"
        else:
            outcome[key] = "stale"
    return outcome


def _keep_superseded(conn, rows: list[dict]) -> None:
    """Keep revisions that are not (or no longer) the current row of their record."""
    if rows:
        stmt = insert_for(conn, record_superseded).on_conflict_do_nothing(
            index_elements=["uuid", "revision"]
        )
        conn.execute(stmt, [{k: row[k] for k in _REVISION_COLUMNS} for row in rows])


def _upsert_generic(conn, rows: dict, batch_id: int, user_id: int) -> dict:
    """SQLite (and any dialect): SELECT before, executemany upsert, SELECT after, and the
    revisions of this officer's records that are not the current row."""
    uuids = sorted({record_uuid for record_uuid, _revision in rows})
    query = select(records.c.uuid, records.c.revision).where(records.c.uuid.in_(uuids))
    before = {r.uuid: r.revision for r in conn.execute(query)}
    newest: dict[str, dict] = {}
    for row in rows.values():
        if row["revision"] > newest.get(row["uuid"], {"revision": 0})["revision"]:
            newest[row["uuid"]] = row
    ins = insert_for(conn, records)
    keep = ("uuid", "officer_id")
    stmt = ins.on_conflict_do_update(
        index_elements=["uuid"],
        set_={c.name: ins.excluded[c.name] for c in records.columns if c.name not in keep},
        where=(records.c.revision < ins.excluded.revision)
        & (records.c.officer_id == ins.excluded.officer_id),
    )
    # a fixed lock order (by uuid) keeps concurrent batches from deadlocking
    conn.execute(stmt, [newest[u] for u in sorted(newest)])
    query = select(
        records.c.uuid, records.c.officer_id, records.c.batch_id, records.c.revision
    ).where(records.c.uuid.in_(uuids))
    after = {r.uuid: (r.officer_id, r.batch_id, r.revision) for r in conn.execute(query)}
    owner = {u: officer for u, (officer, _batch, _rev) in after.items()}
    written = {u for u, (_officer, row_batch, _rev) in after.items() if row_batch == batch_id}
    outcome = _outcomes(rows, before, owner, written, user_id)
    _keep_superseded(
        conn,
        [
            row
            for (record_uuid, revision), row in rows.items()
            if owner[record_uuid] == user_id and revision != after[record_uuid][2]
        ],
    )
    return outcome


def _results(items: list[_Checked], outcome: dict) -> tuple[list[RecordResult], list[_Checked]]:
    """The per-record results and, per uuid this batch wrote, the item whose data became
    the current row (the first item of the newest accepted revision)."""
    results = []
    written: dict[str, _Checked] = {}
    for item in items:
        env = item.env
        if item.rejected is not None:
            results.append(item.rejected)
            continue
        state = outcome[(env.uuid, env.revision)]
        if state == "not_owner":
            results.append(_reject(env, "not_owner"))
        elif state == "stale":
            results.append(
                RecordResult(
                    uuid=env.uuid,
                    kind=env.kind,
                    revision=env.revision,
                    outcome="stale",
                    code="stale_revision",
                    message=RECORD_CODES_ID["stale_revision"],
                )
            )
        else:
            current = written.get(env.uuid)
            if current is None or env.revision > current.env.revision:
                written[env.uuid] = item
            # plain __init__ (pydantic-core) is cheaper than model_construct's Python loop
            results.append(
                RecordResult(
                    uuid=env.uuid, kind=env.kind, revision=env.revision, outcome="accepted"
                )
            )
    return results, list(written.values())


def _review_inputs(written: list[_Checked], user: dict) -> list[ReviewInput]:
    return [
        ReviewInput(
            uuid=item.env.uuid,
            revision=item.env.revision,
            officer_id=user["id"],
            kecamatan_code=item.kecamatan_code,
            visit_date=item.visit_date,
            data=item.env.data,
            request=item.request,
            validation=item.validation,
        )
        for item in written
        if item.env.kind == "request"
    ]


_REVISION_COLUMNS = (
    "uuid",
    "revision",
    "kind",
    "officer_id",
    "device_id",
    "batch_id",
    "data",
    "device_time",
    "server_received_at",
)


_FROZEN: list[bool] = []
# A batch of 500 records allocates some 15,000-25,000 container objects that live until
# the answer is sent: with the default young-generation threshold (700) that is ~20 cyclic
# GC passes a batch (~5 ms), nearly all of them finding nothing to free; at 10,000 still
# one or two young passes a batch over the live batch, and every tenth an older-generation
# pass (~2.4 ms a batch together). At 50,000 a batch ends (and frees its objects, which
# brings the count down again) before a pass is due.
GC_YOUNG_THRESHOLD = 50_000


def _freeze_long_lived() -> None:
    """Once per process, after the region index is loaded: move every object alive now (the
    modules, the app, the region index) out of the cyclic GC's reach, and let the young
    generation grow to ``GC_YOUNG_THRESHOLD`` objects before a collection. A batch
    allocates enough to trigger full collections, which otherwise walk all of them (~13 ms
    a batch)."""
    if not _FROZEN:
        regions()
        gc.collect()
        gc.freeze()
        young, middle, old = gc.get_threshold()
        if 0 < young < GC_YOUNG_THRESHOLD:  # 0: collection disabled, leave it so
            gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)
        _FROZEN.append(True)


def ingest_batch(
    engine: Engine,
    device: dict,
    user: dict,
    batch_uuid: str,
    body: bytes,
    content_encoding: str | None,
    spent: list | None = None,
) -> BatchResult:
    """Store one sealed batch; raises ProtocolError (nothing written) on a 4xx condition.
    ``spent``: where the request's large objects (the batch read, its checks, the
    statements' parameters) go, for the caller to free after sending the answer (~1 ms
    for 500 records, off the answer's path)."""
    _freeze_long_lived()
    # PostgreSQL: the hash and the records are checked while the database works (below)
    lazily = engine.dialect.name == "postgresql"
    opened = open_batch_lazily(body, content_encoding) if lazily else None
    while True:
        batch, data = opened if opened is not None else open_batch_data(body, content_encoding)
        if spent is not None:
            spent.append((batch, data))
        if batch.batch_uuid != batch_uuid:
            raise ProtocolError("bad_body", "batch_uuid differs from the URL")
        # One pooled connection for the whole request (each checkout costs a pre-ping).
        with engine.connect() as conn:
            if is_sqlite(conn):
                return _ingest_generic(conn, batch, data, body, device, user)
            try:
                return _ingest_pg(conn, batch, data, body, device, user, spent)
            except _Reopen:  # rolled back: the reference reader decides what the body is
                opened = None


def _retryable(exc: Exception) -> bool:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return getattr(orig, "sqlstate", None) in RETRY_SQLSTATES


def _ingest_generic(
    conn, batch: Batch, data: list[str], body: bytes, device: dict, user: dict
) -> BatchResult:
    recheck_device(conn, device, user)
    replay = _existing_batch(conn, batch, user["id"])
    conn.rollback()
    if replay is not None:
        return replay
    check_scope(batch, user["kecamatan_code"])
    items = check_records(batch, user["kecamatan_code"])
    for attempt in range(DEADLOCK_RETRIES):
        try:
            return _store(conn, batch, data, body, items, device, user)
        except OperationalError as exc:
            if not _retryable(exc):
                raise
            if attempt == DEADLOCK_RETRIES - 1:
                raise ProtocolError("unavailable", "database busy") from exc
    raise AssertionError("unreachable")


def _store(
    conn, batch: Batch, data: list[str], body: bytes, items, device: dict, user: dict
) -> BatchResult:
    with conn.begin():
        recheck_device(conn, device, user)  # PostgreSQL: inside _PG_INGEST's claim
        now = utcnow()
        batch_id = _claim_batch(conn, batch, body, device, user, now)
        if batch_id is None:  # another request stored the same uuid meanwhile
            replay = _existing_batch(conn, batch, user["id"])
            if replay is None:
                raise ProtocolError("unavailable", "batch is being stored")
            return replay
        rows = {
            key: _record_row(item, data[pos], batch_id, device, user, now)
            for key, (pos, item) in _distinct_revisions(items).items()
        }
        outcome = _upsert_generic(conn, rows, batch_id, user["id"]) if rows else {}
        results, written = _results(items, outcome)
        # Supervisor review: index and flag the requests this batch wrote (server/flags.py),
        # from the data and validation checked above (nothing is read back).
        index_batch(conn, batch_id, now, _review_inputs(written, user))
        result = _batch_result(batch, now, results)
        conn.execute(
            update(batches).where(batches.c.id == batch_id).values(result_json=answer_json(result))
        )
        conn.execute(update(devices).where(devices.c.id == device["id"]).values(last_seen_at=now))
    return result


class Answer(BatchResult):
    """A batch's answer that keeps its JSON text once made (for the copy kept for resends):
    :func:`answer_json` sends that same text."""

    _json: str | None = PrivateAttr(default=None)

    def json_text(self) -> str:
        if self._json is None:
            self._json = self.model_dump_json()
        return self._json


def answer_json(result: BatchResult) -> str:
    """The JSON text of ``result``, made once per :class:`Answer`."""
    return result.json_text() if isinstance(result, Answer) else result.model_dump_json()


def _batch_result(batch: Batch, now: datetime, results: list[RecordResult]) -> Answer:
    return Answer(
        batch_uuid=batch.batch_uuid,
        duplicate=False,
        received_at=iso(now),
        server_time=iso(utcnow()),
        results=results,
    )


# --------------------------------------------------------------------------- PostgreSQL


class _Replay(Exception):
    """The batch uuid was stored before (or by a concurrent request): answer from it."""


class _Retry(Exception):
    """A guess made for the pipeline missed: store again, from the validated ``items``,
    with the review index's groups read ahead only if ``ahead``."""

    def __init__(self, items: list[_Checked], ahead: bool):
        super().__init__("guess missed")
        self.items = items
        self.ahead = ahead


def _ingest_pg(
    conn,
    batch: Batch | _UncheckedBatch,
    data: list[str],
    body: bytes,
    device: dict,
    user: dict,
    spent: list | None = None,
) -> BatchResult:
    items: list[_Checked] | None = None  # None: not validated yet
    ahead = True
    fresh = True  # a batch of first revisions may go in by plain inserts
    attempt = 0
    while True:
        try:
            return _store_pg(conn, batch, data, body, device, user, items, ahead, fresh, spent)
        except _Replay:  # the uuid is taken, or the device may not send any more
            replay = _replay_pg(conn, batch, device, user)
            if replay is None:
                raise ProtocolError("unavailable", "batch is being stored") from None
            return replay
        except _Retry as missed:
            items, ahead = missed.items, missed.ahead
        except ProtocolError as exc:  # rolled back
            if exc.code != "forbidden_scope":
                raise
            replay = _replay_pg(conn, batch, device, user)  # whatever its scope now
            if replay is not None:
                return replay
            raise
        except psycopg.errors.UniqueViolation:
            if not fresh:
                raise
            fresh = False  # a record or its review row is stored already: upsert them
        except (OperationalError, psycopg.OperationalError) as exc:
            if not _retryable(exc):
                raise _as_sqlalchemy(exc) from exc
            attempt += 1
            if attempt == DEADLOCK_RETRIES:
                raise ProtocolError("unavailable", "database busy") from exc
        except psycopg.Error as exc:
            raise _as_sqlalchemy(exc) from exc


def _replay_pg(conn, batch, device: dict, user: dict) -> BatchResult | None:
    """After a rolled-back attempt: the stored answer of this batch uuid, if stored before
    (the device checked again first, the batch checked whole), else None."""
    recheck_device(conn, device, user)
    replay = _existing_batch(conn, checked_batch(batch), user["id"])
    conn.rollback()
    return replay


def _as_sqlalchemy(exc: Exception) -> Exception:
    """psycopg's error as SQLAlchemy's (the API answers those: 503 or 500)."""
    if isinstance(exc, psycopg.Error):
        return DBAPIError.instance(None, None, exc, psycopg.Error, hide_parameters=True)
    return exc


def _store_pg(
    conn,
    batch: Batch | _UncheckedBatch,
    data: list[str],
    body: bytes,
    device: dict,
    user: dict,
    items: list[_Checked] | None,
    ahead: bool,
    fresh: bool = False,
    spent: list | None = None,
) -> BatchResult:
    """One attempt, in one transaction whose statements go out in psycopg's pipeline mode:

    1. without waiting for an answer: the batch claim and the records upsert
       (``_PG_INGEST``), from ``items`` or, not validated yet, from :func:`_predict` (of
       a batch maybe not checked yet); with ``ahead`` (every record is expected to go in,
       the usual case), the review index's group locks and the read of its groups
       (``server.flags.pg_send_lock``) for the requests that go in if every record does;
       then, while the database works, validation (of the records as read: the batch's
       check only refuses, it changes no value), the review index's write
       (``server.flags.pg_send_write``), the batch's check (raises _Reopen) and scope
       (raises forbidden_scope) and the answer kept for a resend, as they are if every
       record goes in;
    2. with ``ahead``, once the upsert is answered (and the read with it): the checks that
       every record went in (else a rollback and a retry without ``ahead``), the answer
       again if a revision sent out of order changed it, and the duplicate flags of the
       groups read, if any (``server.flags.pg_send_duplicates``);
    3. without ``ahead`` (a record did not go in): after the upsert's answer, the review
       index and the answer, one statement after the other.

    With ``fresh`` and a batch of first revisions only, the records and their review rows
    go in by plain inserts (``_PG_INGEST_FRESH``); a uuid stored before makes the
    transaction fail with a unique violation (the caller stores again without ``fresh``).

    Raises _Replay, _Retry, _Reopen (rolled back) or a database error."""
    checks = items if items is not None else _predict(batch, user["kecamatan_code"])
    distinct = _distinct_revisions(checks)
    fresh = fresh and ahead and all(revision == 1 for _uuid, revision in distinct)
    now = utcnow()
    params = _ingest_params(batch, data, body, device, user, distinct, now)
    if spent is not None:
        spent.append(params)
    raw = conn.connection.driver_connection
    with conn.begin():
        with raw.pipeline():
            upsert = raw.cursor()
            if fresh:  # prepared (server.db.PREPARE_ONLY_ON_PURPOSE): planned once
                upsert.execute(_PG_INGEST_FRESH, params, prepare=True)
            else:
                upsert.execute(_PG_INGEST, params)
            newest = _newest(distinct)  # what the batch writes if every record goes in
            if ahead:
                pending = pg_send_lock(raw, _group_rows([checks[pos] for pos in newest]))
            # The database waits for the review write: what it needs comes first, the
            # rest (the batch's own check, the answer) after it is sent.
            if items is None:  # validate while the database works
                items = check_records(batch, user["kecamatan_code"])
                if spent is not None:
                    spent.append((checks, items))
                if _signature(items) != _signature(checks):
                    raise _Retry(items, ahead)
            expected = {record_uuid for record_uuid, _rev in distinct}
            if ahead:  # the review write, as it is if every record goes in
                written_items = [items[pos] for pos in newest]  # validated now
                prepared = prepare_index(now, _review_inputs(written_items, user))
                if spent is not None:
                    spent.append(prepared)
                if group_params(prepared.rows) != pending.params:
                    raise _Retry(items, False)  # cannot happen: the same records
                pg_send_write(raw, prepared, batch.batch_uuid, fresh=fresh)
            checked_batch(batch)  # the hash and the protocol's model (raises _Reopen)
            check_scope(batch, user["kecamatan_code"])  # 403 for the whole batch
            if ahead:  # the answer kept for a resend, as it is if every record goes in
                owner = dict.fromkeys(expected, user["id"])
                outcome = _outcomes(distinct, {}, owner, expected, user["id"])
                result = _batch_result(batch, now, _results(items, outcome)[0])
                raw.cursor().execute(_PG_FINISH, _finish_params(batch, device, result, now))
            batch_id, before, written = _upsert_answer(upsert.fetchall(), expected)
            if batch_id is None:
                raise _Replay
            if ahead:
                if written != expected:
                    raise _Retry(items, False)  # a record did not go in: the slow way
                if before:  # revisions sent out of order: some may be stale after all
                    actual = _outcomes(distinct, before, owner, written, user["id"])
                    if actual != outcome:
                        result = _batch_result(batch, now, _results(items, actual)[0])
                        finish = _finish_params(batch, device, result, now)
                        raw.cursor().execute(_PG_FINISH, finish)
                pg_send_duplicates(raw, pending, prepared)
                return result
        owner = dict.fromkeys(written, user["id"])
        if len(written) < len({u for u, _rev in distinct}):  # stale, or another officer's
            _keep_stale(conn, distinct, data, written, owner, user, batch_id, device, now)
        outcome = _outcomes(distinct, before, owner, written, user["id"])
        results, written_items = _results(items, outcome)
        write_index(conn, batch_id, prepare_index(now, _review_inputs(written_items, user)))
        result = _batch_result(batch, now, results)
        conn.exec_driver_sql(_PG_FINISH, _finish_params(batch, device, result, now))
    return result


def _ingest_params(
    batch: Batch, data: list[str], body: bytes, device: dict, user: dict, distinct, now
) -> dict:
    """``_PG_INGEST``'s params: the batch row and, per distinct (uuid, revision), the values
    the server derives (see ``_PG_ROW_TYPES``) as one JSON array, and the data as sent, in
    the same order, one per line (canonical JSON has no raw line break)."""
    newest = {record_uuid: revision for record_uuid, revision in distinct}  # by revision
    times: dict[str, str] = {}
    rows, texts = [], []
    for pos, item in distinct.values():
        texts.append(data[pos])
        env = item.env
        device_time = times.get(env.device_time)
        if device_time is None:
            try:
                device_time = times[env.device_time] = parse_utc(env.device_time).isoformat()
            except ValueError:
                checked_batch(batch)  # not checked yet: the model refuses it (_Reopen)
                raise
        day = item.visit_date
        rows.append(
            (
                env.uuid,
                env.revision,
                env.kind,
                item.kecamatan_code,
                item.desa_code,
                day.isoformat() if day is not None else None,
                device_time,
                env.revision == newest[env.uuid],
            )
        )
    params = _batch_values(batch, body, device, user, now)
    params.update(
        rows=orjson.dumps(rows).decode(),
        data="\n".join(texts),
        officer_id=user["id"],
        server_received_at=now,
        account_role=user["role"],
        account_kecamatan=user["kecamatan_code"],
    )
    return params


def _newest(distinct: dict) -> list[int]:
    """Per uuid, the position of its highest revision (the first one sent): the records
    the batch writes when every record goes in, by uuid."""
    newest: dict[str, int] = {}
    for (record_uuid, _revision), (pos, _item) in distinct.items():  # by (uuid, revision)
        newest[record_uuid] = pos
    return list(newest.values())


def _group_rows(newest: list[_Checked]) -> list[dict]:
    """{uuid, revision, nik, service} of the requests among ``newest``, from their data as
    sent (validation does not change it): what the review index's group locks are for."""
    rows = []
    for item in newest:
        if item.env.kind == "request":
            nik, service = search_keys(item.env.data)
            rows.append(
                {
                    "uuid": item.env.uuid,
                    "revision": item.env.revision,
                    "nik": nik,
                    "service": service,
                }
            )
    return rows


def _upsert_answer(
    answer: list[tuple], uuids: set[str]
) -> tuple[int | None, dict[str, int], set[str]]:
    """``_PG_INGEST``'s answer for a batch of the record ``uuids``: the batch id (None: the
    uuid was taken), the revision before this batch of the uuids it sent more than one
    revision of, and the uuids it wrote (all but those the answer lists as not written)."""
    batch_id = None
    before: dict[str, int] = {}
    written = set(uuids)
    for record_uuid, revision, was_written, claimed in answer:
        if record_uuid is None:
            batch_id = claimed
            continue
        if not was_written:
            written.discard(record_uuid)
        if revision is not None:
            before[record_uuid] = revision
    return batch_id, before, written


def _finish_params(batch: Batch, device: dict, result: BatchResult, now) -> dict:
    return {
        "result_json": answer_json(result),
        "batch_uuid": batch.batch_uuid,
        "device_id": device["id"],
        "now": now,
    }


def _keep_stale(
    conn,
    distinct: dict,
    data: list[str],
    written: set,
    owner: dict,
    user: dict,
    batch_id: int,
    device,
    now,
) -> None:
    """The uuids the upsert did not write: their owner (in ``owner``), and the revisions
    of this officer's among them that are not the stored one go to ``record_superseded``.
    The upsert locked those rows, so this later statement reads them as they stay."""
    others = sorted({record_uuid for record_uuid, _rev in distinct} - written)
    query = select(records.c.uuid, records.c.revision, records.c.officer_id).where(
        records.c.uuid.in_(others)
    )
    stored: dict[str, int] = {}
    for row in conn.execute(query):
        stored[row.uuid] = row.revision
        owner[row.uuid] = row.officer_id
    _keep_superseded(
        conn,
        [
            _record_row(item, data[pos], batch_id, device, user, now)
            for (record_uuid, revision), (pos, item) in distinct.items()
            if record_uuid in stored
            and owner[record_uuid] == user["id"]
            and revision != stored[record_uuid]
        ],
    )


# PostgreSQL ingest statement. It claims the batch uuid (nothing else happens when the
# uuid is taken, or when the device was revoked or its account changed since the token was
# checked: see server.auth.RecentDevices) and upserts the records. Per distinct (uuid,
# revision), the values the server derives travel as one small JSON array (``rows``, see
# ``_PG_ROW_TYPES``; as jsonb, whose ->> does not parse the row again) and the data as
# sent as one line of ``data`` (split into an array, not parsed). All parts of a WITH
# statement share one snapshot: ``prior`` is the state before this batch of the uuids it
# sends several revisions of; ``written`` is what the upsert changed (a row only moves
# forward, and only for its own officer; it locks the rows it does not change too). The
# row it replaces goes to ``record_superseded`` by the trigger of migration 0005; the
# batch's lower revisions of a uuid it wrote go there too. The answer: one row with the
# batch id, then one per uuid the upsert did not write or that has a prior revision
# (usually none).
_PG_ROW_TYPES = {
    "uuid": "text",
    "revision": "integer",
    "kind": "text",
    "kecamatan_code": "text",
    "desa_code": "text",
    "visit_date": "date",
    "device_time": "timestamptz",
    "newest": "boolean",  # the highest revision of its uuid in this batch
}
_PG_CONSTANTS = ("officer_id", "device_id", "server_received_at")
_PG_NULLS = ("review_status", "reviewed_at")  # a new revision is not reviewed yet


def _pg_ingest_sql(fresh: bool = False) -> str:
    """``_PG_INGEST``; with ``fresh``, ``_PG_INGEST_FRESH``: for a batch of first revisions
    only, the records go in by a plain INSERT (a uuid already stored fails the statement
    with a unique violation instead), so there is no prior revision, no superseded one and
    no record left out: the answer is the claim's row alone."""
    dialect = postgresql.dialect()

    def pg_type(table, name: str) -> str:
        return table.c[name].type.compile(dialect=dialect)

    def value(name: str) -> str:
        if name in _PG_NULLS:
            return f"NULL::{pg_type(records, name)}"
        if name in _PG_CONSTANTS:
            return f"%({name})s::{pg_type(records, name)}"
        return name

    claim_columns = [c.name for c in batches.columns if c.name not in ("id", "result_json")]
    claim_values = ", ".join(f"%({n})s::{pg_type(batches, n)}" for n in claim_columns)
    row_values = ", ".join(
        f"(r.value->>{i})::{t} AS {n}" for i, (n, t) in enumerate(_PG_ROW_TYPES.items())
    )
    columns = list(_PG_ROW_TYPES)
    inserted = (*columns[:-1], "data", "batch_id", *_PG_CONSTANTS, *_PG_NULLS)
    updated = [c.name for c in records.columns if c.name not in ("uuid", "officer_id")]
    assert set(inserted) == {c.name for c in records.columns}
    conflict = (
        f"ON CONFLICT (uuid) DO UPDATE SET {', '.join(f'{n} = EXCLUDED.{n}' for n in updated)}"
        "\n    WHERE r.revision < EXCLUDED.revision AND r.officer_id = EXCLUDED.officer_id"
    )
    claim = f"""
WITH claim AS (
    INSERT INTO {batches.name} ({", ".join(claim_columns)}) SELECT {claim_values}
    WHERE EXISTS (
        SELECT FROM {devices.name} AS d JOIN {users.name} AS u ON u.id = d.user_id
        WHERE d.id = %(device_id)s::text AND d.user_id = %(user_id)s::integer
            AND d.revoked_at IS NULL AND NOT u.disabled AND u.role = %(account_role)s::text
            AND u.kecamatan_code IS NOT DISTINCT FROM %(account_kecamatan)s::text
    )
    ON CONFLICT (batch_uuid) DO NOTHING
    RETURNING id
), input AS (
    SELECT {row_values}, r.data, claim.id AS batch_id
    FROM ROWS FROM (
        jsonb_array_elements(%(rows)s::jsonb),
        unnest(string_to_array(%(data)s::text, chr(10)))
    ) AS r(value, data)
    CROSS JOIN claim
)"""
    claim_answer = "SELECT NULL::text, NULL::integer, NULL::boolean, claim.id FROM claim"
    if fresh:
        return f"""{claim}, written AS (
    INSERT INTO {records.name} AS r ({", ".join(inserted)})
    SELECT {", ".join(value(n) for n in inserted)} FROM input ORDER BY uuid
)
{claim_answer}
"""
    return f"""{claim}, prior AS (
    SELECT r.uuid, r.revision FROM {records.name} AS r
    WHERE r.uuid = ANY(ARRAY(SELECT uuid FROM input WHERE NOT newest))
), written AS (
    INSERT INTO {records.name} AS r ({", ".join(inserted)})
    SELECT {", ".join(value(n) for n in inserted)} FROM input WHERE newest ORDER BY uuid
    {conflict}
    RETURNING r.uuid
), superseded AS (
    INSERT INTO {record_superseded.name} ({", ".join(_REVISION_COLUMNS)})
    SELECT {", ".join(value(n) for n in _REVISION_COLUMNS)} FROM input
    WHERE NOT newest AND uuid IN (SELECT uuid FROM written)
    ORDER BY uuid, revision
    ON CONFLICT (uuid, revision) DO NOTHING
)
{claim_answer}
UNION ALL
SELECT u.uuid, p.revision, w.uuid IS NOT NULL, NULL::bigint
FROM (SELECT uuid FROM input WHERE newest) AS u
LEFT JOIN prior AS p ON p.uuid = u.uuid
LEFT JOIN written AS w ON w.uuid = u.uuid
WHERE w.uuid IS NULL OR p.revision IS NOT NULL
"""


_PG_INGEST = _pg_ingest_sql()
# A plain INSERT skips the upsert's conflict check of every row (~0.7 ms of PostgreSQL for
# 500 records): for a batch of first revisions, which are new uuids unless the batch
# repeats records stored before (then the attempt fails and the upsert runs instead).
# Prepared: it reads no table but the device and its account by primary key, so its one
# plan stays good, and planning it each time costs ~0.7 ms.
_PG_INGEST_FRESH = _pg_ingest_sql(fresh=True)

# The answer kept for a resend, and the device's last contact, in one statement.
_PG_FINISH = f"""
WITH seen AS (
    UPDATE {devices.name} SET last_seen_at = %(now)s WHERE id = %(device_id)s
)
UPDATE {batches.name} SET result_json = %(result_json)s WHERE batch_uuid = %(batch_uuid)s
"""
