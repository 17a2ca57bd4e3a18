"""Batch ingest: verify, check scope, validate each record, upsert in one transaction.

Idempotency lives in the database: ``batches.batch_uuid`` is unique (INSERT ... ON
CONFLICT DO NOTHING), a record row only moves forward (ON CONFLICT (uuid) DO UPDATE
... WHERE records.revision < excluded.revision) and every revision is kept once in
``record_revisions`` (unique (uuid, revision)). Several server processes may ingest
at the same time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import OperationalError

from app.domain.messages import DomainError
from app.domain.record import request_from_dict, validate_request
from app.domain.regions import regions
from server.db import batches, devices, insert_for, iso, record_revisions, records, utcnow
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
    extra: dict = field(default_factory=dict)


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
    kecamatan (admins, without a kecamatan, may push anywhere)."""
    if officer_kecamatan is None:
        return
    prefix = officer_kecamatan + "."
    for index, env in enumerate(batch.records):
        desa = env.data.get("desa_code")
        if isinstance(desa, str) and desa and not desa.startswith(prefix):
            raise ProtocolError("forbidden_scope", f"records.{index}.data.desa_code")
        kecamatan = env.data.get("kecamatan_code")
        if isinstance(kecamatan, str) and kecamatan and kecamatan != officer_kecamatan:
            raise ProtocolError("forbidden_scope", f"records.{index}.data.kecamatan_code")


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


def _write_records(conn, items: list[_Checked], batch_id: int, device: dict, user: dict, now):
    """Upsert the newest revision per uuid, keep every revision; return the results."""
    valid = [i for i in items if i.rejected is None]
    uuids = sorted({i.env.uuid for i in valid})
    before: dict[str, int] = {}
    if uuids:
        query = select(records.c.uuid, records.c.revision).where(records.c.uuid.in_(uuids))
        before = {r.uuid: r.revision for r in conn.execute(query)}
    rows: dict[tuple[str, int], dict] = {}
    for item in valid:
        env = item.env
        rows.setdefault(
            (env.uuid, env.revision),
            {
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
            },
        )
    newest: dict[str, dict] = {}
    for row in rows.values():
        if row["revision"] > newest.get(row["uuid"], {"revision": 0})["revision"]:
            newest[row["uuid"]] = row
    if newest:
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
    after: dict[str, tuple[int, int]] = {}
    if uuids:
        query = select(records.c.uuid, records.c.officer_id, records.c.batch_id).where(
            records.c.uuid.in_(uuids)
        )
        after = {r.uuid: (r.officer_id, r.batch_id) for r in conn.execute(query)}

    outcome: dict[tuple[str, int], str] = {}
    history = []
    for key, row in sorted(rows.items()):
        officer_id, row_batch = after[row["uuid"]]
        if officer_id != user["id"]:
            outcome[key] = "not_owner"
            continue
        applied = row_batch == batch_id and row["revision"] > before.get(row["uuid"], 0)
        outcome[key] = "accepted" if applied else "stale"
        history.append({k: row[k] for k in _REVISION_COLUMNS})
    if history:
        stmt = insert_for(conn, record_revisions).on_conflict_do_nothing(
            index_elements=["uuid", "revision"]
        )
        conn.execute(stmt, history)

    results = []
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
            results.append(
                RecordResult(
                    uuid=env.uuid, kind=env.kind, revision=env.revision, outcome="accepted"
                )
            )
    return results


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


def ingest_batch(
    engine: Engine,
    device: dict,
    user: dict,
    batch_uuid: str,
    body: bytes,
    content_encoding: str | None,
) -> BatchResult:
    """Store one sealed batch; raises ProtocolError (nothing written) on a 4xx condition."""
    batch = open_batch(body, content_encoding)
    if batch.batch_uuid != batch_uuid:
        raise ProtocolError("bad_body", "batch_uuid differs from the URL")
    with engine.connect() as conn:
        replay = _existing_batch(conn, batch, user["id"])
        conn.rollback()
    if replay is not None:
        return replay
    check_scope(batch, user["kecamatan_code"])
    items = check_records(batch, user["kecamatan_code"])
    for attempt in range(DEADLOCK_RETRIES):
        try:
            return _store(engine, batch, body, items, device, user)
        except OperationalError as exc:
            if getattr(exc.orig, "sqlstate", None) not in RETRY_SQLSTATES:
                raise
            if attempt == DEADLOCK_RETRIES - 1:
                raise ProtocolError("unavailable", "database busy") from exc
    raise AssertionError("unreachable")


def _store(engine, batch: Batch, body: bytes, items, device: dict, user: dict) -> BatchResult:
    with engine.begin() as conn:
        now = utcnow()
        batch_id = _claim_batch(conn, batch, body, device, user, now)
        if batch_id is None:  # another request stored the same uuid meanwhile
            replay = _existing_batch(conn, batch, user["id"])
            if replay is None:
                raise ProtocolError("unavailable", "batch is being stored")
            return replay
        results = _write_records(conn, items, batch_id, device, user, now)
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
