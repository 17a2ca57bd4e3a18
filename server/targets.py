"""Target lists: residents still to be served, per desa, imported by an admin.

``jempol-server targets import FILE`` reads a CSV or XLSX file with one resident per row
(columns ``desa_code``, ``nik``, ``name``; optional ``service`` (default
``ktp_recording``), ``address``, ``note``). Every row is checked like a record: the NIK
with :func:`app.domain.nik.parse_nik`, the desa code against the Kukar region list. A bad
row is reported by its line and none of it is written; the good rows are written in one
transaction, keyed by (NIK, service), so importing the same list again changes nothing.
With ``replace`` the file is the whole list of its desa: a resident of those desa (and
services) no longer in the file is marked removed.

Every written change takes the next number of one sequence (``targets.seq``); field
laptops page through ``GET /api/v1/targets?since=<seq>`` for their kecamatan.

Coverage (the dashboard): a target resident is *served* when their NIK has an accepted
request for the target's service (current revision not cancelled, not rejected by a
supervisor); coverage = served / (served + still to serve) per kecamatan.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Engine,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    case,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)

from app.domain.messages import DomainError
from app.domain.nik import parse_nik
from app.domain.regions import dotted, regions
from app.domain.services import SERVICES
from server.auth import kecamatan_scope, require_kecamatan
from server.db import BigId, Timestamp, is_sqlite, iso, metadata, records, utcnow
from server.flags import WITA, record_review
from sync.dashboard_protocol import (
    COVERAGE_SERVICE,
    DEFAULT_TARGET_PAGE,
    MAX_TARGET_PAGE,
    CoverageRow,
    Target,
    TargetsPage,
)
from sync.protocol import ProtocolError

# Same byte-order collation as record_review.nik, so the two compare on PostgreSQL.
NikKey = String(16).with_variant(String(16, collation="C"), "postgresql")

targets = Table(
    "targets",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("nik", NikKey, nullable=False),
    Column("service", String(40), nullable=False),
    Column("desa_code", String(20), nullable=False),
    Column("kecamatan_code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("birth_date", Date),
    Column("sex", String(1)),
    Column("address", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("removed", Boolean, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("imported_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    UniqueConstraint("nik", "service", name="uq_targets_nik_service"),
    Index("ix_targets_seq", "seq", unique=True),
    Index("ix_targets_kecamatan_seq", "kecamatan_code", "seq"),
    Index("ix_targets_kecamatan_service", "kecamatan_code", "service", "removed", "nik"),
)

REQUIRED_COLUMNS = ("desa_code", "nik", "name")
OPTIONAL_COLUMNS = ("service", "address", "note")
# Column titles an admin may use instead (Indonesian exports of the civil registry).
COLUMN_ALIASES = {
    "kode_desa": "desa_code",
    "kode_kelurahan": "desa_code",
    "nama": "name",
    "nama_lengkap": "name",
    "layanan": "service",
    "alamat": "address",
    "keterangan": "note",
    "catatan": "note",
}
MAX_NAME = 200
CHUNK = 500

_MESSAGES = {
    "file.unreadable": {
        "id": "Berkas {file} tidak dapat dibaca ({reason}).",
        "en": "The file {file} cannot be read ({reason}).",
    },
    "file.format": {
        "id": "Jenis berkas {file} tidak dikenal: gunakan berkas .csv atau .xlsx.",
        "en": "Unknown file type {file}: use a .csv or .xlsx file.",
    },
    "file.empty": {
        "id": "Berkas {file} kosong: baris pertama harus berisi judul kolom.",
        "en": "The file {file} is empty: the first row must hold the column titles.",
    },
    "file.columns": {
        "id": "Kolom wajib tidak ada: {columns}. Baris pertama harus berisi judul kolom "
        "desa_code, nik, name (boleh juga: service, address, note).",
        "en": "Required column(s) missing: {columns}. The first row must hold the column "
        "titles desa_code, nik, name (optional: service, address, note).",
    },
    "desa.empty": {
        "id": "Kode desa/kelurahan wajib diisi, mis. 64.02.05.2001.",
        "en": "The desa/kelurahan code is required, e.g. 64.02.05.2001.",
    },
    "desa.unknown": {
        "id": "Kode desa/kelurahan {code} tidak dikenal di Kutai Kartanegara; gunakan kode "
        "Kemendagri seperti 64.02.05.2001.",
        "en": "The desa/kelurahan code {code} is not known in Kutai Kartanegara; use a "
        "Kemendagri code such as 64.02.05.2001.",
    },
    "desa.old_code": {
        "id": "Kode desa {old} sudah diganti menjadi {new}; disimpan dengan kode baru.",
        "en": "The desa code {old} was replaced by {new}; stored with the new code.",
    },
    "name.empty": {
        "id": "Nama wajib diisi.",
        "en": "The name is required.",
    },
    "name.long": {
        "id": "Nama terlalu panjang (paling banyak {max} huruf).",
        "en": "The name is too long (at most {max} characters).",
    },
    "service.unknown": {
        "id": "Layanan {service} tidak dikenal; isi salah satu kode: {choices}.",
        "en": "Unknown service {service}; use one of the codes: {choices}.",
    },
    "row.duplicate": {
        "id": "NIK dan layanan yang sama sudah ada di baris {line}; hapus salah satu baris.",
        "en": "The same NIK and service are already on line {line}; remove one of the lines.",
    },
}


def message(key: str, lang: str = "id", /, **params) -> str:
    templates = _MESSAGES[key]
    return (templates.get(lang) or templates["id"]).format(**params)


class TargetFileError(Exception):
    """The whole file is unusable (missing, wrong type, no header, missing columns)."""

    def __init__(self, code: str, lang: str = "id", /, **params) -> None:
        self.code = code
        self.params = params
        super().__init__(message(code, lang, **params))


@dataclass
class RowProblem:
    field: str
    message: str


@dataclass
class RefusedRow:
    line: int
    problems: list[RowProblem]

    def text(self, lang: str = "id") -> str:
        word = "baris" if lang == "id" else "line"
        return f"{word} {self.line}: " + "; ".join(f"{p.field}: {p.message}" for p in self.problems)


@dataclass
class ImportReport:
    total: int = 0  # data rows read
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # marked removed by ``replace``
    refused: list[RefusedRow] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


# --------------------------------------------------------------------------- reading


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a NIK typed as a number (Excel)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _csv_rows(path: Path, lang: str) -> Iterator[tuple[int, list[str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TargetFileError(
            "file.unreadable", lang, file=path.name, reason=type(exc).__name__
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for row in reader:
        yield reader.line_num, [c.strip() for c in row]


def _xlsx_rows(path: Path, lang: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile/openpyxl raise many kinds for a broken file
        raise TargetFileError(
            "file.unreadable", lang, file=path.name, reason=type(exc).__name__
        ) from None
    try:
        sheet = book.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell_text(v) for v in row]
    finally:
        book.close()


def read_rows(path: Path, lang: str = "id") -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: text}) for each non-blank data row of a CSV/XLSX file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, lang)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path, lang)
    else:
        raise TargetFileError("file.format", lang, file=path.name)
    if not path.is_file():
        raise TargetFileError("file.unreadable", lang, file=path.name, reason="FileNotFoundError")
    header: list[str] | None = None
    for line, cells in rows:
        if header is None:
            if not any(cells):
                continue
            header = [_column(c) for c in cells]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise TargetFileError("file.columns", lang, columns=", ".join(missing))
            continue
        if not any(cells):
            continue
        yield (
            line,
            {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name},
        )
    if header is None:
        raise TargetFileError("file.empty", lang, file=path.name)


def _column(title: str) -> str:
    key = "_".join((title or "").strip().lower().replace("-", " ").split())
    key = COLUMN_ALIASES.get(key, key)
    return key if key in REQUIRED_COLUMNS + OPTIONAL_COLUMNS else ""


# --------------------------------------------------------------------------- checking


@dataclass
class _Good:
    line: int
    values: dict


def check_row(
    line: int, row: dict[str, str], today: date, lang: str = "id"
) -> tuple[_Good | None, RefusedRow | None, list[str]]:
    """Validate one row: (good values, None, warnings) or (None, refused, [])."""
    problems: list[RowProblem] = []
    warnings: list[str] = []
    index = regions()
    desa_text = row.get("desa_code", "").strip()
    desa = None
    if not desa_text:
        problems.append(RowProblem("desa_code", message("desa.empty", lang)))
    else:
        code = dotted(desa_text)
        current = index.current_code(code)
        if current is None or not index.is_kukar_desa(current):
            problems.append(RowProblem("desa_code", message("desa.unknown", lang, code=code)))
        else:
            desa = index.get(current)
            if current != code:
                warnings.append(message("desa.old_code", lang, old=code, new=current))
    nik = None
    try:
        nik = parse_nik(row.get("nik", ""), today=today, lang=lang)
    except DomainError as err:
        problems.append(RowProblem("nik", err.message(lang)))
    name = " ".join(row.get("name", "").split())
    if not name:
        problems.append(RowProblem("name", message("name.empty", lang)))
    elif len(name) > MAX_NAME:
        problems.append(RowProblem("name", message("name.long", lang, max=MAX_NAME)))
    service = (row.get("service") or "").strip() or COVERAGE_SERVICE
    if service not in SERVICES:
        choices = ", ".join(SERVICES)
        problems.append(
            RowProblem(
                "service", message("service.unknown", lang, service=service, choices=choices)
            )
        )
    if problems:
        return None, RefusedRow(line, problems), []
    assert desa is not None and nik is not None
    values = {
        "nik": nik.nik,
        "service": service,
        "desa_code": desa.code,
        "kecamatan_code": desa.parent_code,
        "name": name,
        "birth_date": nik.birth_date,
        "sex": nik.sex,
        "address": " ".join((row.get("address") or "").split()),
        "note": (row.get("note") or "").strip(),
    }
    return _Good(line, values), None, warnings


_COMPARED = ("desa_code", "kecamatan_code", "name", "birth_date", "sex", "address", "note")


def import_targets(
    engine: Engine,
    path: Path,
    *,
    replace: bool = False,
    lang: str = "id",
    today: date | None = None,
) -> ImportReport:
    """Import a target list; raises :class:`TargetFileError` when the file is unusable."""
    today = today or datetime.now(WITA).date()
    report = ImportReport()
    good: dict[tuple[str, str], _Good] = {}
    for line, row in read_rows(Path(path), lang):
        report.total += 1
        item, refused, warnings = check_row(line, row, today, lang)
        if refused is not None:
            report.refused.append(refused)
            continue
        assert item is not None
        key = (item.values["nik"], item.values["service"])
        if key in good:
            problem = RowProblem("nik", message("row.duplicate", lang, line=good[key].line))
            report.refused.append(RefusedRow(line, [problem]))
            continue
        good[key] = item
        report.warnings += [(line, w) for w in warnings]
    with engine.begin() as conn:
        _write(conn, good, replace, report)
    return report


def _lock(conn: Connection) -> None:
    """One writer of the target sequence at a time (SQLite: the write lock is held)."""
    if not is_sqlite(conn):
        conn.exec_driver_sql("LOCK TABLE targets IN EXCLUSIVE MODE")


def _write(conn: Connection, good: dict, replace: bool, report: ImportReport) -> None:
    _lock(conn)
    t = targets.c
    now = utcnow()
    seq = conn.execute(select(func.coalesce(func.max(t.seq), 0))).scalar_one()
    existing: dict[tuple[str, str], dict] = {}
    niks = sorted({nik for nik, _service in good})
    for start in range(0, len(niks), CHUNK):
        chunk = niks[start : start + CHUNK]
        query = select(targets).where(t.nik.in_(chunk))
        for row in conn.execute(query).mappings():
            existing[(row["nik"], row["service"])] = dict(row)
    inserts, updates = [], []
    for key in sorted(good):
        values = good[key].values
        old = existing.get(key)
        if old is None:
            seq += 1
            inserts.append(
                {**values, "removed": False, "seq": seq, "imported_at": now, "updated_at": now}
            )
        elif old["removed"] or any(old[c] != values[c] for c in _COMPARED):
            seq += 1
            updates.append(
                {"b_id": old["id"], **values, "removed": False, "seq": seq, "updated_at": now}
            )
        else:
            report.unchanged += 1
    if inserts:
        conn.execute(insert(targets), inserts)
    if updates:
        stmt = (
            update(targets)
            .where(t.id == bindparam("b_id"))
            .values({c: bindparam(c) for c in (*_COMPARED, "removed", "seq", "updated_at")})
        )
        conn.execute(stmt, updates)
    report.added, report.updated = len(inserts), len(updates)
    if replace and good:
        scopes = sorted({(v.values["desa_code"], v.values["service"]) for v in good.values()})
        gone = []
        for desa, service in scopes:
            query = select(t.id, t.nik).where(
                t.desa_code == desa, t.service == service, t.removed.is_(False)
            )
            gone += [row.id for row in conn.execute(query) if (row.nik, service) not in good]
        removals = []
        for target_id in sorted(gone):
            seq += 1
            removals.append({"b_id": target_id, "seq": seq, "updated_at": now})
        if removals:
            stmt = (
                update(targets)
                .where(t.id == bindparam("b_id"))
                .values(removed=True, seq=bindparam("seq"), updated_at=bindparam("updated_at"))
            )
            conn.execute(stmt, removals)
        report.removed = len(removals)


# --------------------------------------------------------------------------- pulling


def feed_scope(user: dict, kecamatan: str | None) -> str | None:
    """The kecamatan whose list ``user`` may pull: an officer or supervisor only their
    own (asking for another is ``403 forbidden_scope``), an admin any (None = all)."""
    if user["role"] == "admin":
        return kecamatan or None
    if user["role"] not in ("officer", "supervisor"):
        raise ProtocolError("forbidden_role", "target lists need an officer or supervisor")
    own = kecamatan_scope(user)
    if kecamatan:
        require_kecamatan(user, kecamatan, f"kecamatan {kecamatan}")
    return own


def targets_page(
    conn: Connection,
    user: dict,
    *,
    since: int = 0,
    limit: int = DEFAULT_TARGET_PAGE,
    kecamatan: str | None = None,
) -> TargetsPage:
    """Target changes after cursor ``since`` (oldest first) for the user's kecamatan."""
    if since < 0:
        raise ProtocolError("bad_request", "since: must be 0 or more")
    if not 1 <= limit <= MAX_TARGET_PAGE:
        raise ProtocolError("bad_request", f"limit: must be between 1 and {MAX_TARGET_PAGE}")
    scope = feed_scope(user, kecamatan)
    t = targets.c
    where = [t.seq > since]
    if scope is not None:
        where.append(t.kecamatan_code == scope)
    rows = conn.execute(select(targets).where(*where).order_by(t.seq).limit(limit + 1)).all()
    has_more = len(rows) > limit
    items = [
        Target(
            seq=row.seq,
            nik=row.nik,
            service=row.service,
            desa_code=row.desa_code,
            kecamatan_code=row.kecamatan_code,
            name=row.name,
            birth_date=row.birth_date.isoformat() if row.birth_date else None,
            sex=row.sex,
            address=row.address,
            note=row.note,
            removed=bool(row.removed),
            updated_at=iso(row.updated_at),
        )
        for row in rows[:limit]
    ]
    return TargetsPage(
        items=items,
        next_cursor=items[-1].seq if items else since,
        has_more=has_more,
        server_time=iso(utcnow()),
    )


# --------------------------------------------------------------------------- coverage


def served_condition():
    """EXISTS: the target's NIK has an accepted request for the target's service whose
    current revision is not cancelled and not rejected by a supervisor."""
    t, v, r = targets.c, record_review.c, records.c
    return exists().where(
        v.nik == t.nik,
        v.service == t.service,
        v.status != "cancelled",
        r.uuid == v.uuid,
        or_(r.review_status.is_(None), r.review_status != "rejected"),
    )


def coverage(conn: Connection, kecamatan_codes: Sequence[str]) -> list[CoverageRow]:
    """Coverage of e-KTP recording per kecamatan (every code given, in that order)."""
    t = targets.c
    query = (
        select(
            t.kecamatan_code,
            func.count().label("targets"),
            func.sum(case((served_condition(), 1), else_=0)).label("served"),
        )
        .where(
            t.kecamatan_code.in_(list(kecamatan_codes)),
            t.service == COVERAGE_SERVICE,
            t.removed.is_(False),
        )
        .group_by(t.kecamatan_code)
    )
    counts = {
        row.kecamatan_code: (row.targets, int(row.served or 0)) for row in conn.execute(query)
    }
    rows = []
    for code in kecamatan_codes:
        total, served = counts.get(code, (0, 0))
        rows.append(
            CoverageRow(
                kecamatan_code=code,
                targets=total,
                served=served,
                coverage=(served / total) if total else None,
            )
        )
    return rows
