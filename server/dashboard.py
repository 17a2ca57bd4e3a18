"""Supervisor dashboard: the aggregates behind ``GET /api/v1/dashboard``.

Five grouped queries, each served by an index (SQLite and PostgreSQL):

- requests per day and kecamatan, and per service: ``record_review`` through
  ``ix_record_review_dashboard`` (kecamatan, day, service, status), covering; the per-day
  counts come in GROUP BY order, the per-service ones are grouped by hash (migration 0006
  dropped the second index, in service order, that each ingested request paid for);
- the review backlog and its age: ``records`` through ``ix_records_kecamatan_review``
  (kecamatan, kind, review_status, server_received_at), covering;
- e-KTP recording coverage from the target lists: ``targets`` through
  ``ix_targets_kecamatan_service`` and, per target, ``ix_record_review_nik_service``;
- blank-card stock per team: the ``stock`` records (``ix_records_kecamatan_review``).

An admin's "every kecamatan" is the list of the 20 Kukar kecamatan codes, so every query
starts with an index seek on the kecamatan.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, Index, Integer, and_, case, cast, func, select
from sqlalchemy.dialects.postgresql import JSON

from app.domain.regions import regions
from server.auth import require_kecamatan
from server.db import as_utc, is_sqlite, iso, records, utcnow
from server.flags import WITA, record_review
from server.supervisor import list_records, reviewer_scope, user_profiles
from server.targets import coverage
from sync.dashboard_protocol import (
    BACKLOG_BUCKET_DAYS,
    DEFAULT_DASHBOARD_DAYS,
    MAX_DASHBOARD_DAYS,
    BacklogRow,
    DailyCount,
    Dashboard,
    ExportPage,
    ExportRecord,
    ServiceCount,
    TeamStock,
)
from sync.protocol import ProtocolError

# Created by migration 0003; declared here so the metadata knows it.
dashboard_index = Index(
    "ix_record_review_dashboard",
    record_review.c.kecamatan_code,
    record_review.c.day,
    record_review.c.service,
    record_review.c.status,
)


def kukar_kecamatan_codes() -> list[str]:
    return [region.code for region in regions().kukar_kecamatan()]


def dashboard_scope(user: dict, kecamatan: str | None) -> list[str]:
    """The kecamatan codes the dashboard covers for ``user`` (403 outside the scope)."""
    scope = reviewer_scope(user)
    if scope is not None:
        if kecamatan:
            require_kecamatan(user, kecamatan, f"kecamatan {kecamatan}")
        return [scope]
    codes = kukar_kecamatan_codes()
    if kecamatan:
        if kecamatan not in codes:
            raise ProtocolError("bad_request", f"kecamatan: {kecamatan} is not a Kukar kecamatan")
        return [kecamatan]
    return codes


def date_range(date_from: date | None, date_to: date | None, today: date) -> tuple[date, date]:
    """Defaults: the last DEFAULT_DASHBOARD_DAYS days up to today (WITA)."""
    date_to = date_to or today
    date_from = date_from or date_to - timedelta(days=DEFAULT_DASHBOARD_DAYS - 1)
    if date_from > date_to:
        raise ProtocolError("bad_request", "date_from: must not be after date_to")
    if (date_to - date_from).days + 1 > MAX_DASHBOARD_DAYS:
        raise ProtocolError("bad_request", f"date_from: at most {MAX_DASHBOARD_DAYS} days")
    return date_from, date_to


def daily_counts(conn: Connection, codes: list[str], date_from: date, date_to: date):
    """(per day and kecamatan, per kecamatan and service); each an ordered index scan."""
    v = record_review.c
    where = [
        v.kecamatan_code.in_(codes),
        v.day >= date_from,
        v.day <= date_to,
        v.status != "cancelled",
    ]
    daily = [
        DailyCount.model_construct(day=day.isoformat(), kecamatan_code=kecamatan, count=n)
        for kecamatan, day, n in conn.execute(
            select(v.kecamatan_code, v.day, func.count())
            .where(*where)
            .group_by(v.kecamatan_code, v.day)
            .order_by(v.kecamatan_code, v.day)
        )
    ]
    daily.sort(key=lambda row: (row.day, row.kecamatan_code))
    services = [
        ServiceCount.model_construct(kecamatan_code=kecamatan, service=service, count=n)
        for kecamatan, service, n in conn.execute(
            select(v.kecamatan_code, v.service, func.count())
            .where(*where)
            .group_by(v.kecamatan_code, v.service)
            .order_by(v.kecamatan_code, v.service)
        )
    ]
    return daily, services


def backlog(conn: Connection, codes: list[str], now: datetime) -> list[BacklogRow]:
    """Requests waiting for a decision, per kecamatan, by age since the server got them."""
    r = records.c
    older = [
        func.sum(case((r.server_received_at < now - timedelta(days=d), 1), else_=0)).label(f"o{d}")
        for d in BACKLOG_BUCKET_DAYS
    ]
    query = (
        select(
            r.kecamatan_code,
            func.count().label("pending"),
            func.min(r.server_received_at).label("oldest"),
            *older,
        )
        .where(r.kecamatan_code.in_(codes), r.kind == "request", r.review_status.is_(None))
        .group_by(r.kecamatan_code)
    )
    found = {row.kecamatan_code: row for row in conn.execute(query)}
    rows = []
    for code in codes:
        row = found.get(code)
        if row is None:
            rows.append(
                BacklogRow(
                    kecamatan_code=code,
                    pending=0,
                    oldest_received_at=None,
                    buckets=[0] * (len(BACKLOG_BUCKET_DAYS) + 1),
                )
            )
            continue
        # "older than d days" counts, newest edge first -> counts per bucket
        at_least = [row.pending] + [int(getattr(row, f"o{d}") or 0) for d in BACKLOG_BUCKET_DAYS]
        buckets = [a - b for a, b in zip(at_least, at_least[1:], strict=False)] + [at_least[-1]]
        rows.append(
            BacklogRow(
                kecamatan_code=code,
                pending=row.pending,
                oldest_received_at=iso(row.oldest),
                buckets=buckets,
            )
        )
    return rows


def _stock_fields(conn: Connection):
    """(movement kind, signed quantity) of a stock record's JSON, per dialect."""
    r = records.c
    if is_sqlite(conn):
        return (
            func.json_extract(r.data, "$.kind"),
            cast(func.json_extract(r.data, "$.quantity"), Integer),
        )
    doc = cast(r.data, JSON)  # json, not jsonb: parsing once is all this needs
    return doc["kind"].astext, cast(doc["quantity"].astext, Integer)


def stock(conn: Connection, codes: list[str], date_from: date, date_to: date) -> list[TeamStock]:
    """Blank e-KTP cards per team: balance of every reported movement, and the range's
    receipts, prints, spoiled cards and adjustments (by the laptop's movement time)."""
    r, u = records.c, user_profiles.c
    kind, quantity = _stock_fields(conn)
    start = datetime.combine(date_from, time(), WITA).astimezone(UTC)
    end = datetime.combine(date_to + timedelta(days=1), time(), WITA).astimezone(UTC)
    in_range = and_(r.device_time >= start, r.device_time < end)
    rows = conn.execute(
        select(
            r.officer_id,
            kind.label("kind"),
            func.sum(quantity).label("total"),
            func.sum(case((in_range, quantity), else_=0)).label("in_range"),
            func.max(r.server_received_at).label("last"),
        )
        .where(r.kecamatan_code.in_(codes), r.kind == "stock")
        .group_by(r.officer_id, kind)
    ).all()
    if not rows:
        return []
    officers = {
        row.id: row
        for row in conn.execute(
            select(u.id, u.username, u.team, u.kecamatan_code).where(
                u.id.in_(sorted({row.officer_id for row in rows}))
            )
        )
    }
    teams: dict[tuple[str, str], dict] = defaultdict(
        lambda: {
            "officers": set(),
            "balance": 0,
            "receipt": 0,
            "print": 0,
            "spoiled": 0,
            "adjust": 0,
            "last": None,
        }
    )
    for row in rows:
        officer = officers.get(row.officer_id)
        if officer is None:
            continue
        key = (officer.team or officer.username, officer.kecamatan_code or "")
        team = teams[key]
        team["officers"].add(officer.username)
        team["balance"] += int(row.total or 0)
        if row.kind in ("receipt", "print", "spoiled", "adjust"):
            team[row.kind] += int(row.in_range or 0)
        last = as_utc(row.last)
        if last is not None and (team["last"] is None or last > team["last"]):
            team["last"] = last
    return [
        TeamStock(
            team=name,
            kecamatan_code=kecamatan,
            officers=sorted(team["officers"]),
            balance=team["balance"],
            received=team["receipt"],
            printed=-team["print"],
            spoiled=-team["spoiled"],
            adjusted=team["adjust"],
            last_reported_at=iso(team["last"]) or None,
        )
        for (name, kecamatan), team in sorted(teams.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]


def dashboard(
    conn: Connection,
    user: dict,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    kecamatan: str | None = None,
    now: datetime | None = None,
) -> Dashboard:
    """Everything the supervisor dashboard draws, for the user's scope."""
    now = as_utc(now) or utcnow()
    codes = dashboard_scope(user, kecamatan)
    date_from, date_to = date_range(date_from, date_to, now.astimezone(WITA).date())
    daily, services = daily_counts(conn, codes, date_from, date_to)
    return Dashboard(
        date_from=date_from.isoformat(),
        date_to=date_to.isoformat(),
        kecamatan_code=codes[0] if len(codes) == 1 else None,
        generated_at=iso(now),
        daily=daily,
        services=services,
        backlog=backlog(conn, codes, now),
        coverage=coverage(conn, codes),
        stock=stock(conn, codes, date_from, date_to),
    )


def export_page(conn: Connection, user: dict, *, limit: int, offset: int, **filters) -> ExportPage:
    """One page of the review list (``server.supervisor.list_records`` filters, order and
    scope) with every field of the current revision, for the supervisor's export."""
    page = list_records(conn, user, limit=limit, offset=offset, **filters)
    r = records.c
    found = {
        row.uuid: row
        for row in conn.execute(
            select(r.uuid, r.kecamatan_code, r.data).where(
                r.uuid.in_([item.uuid for item in page.items])
            )
        )
    }
    items = []
    for item in page.items:
        row = found.get(item.uuid)
        data = json.loads(row.data) if row is not None else {}

        def text(key: str, data=data) -> str:
            value = data.get(key)
            return "" if value is None else str(value)

        items.append(
            ExportRecord(
                **item.model_dump(),
                kecamatan_code=(row.kecamatan_code if row is not None else "") or "",
                kk=text("kk"),
                birth_date=data.get("birth_date"),
                sex=data.get("sex"),
                address=text("address"),
                rt=text("rt"),
                rw=text("rw"),
                phone=text("phone"),
                pending_reason=data.get("pending_reason"),
                notes=text("notes"),
            )
        )
    return ExportPage(total=page.total, items=items)
