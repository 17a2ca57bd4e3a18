"""The processing log (UU PDP art. 31): who read, exported or imported which records.

Every route that hands out residents' data writes one ``processing_log`` row, in the same
transaction as the read where the route reads in one transaction, plus one
``processing_log_records`` row per record UUID it returned (one multi-row INSERT). The
``detail`` is the filter or file, as JSON, with search text reduced to its kind and
length: the log never holds a NIK or a name. ``jempol-server audit`` reads it back.
"""

from __future__ import annotations

import csv
import getpass
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from sqlalchemy import Connection, insert, select

from server.db import iso, processing_log, processing_log_records, utcnow

WITA = timezone(timedelta(hours=8))  # Kutai Kartanegara local time: days of --from/--to

ACTIONS = (
    "read_record",  # GET /review/records/{uuid}
    "list_records",  # GET /review/records
    "list_batches",  # GET /review/batches (officer names and counts, no resident data)
    "export",  # GET /export/records, jempol-server export
    "dashboard",  # GET /dashboard (aggregates)
    "targets_read",  # GET /targets (target-list residents)
    "decision",  # POST /records/{uuid}/decision
    "approve_clean",  # POST /review/batches/{uuid}/approve-clean
    "import_bundle",  # POST /relay, jempol-server import-bundle
    "targets_import",  # jempol-server targets import
)
AUDIT_COLUMNS = ("at", "actor", "action", "record_count", "client_ip", "device_id", "detail")
_UUID_CHUNK = 500


@dataclass(frozen=True)
class Actor:
    """Who processes: an account (``name`` = username) or the server's command line."""

    name: str
    user_id: int | None = None
    device_id: str | None = None
    client_ip: str | None = None

    @classmethod
    def of(cls, principal, client_ip: str | None = None) -> Actor:
        """From a :class:`server.auth.Principal`."""
        device = principal.device or {}
        return cls(principal.actor, principal.user["id"], device.get("id"), client_ip)

    @classmethod
    def cli(cls) -> Actor:
        """An admin at the server's shell (``jempol-server ...``)."""
        try:
            who = getpass.getuser()
        except (KeyError, OSError):  # no login name (containers)
            who = "unknown"
        return cls(f"cli:{who}")


def describe_search(text: str | None) -> str | None:
    """A search text as its kind and length ("digits:6", "text:4"): never the text."""
    if not text:
        return None
    compact = "".join(ch for ch in text if ch not in " .-")
    kind = "digits" if compact.isdigit() else "text"
    return f"{kind}:{len(compact)}"


def _detail(detail: dict | None) -> str:
    clean = {k: v for k, v in (detail or {}).items() if v not in (None, "")}
    return json.dumps(clean, ensure_ascii=False, sort_keys=True, default=str)


def record_access(
    conn: Connection,
    actor: Actor,
    action: str,
    *,
    record_uuids: Iterable[str] = (),
    detail: dict | None = None,
    count: int | None = None,
) -> int:
    """Write one log entry (and its record UUIDs) in the caller's transaction; its id.

    ``count`` defaults to the number of distinct UUIDs (give it for aggregates and files).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown processing-log action {action!r}")
    uuids = list(dict.fromkeys(record_uuids))
    log_id = conn.execute(
        insert(processing_log)
        .values(
            at=utcnow(),
            actor=actor.name,
            user_id=actor.user_id,
            device_id=actor.device_id,
            action=action,
            detail=_detail(detail),
            record_count=len(uuids) if count is None else count,
            client_ip=actor.client_ip,
        )
        .returning(processing_log.c.id)
    ).scalar_one()
    for start in range(0, len(uuids), _UUID_CHUNK):
        conn.execute(
            insert(processing_log_records),
            [{"log_id": log_id, "record_uuid": u} for u in uuids[start : start + _UUID_CHUNK]],
        )
    return log_id


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), WITA).astimezone(UTC)


def entries(
    conn: Connection,
    *,
    user: str | None = None,
    action: str | None = None,
    record: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Log entries, oldest first, each with ``record_uuids`` (list). ``user`` is the
    actor (a username or ``cli:<name>``); ``date_from``/``date_to`` are WITA days,
    inclusive; ``record`` finds the entries that touched that record UUID."""
    log = processing_log.c
    query = select(processing_log).order_by(log.at, log.id)
    if user:
        query = query.where(log.actor == user)
    if action:
        query = query.where(log.action == action)
    if record:
        query = query.where(
            log.id.in_(
                select(processing_log_records.c.log_id).where(
                    processing_log_records.c.record_uuid == record
                )
            )
        )
    if date_from:
        query = query.where(log.at >= _day_start(date_from))
    if date_to:
        query = query.where(log.at < _day_start(date_to + timedelta(days=1)))
    if limit:
        query = query.limit(limit)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    by_id = {row["id"]: row for row in rows}
    for row in rows:
        row["record_uuids"] = []
        row["at"] = iso(row["at"])
    ids = list(by_id)
    for start in range(0, len(ids), _UUID_CHUNK):
        chunk = ids[start : start + _UUID_CHUNK]
        for log_id, uuid in conn.execute(
            select(processing_log_records.c.log_id, processing_log_records.c.record_uuid)
            .where(processing_log_records.c.log_id.in_(chunk))
            .order_by(processing_log_records.c.log_id, processing_log_records.c.record_uuid)
        ):
            by_id[log_id]["record_uuids"].append(uuid)
    return rows


def format_table(rows: Sequence[dict]) -> str:
    """A fixed-width listing for a terminal (record UUIDs only with ``--format csv``)."""
    lines = [f"{'AT (UTC)':<24} {'ACTOR':<20} {'ACTION':<15} {'RECORDS':>7} {'FROM':<15} DETAIL"]
    for row in rows:
        lines.append(
            f"{row['at']:<24} {row['actor'][:20]:<20} {row['action']:<15} "
            f"{row['record_count']:>7} {(row['client_ip'] or '-')[:15]:<15} {row['detail']}"
        )
    return "\n".join(lines)


def format_csv(rows: Sequence[dict]) -> str:
    """CSV with every column and the record UUIDs separated by spaces."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*AUDIT_COLUMNS, "record_uuids"])
    for row in rows:
        writer.writerow(
            [
                *("" if row[c] is None else row[c] for c in AUDIT_COLUMNS),
                " ".join(row["record_uuids"]),
            ]
        )
    return out.getvalue()
