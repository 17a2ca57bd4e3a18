"""Batch ingest: verify, check scope, validate each record, upsert in one transaction.

Idempotency lives in the database: ``batches.batch_uuid`` is unique (INSERT ... ON
CONFLICT DO NOTHING), a record row only moves forward (ON CONFLICT (uuid) DO UPDATE
... WHERE records.revision < excluded.revision) and every revision is kept once in
``record_revisions`` (unique (uuid, revision)). Several server processes may ingest
at the same time.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import OperationalError

from app.domain.messages import DomainError
from app.domain.record import RequestInput, Validation, request_from_dict, validate_request
from app.domain.regions import regions
from server.auth import in_scope
from server.db import (
    batches,
    devices,
    insert_for,
    is_sqlite,
    iso,
    record_revisions,
    records,
    utcnow,
)
from server.flags import ReviewInput, index_batch
from sync.protocol import (
    RECORD_CODES_ID,
    Batch,
    BatchResult,
    ProtocolError,
    RecordEnvelope,
    RecordIssue,
    RecordResult,
    canonical_json,
    open_batch,
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


def _check_request(item: _Checked, today: date) -> None:
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
    item.desa_code = data.desa_code
    item.kecamatan_code = _kecamatan_of(data.desa_code)
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
    checked = []
    for env in batch.records:
        item = _Checked(env)
        if env.kind == "request":
            _check_request(item, today)
        elif env.kind == "visit":
            _check_visit(item)
        else:  # stock movements belong to the officer, not to a desa
            item.kecamatan_code = officer_kecamatan
        checked.append(item)
    return checked


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


def _claim_batch(conn, batch: Batch, body: bytes, device: dict, user: dict, now) -> int | None:
    stmt = (
        insert_for(conn, batches)
        .values(
            batch_uuid=batch.batch_uuid,
            user_id=user["id"],
            device_id=device["id"],
            claimed_device_id=batch.device_id,
            content_sha256=batch.content_sha256,
            protocol_version=batch.protocol_version,
            outbox_first=batch.outbox_first,
            outbox_last=batch.outbox_last,
            created_at_client=batch.created_at[:40],
            received_at=now,
            record_count=len(batch.records),
            body=body,
        )
        .on_conflict_do_nothing(index_elements=["batch_uuid"])
        .returning(batches.c.id)
    )
    return conn.execute(stmt).scalar()


def _record_rows(valid: list[_Checked], batch_id: int, device: dict, user: dict, now) -> dict:
    """One row per distinct (uuid, revision), the first occurrence winning."""
    rows: dict[tuple[str, int], dict] = {}
    for item in valid:
        env = item.env
        key = (env.uuid, env.revision)
        if key in rows:
            continue
        rows[key] = {
            "uuid": env.uuid,
            "kind": env.kind,
            "revision": env.revision,
            "officer_id": user["id"],
            "device_id": device["id"],
            "batch_id": batch_id,
            "kecamatan_code": item.kecamatan_code,
            "desa_code": item.desa_code,
            "visit_date": item.visit_date,
            "data": canonical_json(env.data).decode("utf-8"),
            "device_time": parse_utc(env.device_time),
            "server_received_at": now,
            "review_status": None,
            "reviewed_at": None,
        }
    return rows


def _outcomes(rows: dict, before: dict, owner: dict, written: set, user_id: int) -> dict:
    """accepted | stale | not_owner per (uuid, revision).

    ``before``: revision per uuid before this batch; ``owner``: officer_id per uuid after
    the upsert; ``written``: the uuids whose row this batch wrote.
    """
    outcome: dict[tuple[str, int], str] = {}
    for key in rows:
        record_uuid, revision = key
        if owner[record_uuid] != user_id:
            outcome[key] = "not_owner"
        elif record_uuid in written and revision > before.get(record_uuid, 0):
            outcome[key] = "accepted"
        else:
            outcome[key] = "stale"
    return outcome


def _insert_history(conn, history: list[dict]) -> None:
    if history:
        stmt = insert_for(conn, record_revisions).on_conflict_do_nothing(
            index_elements=["uuid", "revision"]
        )
        conn.execute(stmt, [{k: row[k] for k in _REVISION_COLUMNS} for row in history])


def _upsert_generic(conn, rows: dict, batch_id: int, user_id: int) -> dict:
    """SQLite (and any dialect): SELECT before, executemany upsert, SELECT after, history."""
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
    query = select(records.c.uuid, records.c.officer_id, records.c.batch_id).where(
        records.c.uuid.in_(uuids)
    )
    after = {r.uuid: (r.officer_id, r.batch_id) for r in conn.execute(query)}
    owner = {u: officer for u, (officer, _batch) in after.items()}
    written = {u for u, (_officer, row_batch) in after.items() if row_batch == batch_id}
    outcome = _outcomes(rows, before, owner, written, user_id)
    _insert_history(conn, [row for key, row in sorted(rows.items()) if outcome[key] != "not_owner"])
    return outcome


def _upsert_pg(conn, rows: dict, user_id: int) -> dict:
    """PostgreSQL: one statement for the whole batch (see ``_PG_UPSERT``); a uuid that
    another transaction inserted after this statement's snapshot gets one more SELECT."""
    ordered = [rows[key] for key in sorted(rows)]
    params = {name: [row[name] for row in ordered] for name in _PG_ARRAYS}
    first = ordered[0]
    params.update({name: first[name] for name in _PG_CONSTANTS})
    before: dict[str, int] = {}
    owner: dict[str, int] = {}
    written: set[str] = set()
    unknown: list[str] = []
    for record_uuid, revision, officer_id, was_written in conn.exec_driver_sql(_PG_UPSERT, params):
        if revision is not None:
            before[record_uuid] = revision
            owner[record_uuid] = officer_id
        if was_written:
            written.add(record_uuid)
            owner[record_uuid] = user_id
        elif revision is None:
            unknown.append(record_uuid)
    late: list[dict] = []
    if unknown:  # committed by a concurrent batch after our snapshot: never written by us
        query = select(records.c.uuid, records.c.officer_id).where(records.c.uuid.in_(unknown))
        owner.update({r.uuid: r.officer_id for r in conn.execute(query)})
        late = [row for row in ordered if row["uuid"] in set(unknown)]
    outcome = _outcomes(rows, before, owner, written, user_id)
    _insert_history(conn, [row for row in late if owner[row["uuid"]] == user_id])
    return outcome


def _write_records(conn, items: list[_Checked], batch_id: int, device: dict, user: dict, now):
    """Upsert the newest revision per uuid, keep every revision.

    Returns the results and, per uuid this batch wrote, the item whose data became the
    current row (the first item of the newest accepted revision).
    """
    valid = [i for i in items if i.rejected is None]
    rows = _record_rows(valid, batch_id, device, user, now)
    outcome: dict[tuple[str, int], str] = {}
    if rows and is_sqlite(conn):
        outcome = _upsert_generic(conn, rows, batch_id, user["id"])
    elif rows:
        outcome = _upsert_pg(conn, rows, user["id"])

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


def _freeze_long_lived() -> None:
    """Once per process, after the region index is loaded: move every object alive now (the
    modules, the app, the region index) out of the cyclic GC's reach. A batch allocates
    enough to trigger full collections, which otherwise walk all of them (~13 ms a batch)."""
    if not _FROZEN:
        regions()
        gc.collect()
        gc.freeze()
        _FROZEN.append(True)


def ingest_batch(
    engine: Engine,
    device: dict,
    user: dict,
    batch_uuid: str,
    body: bytes,
    content_encoding: str | None,
) -> BatchResult:
    """Store one sealed batch; raises ProtocolError (nothing written) on a 4xx condition."""
    _freeze_long_lived()
    batch = open_batch(body, content_encoding)
    if batch.batch_uuid != batch_uuid:
        raise ProtocolError("bad_body", "batch_uuid differs from the URL")
    # One pooled connection for the whole request (each checkout costs a pre-ping).
    with engine.connect() as conn:
        replay = _existing_batch(conn, batch, user["id"])
        conn.rollback()
        if replay is not None:
            return replay
        check_scope(batch, user["kecamatan_code"])
        items = check_records(batch, user["kecamatan_code"])
        for attempt in range(DEADLOCK_RETRIES):
            try:
                return _store(conn, batch, body, items, device, user)
            except OperationalError as exc:
                if getattr(exc.orig, "sqlstate", None) not in RETRY_SQLSTATES:
                    raise
                if attempt == DEADLOCK_RETRIES - 1:
                    raise ProtocolError("unavailable", "database busy") from exc
    raise AssertionError("unreachable")


def _store(conn, batch: Batch, body: bytes, items, device: dict, user: dict) -> BatchResult:
    with conn.begin():
        now = utcnow()
        batch_id = _claim_batch(conn, batch, body, device, user, now)
        if batch_id is None:  # another request stored the same uuid meanwhile
            replay = _existing_batch(conn, batch, user["id"])
            if replay is None:
                raise ProtocolError("unavailable", "batch is being stored")
            return replay
        results, written = _write_records(conn, items, batch_id, device, user, now)
        # Supervisor review: index and flag the requests this batch wrote (server/flags.py),
        # from the data and validation checked above (nothing is read back).
        index_batch(conn, batch_id, now, _review_inputs(written, user))
        result = BatchResult(
            batch_uuid=batch.batch_uuid,
            duplicate=False,
            received_at=iso(now),
            server_time=iso(utcnow()),
            results=results,
        )
        conn.execute(
            update(batches)
            .where(batches.c.id == batch_id)
            .values(result_json=result.model_dump_json())
        )
        conn.execute(update(devices).where(devices.c.id == device["id"]).values(last_seen_at=now))
    return result


# PostgreSQL ingest statement. Per-row values travel as one array per column (unnest), the
# rest once; arrays go in binary (``%(name)b``), as psycopg's text form escapes every quote
# of the JSON in Python (forty times slower). All parts of a WITH statement share one
# snapshot, so ``prior`` is the state before this batch; ``written`` is what the upsert
# changed (a row only moves forward, and only for its own officer); every revision of a
# row this officer owns goes to the history, in (uuid, revision) order.
_PG_ARRAYS = (
    "uuid",
    "revision",
    "kind",
    "kecamatan_code",
    "desa_code",
    "visit_date",
    "data",
    "device_time",
)
_PG_CONSTANTS = ("officer_id", "device_id", "batch_id", "server_received_at")
_PG_NULLS = ("review_status", "reviewed_at")  # a new revision is not reviewed yet


def _pg_upsert_sql() -> str:
    dialect = postgresql.dialect()

    def pg_type(name: str) -> str:
        return records.c[name].type.compile(dialect=dialect)

    def value(name: str) -> str:
        if name in _PG_ARRAYS:
            return name
        if name in _PG_NULLS:
            return f"NULL::{pg_type(name)}"
        return f"%({name})s::{pg_type(name)}"

    inserted = (*_PG_ARRAYS, *_PG_CONSTANTS, *_PG_NULLS)
    updated = [c.name for c in records.columns if c.name not in ("uuid", "officer_id")]
    return f"""
WITH input AS (
    SELECT * FROM unnest({", ".join(f"%({n})b::{pg_type(n)}[]" for n in _PG_ARRAYS)})
        AS t({", ".join(_PG_ARRAYS)})
), prior AS (
    SELECT r.uuid, r.revision, r.officer_id FROM {records.name} AS r
    WHERE r.uuid = ANY(%(uuid)b::{pg_type("uuid")}[])
), written AS (
    INSERT INTO {records.name} AS r ({", ".join(inserted)})
    SELECT DISTINCT ON (uuid) {", ".join(value(n) for n in inserted)}
    FROM input ORDER BY uuid, revision DESC
    ON CONFLICT (uuid) DO UPDATE SET {", ".join(f"{n} = EXCLUDED.{n}" for n in updated)}
    WHERE r.revision < EXCLUDED.revision AND r.officer_id = EXCLUDED.officer_id
    RETURNING r.uuid
), history AS (
    INSERT INTO {record_revisions.name} ({", ".join(_REVISION_COLUMNS)})
    SELECT {", ".join(value(n) for n in _REVISION_COLUMNS)} FROM input
    WHERE uuid IN (SELECT uuid FROM written)
        OR uuid IN (SELECT uuid FROM prior WHERE officer_id = {value("officer_id")})
    ORDER BY uuid, revision
    ON CONFLICT (uuid, revision) DO NOTHING
)
SELECT u.uuid, p.revision, p.officer_id, w.uuid IS NOT NULL
FROM (SELECT DISTINCT uuid FROM input) AS u
LEFT JOIN prior AS p ON p.uuid = u.uuid
LEFT JOIN written AS w ON w.uuid = u.uuid
"""


_PG_UPSERT = _pg_upsert_sql()
