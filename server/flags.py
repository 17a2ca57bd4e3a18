"""Review flags: computed at ingest, stored per request in ``record_review``.

``index_batch(conn, batch_id, now, requests)`` runs inside the ingest transaction, right
after the records of a batch are written (the one call site in ``server/ingest.py``). It
gets the requests whose current revision that batch wrote, with the data and the domain
validation ingest already made (nothing is read back, parsed or validated again), and
stores their search keys (NIK, name, service), the count of validation warnings and the
flags:

- ``duplicate_team``: same NIK + same service recorded by another officer;
- ``duplicate_30d``: same NIK + same service again within 30 days (any officer);
- ``region_implausible``: the NIK's region is not the kecamatan of the desa (a warning:
  a NIK keeps the region where the person was first registered);
- ``eligibility``: the service's age rules fail on the NIK's birth date (the typed birth
  date, confirmed by the officer, passed them);
- ``clock_skew``: the laptop's clock at sending (``X-Jempol-Device-Time``) was more than
  five minutes from the server's; every record of the batch is flagged.

Duplicate flags are recomputed for every record sharing a NIK + service with the batch,
old or new, so both sides of a duplicate carry the flag. Per batch that is one read of
all those (NIK, service) groups and one set-based write (PostgreSQL: one statement over
a jsonb array of rows; SQLite: executemany); on PostgreSQL one more statement first takes
the per-(NIK, service) locks explained at :func:`_lock_keys`. PostgreSQL ingest sends
these statements in its pipeline (see "pipelined" below): the locks and the read go out
before the batch is validated.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
import json
import operator
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple

import orjson
from sqlalchemy import Connection, bindparam, update

from app.domain.messages import DomainError
from app.domain.messages import text as domain_text
from app.domain.nik import NikInfo
from app.domain.record import RequestInput, Validation, request_from_dict, validate_request
from app.domain.regions import regions
from server.db import as_utc, batches, insert_for, is_sqlite, record_review  # re-exported
from sync.protocol import parse_utc
from sync.review_protocol import CLOCK_SKEW_SECONDS, DUPLICATE_WINDOW_DAYS, FLAG_CODES, Flag

WITA = timezone(timedelta(hours=8))  # Kutai Kartanegara local time

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


# One shared encoder: json.dumps with options builds a new JSONEncoder on every call.
_FLAG_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def _encode(flags: dict[str, dict]) -> tuple[str, str]:
    if not flags:  # the usual case
        return "", "{}"
    codes = ",".join(code for code in FLAG_CODES if code in flags)
    return codes, _FLAG_JSON.encode(flags)


# --------------------------------------------------------------------------- per record


class ReviewInput(NamedTuple):
    """One request whose current revision the batch wrote, as ingest checked it. (A named
    tuple: ingest makes one per request, and a frozen dataclass costs ~1 ms per 500.)"""

    uuid: str
    revision: int
    officer_id: int
    kecamatan_code: str | None
    visit_date: date | None
    data: dict  # the record data as sent (stored as records.data)
    request: RequestInput  # request_from_dict(data)
    validation: Validation  # validate_request(request) made by ingest


def review_validation(data: dict, today: date) -> tuple[RequestInput | None, Validation | None]:
    """The request and its domain validation, or (None, None) if the data cannot be read."""
    try:
        request = request_from_dict(data)
    except DomainError:
        return None, None
    return request, validate_request(request, today=today)


@functools.lru_cache(maxsize=4096)
def _region_mismatch(nik_region: str, kecamatan: str) -> tuple[tuple[str, str], ...] | None:
    index = regions()
    if kecamatan in (nik_region, index.current_code(nik_region)):
        return None
    region = index.get(nik_region) or index.retired(nik_region)
    here = index.get(kecamatan)
    return (
        ("nik_region", nik_region),
        ("nik_region_name", region.name if region else "?"),
        ("kecamatan", kecamatan),
        ("kecamatan_name", here.name if here else "?"),
    )


def _region_flag(nik: NikInfo, kecamatan: str | None) -> dict | None:
    if not kecamatan:
        return None
    mismatch = _region_mismatch(nik.region_code, kecamatan)
    return dict(mismatch) if mismatch else None


def _eligibility_flag(request: RequestInput, nik: NikInfo, today: date) -> dict | None:
    if request.birth_date == nik.birth_date:
        return None  # the ingest validation already applied the rules to this date
    probe = dataclasses.replace(request, birth_date=nik.birth_date, sex=nik.sex)
    for issue in validate_request(probe, today=today).errors:
        if issue.code in ELIGIBILITY_CODES:
            return {"issue": issue.code, "params": issue.params}
    return None


def _own_flags(item: ReviewInput, today: date, skew: float | None) -> dict[str, dict]:
    """Every flag but the duplicates: they depend on the record alone."""
    flags: dict[str, dict] = {}
    nik = item.validation.nik_info
    if nik is not None:
        region = _region_flag(nik, item.kecamatan_code)
        if region:
            flags["region_implausible"] = region
        eligibility = _eligibility_flag(item.request, nik, today)
        if eligibility:
            flags["eligibility"] = eligibility
    if skew is not None and abs(skew) > CLOCK_SKEW_SECONDS:
        flags["clock_skew"] = {"minutes": round(abs(skew) / 60), "seconds": round(skew)}
    return flags


def search_keys(data: dict) -> tuple[str, str]:
    """The (NIK, service) a request's data is indexed and grouped under."""
    return str(data.get("nik") or "")[:100], str(data.get("service") or "")[:40]


def _review_row(item: ReviewInput, today: date) -> dict:
    data, validation = item.data, item.validation
    nik, service = search_keys(data)
    return {
        "uuid": item.uuid,
        "revision": item.revision,
        "officer_id": item.officer_id,
        "kecamatan_code": item.kecamatan_code,
        "nik": nik,
        "name_key": name_key(str(data.get("name") or "")),
        "service": service,
        "status": str(data.get("status") or "received")[:16],
        "day": item.visit_date or today,
        "warning_count": len(validation.warnings) + len(validation.confirmations),
    }


# --------------------------------------------------------------------------- duplicates


class _Member(NamedTuple):
    uuid: str
    officer_id: int
    day: date
    status: str


def _duplicate_flags(me: _Member, group: Sequence[_Member]) -> dict[str, dict]:
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


def group_params(rows: Sequence[dict]) -> dict[str, str]:
    """The batch's (NIK, service) keys (NIK-less rows: no key) and the uuids that may hold
    stored keys, each as a JSON array (the statements' ``keys`` and ``uuids``): a revision 1
    the batch wrote is a uuid the server had never seen (a row only moves forward), so it
    has no record_review row yet.

    ``rows``: {uuid, revision, nik, service} of the requests the batch wrote, by uuid."""
    keyed = sorted({(row["nik"], row["service"]) for row in rows if row["nik"]})
    uuids = [row["uuid"] for row in rows if row["revision"] > 1]
    return {"keys": orjson.dumps(keyed).decode(), "uuids": orjson.dumps(uuids).decode()}


# The groups of a batch, as a subquery: every (NIK, service) key of the batch now
# (``keys``) or before (the stored keys of its ``uuids``: a new revision may move a record
# out of a group). Both databases take the keys as JSON text.
_PG_KEYS = """
    SELECT k.value->>0 AS nik, k.value->>1 AS service
    FROM jsonb_array_elements(%(keys)s::jsonb) AS k
"""
_PG_STORED_KEYS = """
    SELECT p.nik COLLATE "C", p.service FROM record_review AS p
    WHERE p.uuid = ANY(ARRAY(SELECT jsonb_array_elements_text(%(uuids)s::jsonb)))
        AND p.nik <> ''
"""

# A batch's duplicate groups: every record_review row of its groups, looked up group by
# group in ix_record_review_nik_service. (As a plain join, the planner, which takes the
# JSON array for 100 keys, hashes them and scans the whole table whenever its statistics
# say the table is small, as they do while it grows between two ANALYZE runs: seen at
# 30,000 rows counted as 3,800, 6 ms instead of 1.3. The OFFSET 0 keeps the lookup a
# subquery of its own, run once per group.)
PG_GROUPS = f"""
SELECT v.* FROM (
    SELECT g.nik COLLATE "C" AS nik, g.service FROM ({_PG_KEYS}) AS g
    UNION
    {_PG_STORED_KEYS}
) AS g
CROSS JOIN LATERAL (
    SELECT v.uuid, v.officer_id, v.day, v.status, v.nik, v.service, v.flag_data
    FROM record_review AS v
    WHERE v.nik = g.nik AND v.service = g.service
    OFFSET 0
) AS v
"""
_SQLITE_GROUPS = """
SELECT v.uuid, v.officer_id, v.day, v.status, v.nik, v.service, v.flag_data
FROM record_review AS v
JOIN (
    SELECT json_extract(k.value, '$[0]') AS nik, json_extract(k.value, '$[1]') AS service
    FROM json_each(:keys) AS k
    UNION
    SELECT p.nik, p.service FROM record_review AS p
    WHERE p.uuid IN (SELECT value FROM json_each(:uuids)) AND p.nik <> ''
) AS g ON v.nik = g.nik AND v.service = g.service
"""


# PostgreSQL: the per-(NIK, service) transaction locks, taken in one fixed order. (The
# lock key must stay this hash of this text: servers of different versions may share
# the database during an upgrade.)
def _pg_lock_sql(stored: bool) -> str:
    """``PG_LOCK``; without ``stored``, ``PG_LOCK_NEW``: the batch's own keys only, for a
    batch with no stored keys to leave (no revision above 1). That one reads no table, so
    it is prepared (one plan fits every batch; see server.db.PREPARE_ONLY_ON_PURPOSE)."""
    stored_keys = f"UNION ALL {_PG_STORED_KEYS}" if stored else ""
    return f"""
SELECT count(pg_advisory_xact_lock(k)) FROM (
    SELECT DISTINCT hashtextextended((g.nik || '|' || g.service) COLLATE "C", 0) AS k
    FROM ({_PG_KEYS} {stored_keys}) AS g
    ORDER BY k
) AS ordered
"""


PG_LOCK = _pg_lock_sql(stored=True)
PG_LOCK_NEW = _pg_lock_sql(stored=False)


def _has_keys(params: dict[str, str]) -> bool:
    return params["keys"] != "[]" or params["uuids"] != "[]"


def _lock_keys(conn: Connection, params: dict[str, str]) -> None:
    """PostgreSQL: serialise concurrent ingests that touch the same (NIK, service) group.

    Under READ COMMITTED each ingest reads the groups in its own snapshot and cannot see a
    concurrent batch's uncommitted rows of the same group, so without a lock two officers
    sending the same NIK + service at the same moment would both find "no duplicate" and
    neither row would carry the flag. Row locks cannot help (the rows being raced for do
    not exist yet) and SERIALIZABLE would make every ingest retry-prone, so each ingest
    takes a transaction advisory lock per (NIK, service) key - its new keys and the stored
    keys its records leave - before reading the groups, in one statement and in hash
    order (no deadlock between two batches). Everything the ingest writes afterwards is
    either its own records (already row-locked by the records upsert) or rows of groups it
    holds, so a waiting ingest never holds what the lock holder needs next. The read runs
    as a later statement, so its snapshot sees what the previous holder committed.
    SQLite needs none of this: ingest holds the database's single write lock.
    """
    if not is_sqlite(conn) and _has_keys(params):
        conn.exec_driver_sql(PG_LOCK, params)


def _read_groups(conn: Connection, params: dict[str, str]) -> list[tuple]:
    if not is_sqlite(conn):
        return conn.exec_driver_sql(PG_GROUPS, params).all()
    rows = conn.exec_driver_sql(_SQLITE_GROUPS, params).all()
    # raw SQLite hands the DATE column back as text
    return [(*row[:2], date.fromisoformat(row[2]), *row[3:]) for row in rows]


def _flag_duplicates(
    conn: Connection | None,
    rows: list[dict],
    flags: dict[str, dict],
    members: list[tuple] | None = None,
) -> list[dict]:
    """Add the duplicate flags of this batch's ``rows`` to ``flags`` (by uuid); return the
    other rows of their groups whose stored flags change ({uuid, flag_codes, flag_data}).
    ``members``: the groups as already locked and read (``PG_LOCK``, ``PG_GROUPS`` with
    ``group_params(rows)``) in this transaction; else they are locked and read here."""
    if members is None:
        params = group_params(rows)
        _lock_keys(conn, params)
        members = _read_groups(conn, params)
    groups: dict[tuple[str, str], list[_Member]] = defaultdict(list)
    stored: dict[str, str] = {}
    for uuid, officer_id, day, status, nik, service, flag_data in members:
        if uuid not in flags:  # this batch's rows count with their new values
            groups[(nik, service)].append(_Member(uuid, officer_id, day, status))
            stored[uuid] = flag_data
    for row in rows:
        if row["nik"]:
            member = _Member(row["uuid"], row["officer_id"], row["day"], row["status"])
            groups[(row["nik"], row["service"])].append(member)
    changed = []
    for group in groups.values():
        for me in group:
            if me.uuid in flags:
                flags[me.uuid].update(_duplicate_flags(me, group))
                continue
            kept = json.loads(stored[me.uuid])
            mine = {code: p for code, p in kept.items() if code not in _DUPLICATES}
            codes, encoded = _encode({**mine, **_duplicate_flags(me, group)})
            if encoded != stored[me.uuid]:
                changed.append({"uuid": me.uuid, "flag_codes": codes, "flag_data": encoded})
    changed.sort(key=lambda c: c["uuid"])
    return changed


# --------------------------------------------------------------------------- writing

_PG_ROW_TYPES = {
    "uuid": "text",
    "revision": "int4",
    "officer_id": "int4",
    "kecamatan_code": "text",
    "nik": "text",
    "name_key": "text",
    "service": "text",
    "status": "text",
    "day": "date",
    "warning_count": "int4",
    "flag_codes": "text",
    "flag_data": "text",
}


def _pg_write_sql(fresh: bool = False, ahead: bool = False) -> str:
    """One statement: upsert the batch's rows, update the changed rows of their groups.
    The rows travel as one jsonb array of arrays (``_PG_ROW_TYPES`` in order; cheaper to
    send than an array per column), the batch id and the time once. With ``fresh``: a
    plain insert of the rows (records the ingest inserted as new, which have no review row
    unless one was left behind: that fails the statement with a unique violation). With
    ``ahead`` (sent before the batch's claim is answered): the batch id looked up by its
    uuid and time of receipt (= ``computed_at``), and no group members' rows
    (``_PG_REFRESH`` follows when there are some)."""
    names = list(_PG_ROW_TYPES)
    values = ", ".join(
        f"(r.value->>{i})::{t} AS {n}" for i, (n, t) in enumerate(_PG_ROW_TYPES.items())
    )
    columns = [*names, "batch_id", "computed_at"]
    assert set(columns) == {c.name for c in record_review.columns}
    updated = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != "uuid")
    # ahead: the batch row this transaction claimed (its uuid and time of receipt); none
    # when the claim was refused (the uuid taken, the device revoked), then no row is
    # written and the ingest rolls back
    claimed = f"""
    CROSS JOIN (
        SELECT id FROM {batches.name}
        WHERE batch_uuid = %(batch_uuid)s::text AND received_at = %(computed_at)s::timestamptz
    ) AS b"""
    refreshed = f""", refreshed AS ({_PG_REFRESH}    RETURNING 1
)"""
    return f"""
WITH input AS (
    SELECT {values} FROM jsonb_array_elements(%(rows)s::jsonb) AS r
), indexed AS (
    INSERT INTO {record_review.name} AS v ({", ".join(columns)})
    SELECT {", ".join(names)}, {"b.id" if ahead else "%(batch_id)s::bigint"},
        %(computed_at)s::timestamptz
    FROM input{claimed if ahead else ""} ORDER BY uuid
    {"" if fresh else f"ON CONFLICT (uuid) DO UPDATE SET {updated}"}
    RETURNING 1
){"" if ahead else refreshed}
SELECT (SELECT count(*) FROM indexed){"" if ahead else ", (SELECT count(*) FROM refreshed)"}
"""


# New flags of rows already in the index (other members of a batch's groups, or, after a
# write sent ahead, the batch's own rows with duplicates), in uuid order.
_PG_REFRESH = f"""
    UPDATE {record_review.name} AS v
    SET flag_codes = c.flag_codes, flag_data = c.flag_data, computed_at = %(computed_at)s
    FROM unnest(%(changed_uuid)b::text[], %(changed_codes)b::text[], %(changed_data)b::text[])
        AS c(uuid, flag_codes, flag_data)
    WHERE v.uuid = c.uuid
"""
_PG_WRITE = _pg_write_sql()
_PG_WRITE_AHEAD = {fresh: _pg_write_sql(fresh=fresh, ahead=True) for fresh in (False, True)}


_ROW_VALUES = operator.itemgetter(*_PG_ROW_TYPES)


def _pg_rows(rows: list[dict]) -> str:
    """The rows' values in _PG_ROW_TYPES order, as JSON arrays (orjson writes the day, a
    date, as its ISO text)."""
    return orjson.dumps([_ROW_VALUES(row) for row in rows]).decode()


def _pg_write_params(rows: list[dict], changed: list[dict], now: datetime) -> dict:
    return {"rows": _pg_rows(rows), "computed_at": now, **_changed_params(changed)}


def _changed_params(changed: list[dict]) -> dict[str, list[str]]:
    return {
        "changed_uuid": [c["uuid"] for c in changed],
        "changed_codes": [c["flag_codes"] for c in changed],
        "changed_data": [c["flag_data"] for c in changed],
    }


def _write(conn: Connection, rows: list[dict], changed: list[dict], batch_id: int, now) -> None:
    if not is_sqlite(conn):
        conn.exec_driver_sql(
            _PG_WRITE, {**_pg_write_params(rows, changed, now), "batch_id": batch_id}
        )
        return
    ins = insert_for(conn, record_review)
    stmt = ins.on_conflict_do_update(
        index_elements=["uuid"],
        set_={c.name: ins.excluded[c.name] for c in record_review.columns if c.name != "uuid"},
    )
    conn.execute(stmt, [{**row, "batch_id": batch_id, "computed_at": now} for row in rows])
    if changed:
        v = record_review.c
        stmt = (
            update(record_review)
            .where(v.uuid == bindparam("b_uuid"))
            .values(flag_codes=bindparam("b_codes"), flag_data=bindparam("b_data"), computed_at=now)
        )
        conn.execute(
            stmt,
            [
                {"b_uuid": c["uuid"], "b_codes": c["flag_codes"], "b_data": c["flag_data"]}
                for c in changed
            ],
        )


# --------------------------------------------------------------------------- the hook


class PreparedIndex(NamedTuple):
    """The part of indexing a batch that needs no database: per request its review row
    (search keys, warning count) and the flags that depend on it alone, by uuid."""

    now: datetime
    rows: list[dict]
    flags: dict[str, dict]


def prepare_index(now: datetime, requests: Sequence[ReviewInput]) -> PreparedIndex:
    """Review rows and own flags of ``requests`` (see :func:`index_batch`); call in the
    ingest's context (the sending clock)."""
    today = local_day(now)
    clock = _sending_clock.get()
    skew = (clock - as_utc(now)).total_seconds() if clock is not None else None
    ordered = sorted(requests, key=lambda item: item.uuid)
    rows = [_review_row(item, today) for item in ordered]
    flags = {item.uuid: _own_flags(item, today, skew) for item in ordered}
    return PreparedIndex(now, rows, flags)


def write_index(conn: Connection, batch_id: int, prepared: PreparedIndex) -> int:
    """The database part of :func:`index_batch`: the duplicate flags, then one write."""
    rows, flags = prepared.rows, prepared.flags
    if not rows:
        return 0
    changed = _flag_duplicates(conn, rows, flags)
    for row in rows:
        row["flag_codes"], row["flag_data"] = _encode(flags[row["uuid"]])
    _write(conn, rows, changed, batch_id, prepared.now)
    return len(rows)


def index_batch(
    conn: Connection, batch_id: int, now: datetime, requests: Sequence[ReviewInput]
) -> int:
    """Index and flag the requests whose current revision batch ``batch_id`` wrote (one
    per uuid: the newest revision the batch sent); returns how many.

    Call inside the ingest transaction after the records are written. (Ingest on
    PostgreSQL uses the parts: :func:`prepare_index`, then :func:`write_index` or, in its
    pipeline, :func:`pg_send_lock`, :func:`pg_send_write` and :func:`pg_send_duplicates`.)
    """
    if not requests:
        return 0
    return write_index(conn, batch_id, prepare_index(now, requests))


# --------------------------------------------------------------------------- pipelined
# PostgreSQL ingest sends its statements in psycopg's pipeline mode, ahead of their answers
# (server/ingest.py). For the review index, right after the records upsert and in the same
# transaction, before the requests are validated: ``PG_LOCK`` and ``PG_GROUPS``
# (:func:`pg_send_lock`, from the data as sent), so the database takes the locks and reads
# the groups while the server validates; then, still before any answer, the write of the
# batch's rows with their own flags (:func:`pg_send_write`); once the groups are read, the
# duplicate flags, when a group has another member (:func:`pg_send_duplicates`).


class PendingIndex(NamedTuple):
    """The group locks and read sent in a pipeline: ``groups`` answers ``PG_GROUPS`` (None
    when there was nothing to lock: no NIK among the rows, no stored key to leave)."""

    params: dict[str, str]  # group_params(rows) of the rows the locks are for
    groups: object | None


def pg_send_lock(raw, rows: Sequence[dict]) -> PendingIndex:
    """Pipeline the group locks (``PG_LOCK``) for ``rows`` ({uuid, revision, nik, service}
    of the requests the batch is expected to write, by uuid) on the psycopg connection
    ``raw``, and the read of their groups as a later statement (under READ COMMITTED its
    snapshot, taken after the locks, sees what an earlier holder of a lock committed)."""
    params = group_params(rows)
    if not _has_keys(params):
        return PendingIndex(params, None)
    if params["uuids"] == "[]":  # no stored keys: the lock reads no table, prepared
        raw.cursor().execute(PG_LOCK_NEW, {"keys": params["keys"]}, prepare=True)
    else:  # never prepared (server.db.PREPARE_ONLY_ON_PURPOSE): its generic plan, picked
        # while record_review is small, scans it whole once it has grown; the read too
        raw.cursor().execute(PG_LOCK, params)
    groups = raw.cursor()
    groups.execute(PG_GROUPS, params)
    return PendingIndex(params, groups)


def pg_send_write(raw, prepared: PreparedIndex, batch_uuid: str, fresh: bool = False) -> None:
    """Pipeline the write of ``prepared``'s rows (the newest revision of each request the
    batch is expected to write, the rows ``pg_send_lock`` locked the groups of) with their
    own flags, before the batch's claim and the groups are answered: the database writes
    them right after the read, without waiting for the server. The batch was claimed in
    this transaction with ``prepared.now`` as its time of receipt. ``fresh``: the rows are
    new (see ``_pg_write_sql``)."""
    if not prepared.rows:
        return
    for row in prepared.rows:
        row["flag_codes"], row["flag_data"] = _encode(prepared.flags[row["uuid"]])
    raw.cursor().execute(
        _PG_WRITE_AHEAD[fresh],
        {"rows": _pg_rows(prepared.rows), "computed_at": prepared.now, "batch_uuid": batch_uuid},
    )
    # (Not prepared, though that saves ~0.4 ms of parsing and planning: a generic plan
    # made while batches is small reads it by a sequential scan, and keeps doing so as it
    # grows until the next ANALYZE; see server.db.PREPARE_ONLY_ON_PURPOSE.)


def pg_send_duplicates(raw, pending: PendingIndex, prepared: PreparedIndex) -> None:
    """Once ``pending``'s read is answered: when a group of the rows :func:`pg_send_write`
    sent has another member, pipeline the duplicate flags, of those rows and of the
    members whose flags change (``_PG_REFRESH``); usually nothing to send."""
    rows, flags = prepared.rows, prepared.flags
    members = pending.groups.fetchall() if pending.groups is not None else []
    keys = [(row["nik"], row["service"]) for row in rows if row["nik"]]
    if not members and len(keys) == len(set(keys)):  # no group with another member
        return
    changed = _flag_duplicates(None, rows, flags, members)
    for row in rows:
        codes, encoded = _encode(flags[row["uuid"]])
        if encoded != row["flag_data"]:  # sent without its duplicate flags
            changed.append({"uuid": row["uuid"], "flag_codes": codes, "flag_data": encoded})
    changed.sort(key=lambda c: c["uuid"])
    raw.cursor().execute(_PG_REFRESH, {"computed_at": prepared.now} | _changed_params(changed))
