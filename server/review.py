"""Supervisor decisions and the per-device changes feed.

The feed cursor is ``changes.seq``. Writers of ``changes`` serialise on a table lock
(PostgreSQL) or the write lock (SQLite), so sequence numbers become visible in
order and a client never skips a row that commits late.
"""

from __future__ import annotations

import json
import uuid

from sqlalchemy import Connection, Engine, insert, or_, select, update

from server.auth import require_kecamatan, reviewer_scope
from server.db import changes, decisions, is_sqlite, iso, records, utcnow
from sync.protocol import (
    DEFAULT_CHANGES_PAGE,
    MAX_CHANGES_PAGE,
    Change,
    ChangesPage,
    DecisionRequest,
    DecisionResult,
    ProtocolError,
)

REVIEW_STATUS = {"approve": "approved", "return": "returned", "reject": "rejected"}


def lock_changes(conn: Connection) -> None:
    """Take the ``changes`` writers' lock; call before inserting feed rows (see above)."""
    if not is_sqlite(conn):
        conn.exec_driver_sql("LOCK TABLE changes IN EXCLUSIVE MODE")


def _append_change(conn: Connection, kind: str, entity_uuid: str, officer_id, data: dict, now):
    lock_changes(conn)
    return conn.execute(
        insert(changes)
        .values(
            kind=kind,
            entity_uuid=entity_uuid,
            officer_id=officer_id,
            data=json.dumps(data, ensure_ascii=False, sort_keys=True),
            created_at=now,
        )
        .returning(changes.c.seq)
    ).scalar_one()


def decide(
    engine: Engine, reviewer: dict, record_uuid: str, req: DecisionRequest
) -> DecisionResult:
    """Record a supervisor's decision and queue it for the owning officer's devices."""
    comment = req.comment.strip()
    if req.decision in ("return", "reject") and not comment:
        raise ProtocolError(
            "bad_request",
            "comment: alasan wajib diisi untuk keputusan kembalikan/tolak",
        )
    with engine.begin() as conn:
        row = (
            conn.execute(
                select(
                    records.c.uuid,
                    records.c.kind,
                    records.c.revision,
                    records.c.officer_id,
                    records.c.kecamatan_code,
                ).where(records.c.uuid == record_uuid)
            )
            .mappings()
            .first()
        )
        if row is None or row["kind"] != "request":
            raise ProtocolError("not_found", f"record {record_uuid}")
        reviewer_scope(reviewer)  # a reviewer's role, else 403 forbidden_role
        require_kecamatan(reviewer, row["kecamatan_code"], "the record")
        now = utcnow()
        conn.execute(
            insert(decisions).values(
                record_uuid=record_uuid,
                record_revision=row["revision"],
                decision=req.decision,
                comment=comment,
                decided_by=reviewer["id"],
                decided_at=now,
            )
        )
        conn.execute(
            update(records)
            .where(records.c.uuid == record_uuid)
            .values(review_status=REVIEW_STATUS[req.decision], reviewed_at=now)
        )
        data = {
            "record_uuid": record_uuid,
            "record_revision": row["revision"],
            "decision": req.decision,
            "comment": comment,
            "decided_by": reviewer["username"],
            "decided_at": iso(now),
        }
        seq = _append_change(conn, "review", record_uuid, row["officer_id"], data, now)
    return DecisionResult(
        record_uuid=record_uuid,
        record_revision=row["revision"],
        decision=req.decision,
        comment=comment,
        decided_by=reviewer["username"],
        decided_at=iso(now),
        seq=seq,
    )


def publish_reference(engine: Engine, name: str, payload) -> int:
    """Queue a reference-data update (e.g. a notice or a code list) for every device."""
    with engine.begin() as conn:
        now = utcnow()
        data = {"name": name, "payload": payload, "published_at": iso(now)}
        return _append_change(conn, "reference", str(uuid.uuid4()), None, data, now)


def changes_page(engine: Engine, officer_id: int, since: int, limit: int | None) -> ChangesPage:
    """Changes after cursor ``since`` for one officer's devices, oldest first."""
    if since < 0:
        raise ProtocolError("bad_request", "since: must be 0 or more")
    limit = DEFAULT_CHANGES_PAGE if limit is None else limit
    if not 1 <= limit <= MAX_CHANGES_PAGE:
        raise ProtocolError("bad_request", f"limit: must be between 1 and {MAX_CHANGES_PAGE}")
    query = (
        select(changes)
        .where(
            changes.c.seq > since,
            or_(changes.c.officer_id == officer_id, changes.c.officer_id.is_(None)),
        )
        .order_by(changes.c.seq)
        .limit(limit + 1)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    page = [
        Change(
            seq=r["seq"],
            kind=r["kind"],
            entity_uuid=r["entity_uuid"],
            data=json.loads(r["data"]),
            created_at=iso(r["created_at"]),
        )
        for r in rows
    ]
    return ChangesPage(
        changes=page,
        next_cursor=page[-1].seq if page else since,
        has_more=has_more,
        server_time=iso(utcnow()),
    )
