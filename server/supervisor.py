"""Supervisor review queries: the batch inbox, record lists, record detail, approve-clean.

Scope is decided in one place, :func:`server.auth.reviewer_scope` (re-exported here): an
admin sees every kecamatan, a supervisor only their own; every query here is filtered by
it, and asking for another kecamatan's batch, record, desa or kecamatan is
``403 forbidden_scope``. All lists are
single SQL statements over indexed columns (``records`` and ``record_review``, see
``server/flags.py``); approve-clean is one set-based UPDATE ... RETURNING plus two
multi-row INSERTs in one transaction.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, Engine, and_, case, exists, func, insert, select, update

from app.domain.nik import InvalidNik, normalize_number, parse_nik
from app.domain.regions import regions
from server.auth import require_kecamatan, reviewer_scope
from server.db import (
    batches,
    changes,
    decisions,
    iso,
    record_review,
    record_revisions,
    records,
    users,
    utcnow,
)
from server.flags import WITA, codes_of, flags_of, local_day, name_key
from server.flags import review_validation as _validation
from server.review import lock_changes
from sync.protocol import ProtocolError
from sync.review_protocol import (
    ApproveCleanResult,
    BatchList,
    BatchSummary,
    Decision,
    NikDecoded,
    RecordDetail,
    RecordList,
    RecordSummary,
    Revision,
)

# Former name of the users table here, still imported by server.dashboard.
user_profiles = users

APPROVE_CLEAN_COMMENT = "Disetujui sekaligus: tanpa tanda dan tanpa peringatan."
_STATE_VALUE = {"approved": "approved", "returned": "returned", "rejected": "rejected"}


def set_profile(
    conn: Connection, username: str, full_name: str | None = None, team: str | None = None
) -> None:
    """Set a user's display name and team (``jempol-server user add --full-name --team``)."""
    values = {}
    if full_name is not None:
        values["full_name"] = " ".join(full_name.split()) or None
    if team is not None:
        values["team"] = " ".join(team.split()) or None
    if values:
        conn.execute(update(users).where(users.c.username == username).values(**values))


# --------------------------------------------------------------------------- scope


def _kecamatan_filter(user: dict, kecamatan: str | None, desa: str | None) -> str | None:
    scope = reviewer_scope(user)
    if kecamatan:
        require_kecamatan(user, kecamatan, f"kecamatan {kecamatan}")
    if desa:
        require_kecamatan(user, desa, f"desa {desa}")
    return kecamatan or scope


def _require_in_scope(user: dict, kecamatan: str | None, what: str) -> None:
    reviewer_scope(user)  # a reviewer's role, else 403 forbidden_role
    require_kecamatan(user, kecamatan, what)


def _batch(conn: Connection, user: dict, batch_uuid: str):
    b, u = batches.c, users.c
    row = conn.execute(
        select(b.id, u.kecamatan_code)
        .join(users, u.id == b.user_id)
        .where(b.batch_uuid == batch_uuid)
    ).first()
    if row is None:
        raise ProtocolError("not_found", f"batch {batch_uuid}")
    _require_in_scope(user, row.kecamatan_code, "the batch")
    return row


def _day_start(day: date) -> datetime:
    """Midnight WITA of ``day`` as a UTC datetime (how timestamps are stored)."""
    return datetime.combine(day, time(), WITA).astimezone(UTC)


# --------------------------------------------------------------------------- inbox


def list_batches(
    conn: Connection,
    user: dict,
    *,
    kecamatan: str | None = None,
    desa: str | None = None,
    team: str | None = None,
    officer: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    state: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> BatchList:
    """Batches holding current request revisions, newest first, with review counts.

    ``date_from``/``date_to`` are days (WITA) of receipt by the server, both inclusive.
    """
    kecamatan = _kecamatan_filter(user, kecamatan, desa)
    r, b, u = records.c, batches.c, users.c
    where = [r.kind == "request"]
    if kecamatan:
        where.append(r.kecamatan_code == kecamatan)
    if officer:
        where.append(r.officer_id.in_(select(u.id).where(u.username == officer)))
    if team:
        where.append(r.officer_id.in_(select(u.id).where(u.team == team)))
    if date_from:
        where.append(r.server_received_at >= _day_start(date_from))
    if date_to:
        where.append(r.server_received_at < _day_start(date_to + timedelta(days=1)))

    def count_of(condition):
        return func.sum(case((condition, 1), else_=0))

    pending = count_of(r.review_status.is_(None))
    total_count = func.count()
    having = []
    if desa:
        having.append(count_of(r.desa_code == desa) > 0)
    if state == "new":
        having.append(pending == total_count)
    elif state == "in_review":
        having.append(and_(pending > 0, pending < total_count))
    elif state == "done":
        having.append(pending == 0)
    stats = (
        select(
            r.batch_id,
            func.max(r.kecamatan_code).label("kecamatan_code"),
            total_count.label("record_count"),
            pending.label("pending"),
            count_of(r.review_status == "approved").label("approved"),
            count_of(r.review_status == "returned").label("returned"),
            count_of(r.review_status == "rejected").label("rejected"),
        )
        .where(*where)
        .group_by(r.batch_id)
    )
    if having:
        stats = stats.having(and_(*having))
    stats = stats.subquery("stats")
    total = conn.execute(select(func.count()).select_from(stats)).scalar_one()
    page = conn.execute(
        select(stats, b.batch_uuid, b.received_at, u.username, u.full_name, u.team)
        .join(batches, b.id == stats.c.batch_id)
        .join(users, u.id == b.user_id)
        .order_by(b.received_at.desc(), b.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    desa_codes: dict[int, list[str]] = {row.batch_id: [] for row in page}
    if page:
        for batch_id, code in conn.execute(
            select(r.batch_id, r.desa_code)
            .where(r.batch_id.in_(list(desa_codes)), r.kind == "request")
            .group_by(r.batch_id, r.desa_code)
            .order_by(r.batch_id, r.desa_code)
        ):
            if code:
                desa_codes[batch_id].append(code)
    items = []
    for row in page:
        if row.pending == row.record_count:
            batch_state = "new"
        elif row.pending:
            batch_state = "in_review"
        else:
            batch_state = "done"
        items.append(
            BatchSummary(
                batch_uuid=row.batch_uuid,
                received_at=iso(row.received_at),
                officer=row.username,
                officer_name=row.full_name or "",
                team=row.team or "",
                kecamatan_code=row.kecamatan_code or "",
                desa_codes=desa_codes[row.batch_id],
                record_count=row.record_count,
                pending=row.pending,
                approved=row.approved,
                returned=row.returned,
                rejected=row.rejected,
                state=batch_state,
            )
        )
    return BatchList(total=total, items=items)


def _prefix_range(column_, prefix: str):
    """``column LIKE 'prefix%'`` as an index range (byte order on both databases)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column_ >= prefix, column_ < upper)


def list_records(
    conn: Connection,
    user: dict,
    *,
    batch_uuid: str | None = None,
    kecamatan: str | None = None,
    desa: str | None = None,
    state: str | None = None,
    service: str | None = None,
    q: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> RecordList:
    """Requests (current revisions) matching the filters, newest first.

    ``q``: a NIK prefix when it is digits (spaces, dots and dashes ignored), else a
    prefix of the name (case-insensitive).
    """
    kecamatan = _kecamatan_filter(user, kecamatan, desa)
    r, v, b, u = records.c, record_review.c, batches.c, users.c
    where = [v.uuid == r.uuid]
    if batch_uuid:
        where.append(r.batch_id == _batch(conn, user, batch_uuid).id)
    if kecamatan:
        where += [r.kecamatan_code == kecamatan, v.kecamatan_code == kecamatan]
    if desa:
        where.append(r.desa_code == desa)
    if state == "pending":
        where.append(r.review_status.is_(None))
    elif state:
        where.append(r.review_status == _STATE_VALUE[state])
    if service:
        where.append(v.service == service)
    text = (q or "").strip()
    if text:
        digits = normalize_number(text)
        if digits.isdigit():
            where.append(_prefix_range(v.nik, digits))
        elif name_key(text):
            where.append(_prefix_range(v.name_key, name_key(text)))
    total = conn.execute(
        select(func.count())
        .select_from(records)
        .join(record_review, v.uuid == r.uuid)
        .where(*where)
    ).scalar_one()
    rows = conn.execute(
        select(
            r.uuid,
            r.revision,
            r.desa_code,
            r.visit_date,
            r.data,
            r.review_status,
            r.server_received_at,
            v.flag_codes,
            b.batch_uuid,
            u.username,
        )
        .select_from(records)
        .join(record_review, v.uuid == r.uuid)
        .join(batches, b.id == r.batch_id)
        .join(users, u.id == r.officer_id)
        .where(*where)
        .order_by(r.server_received_at.desc(), v.name_key, r.uuid)
        .limit(limit)
        .offset(offset)
    ).all()
    items = []
    for row in rows:
        data = json.loads(row.data)
        items.append(
            RecordSummary(
                uuid=row.uuid,
                revision=row.revision,
                batch_uuid=row.batch_uuid,
                officer=row.username,
                desa_code=row.desa_code or "",
                visit_date=row.visit_date.isoformat() if row.visit_date else None,
                nik=str(data.get("nik") or ""),
                name=str(data.get("name") or ""),
                service=str(data.get("service") or ""),
                status=str(data.get("status") or ""),
                review_state=row.review_status or "pending",
                flags=codes_of(row.flag_codes),
                received_at=iso(row.server_received_at),
            )
        )
    return RecordList(total=total, items=items)


# --------------------------------------------------------------------------- detail


def _nik_decoded(nik_text: str, today: date) -> NikDecoded | None:
    try:
        info = parse_nik(nik_text, today=today)
    except InvalidNik:
        return None
    index = regions()
    region = index.get(info.region_code) or index.retired(info.region_code)
    return NikDecoded(
        birth_date=info.birth_date.isoformat(),
        sex=info.sex,
        region_code=info.region_code,
        region_name=region.name if region else "",
        warnings=list(info.warnings),
    )


def _diff(old: dict | None, new: dict) -> dict[str, list]:
    if old is None:
        return {}
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def record_detail(conn: Connection, user: dict, record_uuid: str) -> RecordDetail:
    """Everything a supervisor needs to decide on one request."""
    r, v = records.c, record_review.c
    row = conn.execute(
        select(
            r.uuid,
            r.kind,
            r.revision,
            r.kecamatan_code,
            r.data,
            r.review_status,
            r.server_received_at,
            v.flag_data,
        )
        .select_from(records)
        .outerjoin(record_review, v.uuid == r.uuid)
        .where(r.uuid == record_uuid)
    ).first()
    if row is None or row.kind != "request":
        raise ProtocolError("not_found", f"record {record_uuid}")
    _require_in_scope(user, row.kecamatan_code, "the record")
    data = json.loads(row.data)
    today = local_day(row.server_received_at)
    _request, validation = _validation(data, today)
    warnings = []
    if validation is not None:
        warnings = [i.message for i in validation.warnings + validation.confirmations]
    rv = record_revisions.c
    revisions, previous = [], None
    for rev in conn.execute(
        select(rv.revision, rv.data, rv.device_time, rv.server_received_at)
        .where(rv.uuid == record_uuid)
        .order_by(rv.revision)
    ):
        rev_data = json.loads(rev.data)
        revisions.append(
            Revision(
                revision=rev.revision,
                received_at=iso(rev.server_received_at),
                device_time=iso(rev.device_time),
                data=rev_data,
                changes=_diff(previous, rev_data),
            )
        )
        previous = rev_data
    d, u = decisions.c, users.c
    decided = [
        Decision(
            decision=dec.decision,
            comment=dec.comment,
            by=dec.username,
            at=iso(dec.decided_at),
            revision=dec.record_revision,
        )
        for dec in conn.execute(
            select(d.decision, d.comment, d.decided_at, d.record_revision, u.username)
            .join(users, u.id == d.decided_by)
            .where(d.record_uuid == record_uuid)
            .order_by(d.decided_at, d.id)
        )
    ]
    return RecordDetail(
        uuid=row.uuid,
        revision=row.revision,
        data=data,
        nik_decoded=_nik_decoded(str(data.get("nik") or ""), today),
        warnings=warnings,
        flags=flags_of(row.flag_data),
        revisions=revisions,
        decisions=decided,
        review_state=row.review_status or "pending",
    )


# --------------------------------------------------------------------------- approve-clean


def approve_clean(engine: Engine, user: dict, batch_uuid: str) -> ApproveCleanResult:
    """Approve every pending request of the batch without flags and without warnings.

    One transaction: a set-based UPDATE ... RETURNING picks and approves the records (its
    WHERE is re-checked under the row locks, so a revision arriving meanwhile is left
    pending), then one multi-row INSERT each for the decisions and the officers' changes.
    """
    r, v = records.c, record_review.c
    with engine.begin() as conn:
        batch = _batch(conn, user, batch_uuid)
        scope = reviewer_scope(user)
        clean = exists().where(
            v.uuid == r.uuid, v.revision == r.revision, v.flag_codes == "", v.warning_count == 0
        )
        where = [r.batch_id == batch.id, r.kind == "request", r.review_status.is_(None), clean]
        if scope is not None:
            where.append(r.kecamatan_code == scope)
        now = utcnow()
        approved = conn.execute(
            update(records)
            .where(*where)
            .values(review_status="approved", reviewed_at=now)
            .returning(r.uuid, r.revision, r.officer_id)
        ).all()
        approved.sort(key=lambda row: row.uuid)
        if approved:
            conn.execute(
                insert(decisions),
                [
                    {
                        "record_uuid": row.uuid,
                        "record_revision": row.revision,
                        "decision": "approve",
                        "comment": APPROVE_CLEAN_COMMENT,
                        "decided_by": user["id"],
                        "decided_at": now,
                    }
                    for row in approved
                ],
            )
            lock_changes(conn)
            conn.execute(
                insert(changes),
                [
                    {
                        "kind": "review",
                        "entity_uuid": row.uuid,
                        "officer_id": row.officer_id,
                        "data": json.dumps(
                            {
                                "record_uuid": row.uuid,
                                "record_revision": row.revision,
                                "decision": "approve",
                                "comment": APPROVE_CLEAN_COMMENT,
                                "decided_by": user["username"],
                                "decided_at": iso(now),
                            },
                            ensure_ascii=False,
                            sort_keys=True,
                        ),
                        "created_at": now,
                    }
                    for row in approved
                ],
            )
        skipped = conn.execute(
            select(func.count())
            .select_from(records)
            .where(r.batch_id == batch.id, r.kind == "request", r.review_status.is_(None))
        ).scalar_one()
    return ApproveCleanResult(approved=len(approved), skipped=skipped)
