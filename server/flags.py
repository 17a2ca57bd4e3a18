"""Review flags: computed at ingest, stored per request in ``record_review``.

``index_batch(conn, batch_id, now)`` runs inside the ingest transaction, right after the
records of a batch are written (the one call site in ``server/ingest.py``). For every
request whose current revision arrived in that batch it stores the search keys (NIK,
name, service), the count of domain validation warnings and the flags:

- ``duplicate_team``: same NIK + same service recorded by another officer;
- ``duplicate_30d``: same NIK + same service again within 30 days (any officer);
- ``region_implausible``: the NIK's region is not the kecamatan of the desa (a warning:
  a NIK keeps the region where the person was first registered);
- ``eligibility``: the service's age rules fail on the NIK's birth date (the typed birth
  date, confirmed by the officer, passed them);
- ``clock_skew``: the laptop's clock at sending (``X-Jempol-Device-Time``) was more than
  five minutes from the server's; every record of the batch is flagged.

Duplicate flags are recomputed for every record sharing a NIK + service with the batch,
old or new, so both sides of a duplicate carry the flag. On PostgreSQL, concurrent
ingests serialise per NIK + service on transaction advisory locks.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    select,
    text,
    update,
)

from app.domain.messages import DomainError
from app.domain.messages import text as domain_text
from app.domain.nik import NikInfo
from app.domain.record import RequestInput, Validation, request_from_dict, validate_request
from app.domain.regions import regions
from server.db import Timestamp, as_utc, insert_for, is_sqlite, metadata, records
from sync.protocol import parse_utc
from sync.review_protocol import CLOCK_SKEW_SECONDS, DUPLICATE_WINDOW_DAYS, FLAG_CODES, Flag

WITA = timezone(timedelta(hours=8))  # Kutai Kartanegara local time

# Byte order on both databases: prefix ranges (name/NIK search) then agree and use the index.
SearchKey = String(100).with_variant(String(100, collation="C"), "postgresql")

record_review = Table(
    "record_review",
    metadata,
    Column("uuid", String(64), primary_key=True),  # = records.uuid (kind "request")
    Column("revision", Integer, nullable=False),  # the revision these values describe
    Column("batch_id", BigInteger, nullable=False),
    Column("officer_id", Integer, nullable=False),
    Column("kecamatan_code", String(20)),
    Column("nik", SearchKey, nullable=False),
    Column("name_key", SearchKey, nullable=False),  # casefolded, single spaces
    Column("service", String(40), nullable=False),
    Column("status", String(16), nullable=False),
    Column("day", Date, nullable=False),  # visit date, else the day received (WITA)
    Column("warning_count", Integer, nullable=False),  # warnings + answered confirmations
    Column("flag_codes", String(200), nullable=False),  # "" when clean, else "a,b"
    Column("flag_data", Text, nullable=False),  # JSON {code: params}
    Column("computed_at", Timestamp, nullable=False),
    Index("ix_record_review_nik_service", "nik", "service"),
    Index("ix_record_review_kecamatan_name", "kecamatan_code", "name_key"),
    Index("ix_record_review_kecamatan_service", "kecamatan_code", "service"),
)

SEVERITY = {
    "duplicate_team": "error",
    "duplicate_30d": "error",
    "region_implausible": "warning",
    "eligibility": "error",
    "clock_skew": "warning",
}
_DUPLICATES = ("duplicate_team", "duplicate_30d")
ELIGIBILITY_CODES = ("service.ktp_age", "service.kia_age", "service.kia_married")

_MESSAGES = {
    "duplicate_team": {
        "id": "NIK yang sama sudah tercatat untuk layanan yang sama oleh petugas lain "
        "({count} data lain). Pastikan permohonan tidak diproses dua kali.",
        "en": "The same NIK is already recorded for the same service by another officer "
        "({count} other record(s)). Make sure it is not processed twice.",
    },
    "duplicate_30d": {
        "id": "NIK yang sama diajukan lagi untuk layanan yang sama dalam {window} hari "
        "({count} data lain, selisih terdekat {days} hari).",
        "en": "The same NIK was filed again for the same service within {window} days "
        "({count} other record(s), nearest {days} day(s) apart).",
    },
    "region_implausible": {
        "id": "Wilayah pada NIK ({nik_region} {nik_region_name}) bukan kecamatan desa ini "
        "({kecamatan} {kecamatan_name}). NIK tetap memakai wilayah pertama terdaftar; "
        "periksa bila janggal.",
        "en": "The NIK's region ({nik_region} {nik_region_name}) is not this desa's "
        "kecamatan ({kecamatan} {kecamatan_name}). A NIK keeps the region of first "
        "registration; check if it looks wrong.",
    },
    "eligibility": {
        "id": "Menurut tanggal lahir pada NIK: {detail}",
        "en": "By the birth date in the NIK: {detail}",
    },
    "clock_skew": {
        "id": "Jam laptop berselisih {minutes} menit dari jam server saat mengirim; tanggal "
        "dan jam pada data ini mungkin salah.",
        "en": "The laptop clock was {minutes} minute(s) off the server clock when sending; "
        "dates and times in this record may be wrong.",
    },
}

# The sending laptop's clock for the batch being ingested (set by the HTTP route).
_sending_clock: contextvars.ContextVar[datetime | None] = contextvars.ContextVar(
    "jempol_sending_clock", default=None
)


@contextlib.contextmanager
def sending_clock(header_value: str | None) -> Iterator[None]:
    """Hand the ``X-Jempol-Device-Time`` header to ``index_batch`` for one ingest.

    The route wraps its ``ingest_batch`` call in this, so ingest keeps one call site.
    A missing or unreadable header means "unknown" (no clock flag).
    """
    clock = None
    if header_value:
        try:
            clock = parse_utc(header_value.strip())
        except ValueError:
            clock = None
    token = _sending_clock.set(clock)
    try:
        yield
    finally:
        _sending_clock.reset(token)


def local_day(moment: datetime) -> date:
    return as_utc(moment).astimezone(WITA).date()


def name_key(name: str) -> str:
    return " ".join((name or "").split()).casefold()[:100]


def flag_message(code: str, params: dict, lang: str = "id") -> str:
    params = dict(params)
    if code == "eligibility":
        params["detail"] = domain_text(params["issue"], lang, **params.get("params", {}))
    if code == "duplicate_30d":
        params["window"] = DUPLICATE_WINDOW_DAYS
    templates = _MESSAGES[code]
    return (templates.get(lang) or templates["id"]).format(**params)


def flags_of(flag_data: str | None, lang: str = "id") -> list[Flag]:
    """The stored flags (JSON ``{code: params}``) as API models, in FLAG_CODES order."""
    stored = json.loads(flag_data or "{}")
    return [
        Flag(code=code, message=flag_message(code, stored[code], lang), severity=SEVERITY[code])
        for code in FLAG_CODES
        if code in stored
    ]


def codes_of(flag_codes: str | None) -> list[str]:
    return [c for c in (flag_codes or "").split(",") if c]


def _encode(flags: dict[str, dict]) -> tuple[str, str]:
    codes = ",".join(code for code in FLAG_CODES if code in flags)
    return codes, json.dumps(flags, sort_keys=True, ensure_ascii=False)


# --------------------------------------------------------------------------- per record


def review_validation(data: dict, today: date) -> tuple[RequestInput | None, Validation | None]:
    """The request and its domain validation, or (None, None) if the data cannot be read."""
    try:
        request = request_from_dict(data)
    except DomainError:
        return None, None
    return request, validate_request(request, today=today)


def _region_flag(nik: NikInfo, kecamatan: str | None) -> dict | None:
    if not kecamatan:
        return None
    index = regions()
    nik_region = nik.region_code
    if kecamatan in (nik_region, index.current_code(nik_region)):
        return None
    region = index.get(nik_region) or index.retired(nik_region)
    here = index.get(kecamatan)
    return {
        "nik_region": nik_region,
        "nik_region_name": region.name if region else "?",
        "kecamatan": kecamatan,
        "kecamatan_name": here.name if here else "?",
    }


def _eligibility_flag(request: RequestInput, nik: NikInfo, today: date) -> dict | None:
    if request.birth_date == nik.birth_date:
        return None  # the ingest validation already applied the rules to this date
    probe = dataclasses.replace(request, birth_date=nik.birth_date, sex=nik.sex)
    for issue in validate_request(probe, today=today).errors:
        if issue.code in ELIGIBILITY_CODES:
            return {"issue": issue.code, "params": issue.params}
    return None


def _review_row(row, batch_id: int, now: datetime, skew: float | None) -> dict:
    data = json.loads(row.data)
    today = local_day(now)
    request, validation = review_validation(data, today)
    flags: dict[str, dict] = {}
    warnings = 0
    if validation is not None:
        warnings = len(validation.warnings) + len(validation.confirmations)
        nik = validation.nik_info
        if nik is not None:
            region = _region_flag(nik, row.kecamatan_code)
            if region:
                flags["region_implausible"] = region
            eligibility = _eligibility_flag(request, nik, today)
            if eligibility:
                flags["eligibility"] = eligibility
    if skew is not None and abs(skew) > CLOCK_SKEW_SECONDS:
        flags["clock_skew"] = {"minutes": round(abs(skew) / 60), "seconds": round(skew)}
    codes, encoded = _encode(flags)
    return {
        "uuid": row.uuid,
        "revision": row.revision,
        "batch_id": batch_id,
        "officer_id": row.officer_id,
        "kecamatan_code": row.kecamatan_code,
        "nik": str(data.get("nik") or "")[:100],
        "name_key": name_key(str(data.get("name") or "")),
        "service": str(data.get("service") or "")[:40],
        "status": str(data.get("status") or "received")[:16],
        "day": row.visit_date or today,
        "warning_count": warnings,
        "flag_codes": codes,
        "flag_data": encoded,
        "computed_at": now,
    }


# --------------------------------------------------------------------------- duplicates


def _lock_keys(conn: Connection, keys: set[tuple[str, str]]) -> None:
    """PostgreSQL: serialise concurrent ingests touching the same NIK + service."""
    if is_sqlite(conn) or not keys:
        return  # SQLite: the ingest already holds the single write lock
    ids = sorted(
        {
            int.from_bytes(hashlib.sha256(f"{n}|{s}".encode()).digest()[:8], "big", signed=True)
            for n, s in keys
        }
    )
    conn.execute(
        text(
            "SELECT pg_advisory_xact_lock(k) FROM "
            "(SELECT unnest(CAST(:ids AS bigint[])) AS k ORDER BY k) AS ordered"
        ),
        {"ids": ids},
    )


def _duplicate_flags(me, group: list) -> dict[str, dict]:
    if me.status == "cancelled":
        return {}
    others = [o for o in group if o.uuid != me.uuid and o.status != "cancelled"]
    flags: dict[str, dict] = {}
    team = [o for o in others if o.officer_id != me.officer_id]
    if team:
        flags["duplicate_team"] = {"count": len(team), "uuids": sorted(o.uuid for o in team)[:10]}
    gaps = sorted(
        (abs((o.day - me.day).days), o.uuid)
        for o in others
        if abs((o.day - me.day).days) <= DUPLICATE_WINDOW_DAYS
    )
    if gaps:
        flags["duplicate_30d"] = {
            "count": len(gaps),
            "days": gaps[0][0],
            "uuids": [u for _, u in gaps][:10],
        }
    return flags


def _refresh_duplicates(conn: Connection, keys: set[tuple[str, str]], now: datetime) -> None:
    v = record_review.c
    niks = sorted({nik for nik, _ in keys if nik})
    if not niks:
        return
    query = select(v.uuid, v.nik, v.service, v.officer_id, v.day, v.status, v.flag_data).where(
        v.nik.in_(niks)
    )
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for row in conn.execute(query):
        if (row.nik, row.service) in keys:
            groups[(row.nik, row.service)].append(row)
    changed = []
    for group in groups.values():
        for me in group:
            flags = {
                code: params
                for code, params in json.loads(me.flag_data).items()
                if code not in _DUPLICATES
            }
            flags.update(_duplicate_flags(me, group))
            codes, encoded = _encode(flags)
            if encoded != me.flag_data:
                changed.append({"b_uuid": me.uuid, "b_codes": codes, "b_data": encoded})
    if changed:
        stmt = (
            update(record_review)
            .where(v.uuid == bindparam("b_uuid"))
            .values(flag_codes=bindparam("b_codes"), flag_data=bindparam("b_data"), computed_at=now)
        )
        conn.execute(stmt, sorted(changed, key=lambda c: c["b_uuid"]))


# --------------------------------------------------------------------------- the hook


def index_batch(conn: Connection, batch_id: int, now: datetime) -> int:
    """Index and flag the requests stored by batch ``batch_id``; returns how many.

    Call inside the ingest transaction after the records are written.
    """
    r = records.c
    rows = conn.execute(
        select(r.uuid, r.revision, r.officer_id, r.kecamatan_code, r.visit_date, r.data)
        .where(r.batch_id == batch_id, r.kind == "request")
        .order_by(r.uuid)
    ).all()
    if not rows:
        return 0
    clock = _sending_clock.get()
    skew = (clock - as_utc(now)).total_seconds() if clock is not None else None
    new_rows = [_review_row(row, batch_id, now, skew) for row in rows]
    v = record_review.c
    previous = conn.execute(
        select(v.nik, v.service).where(v.uuid.in_([row.uuid for row in rows]))
    ).all()
    keys = {(row["nik"], row["service"]) for row in new_rows} | {
        (p.nik, p.service) for p in previous
    }
    _lock_keys(conn, keys)
    ins = insert_for(conn, record_review)
    stmt = ins.on_conflict_do_update(
        index_elements=["uuid"],
        set_={c.name: ins.excluded[c.name] for c in record_review.columns if c.name != "uuid"},
    )
    conn.execute(stmt, new_rows)
    _refresh_duplicates(conn, keys, now)
    return len(new_rows)
