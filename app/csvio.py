"""CSV import and export of service requests (no Qt).

Import columns (header row required, any order)::

    visit_date,desa_code,nik,kk,name,birth_date,sex,service,status,notes

plus the optional columns ``pending_reason``, ``mismatch_reason``, ``cancel_reason`` (a
row with status ``cancelled`` needs it: it is saved, then cancelled with that reason, as
in the app), ``has_ektp`` (1/0; IKD activation needs 1), ``marital_status``, ``address``,
``rt``, ``rw``, ``phone``, and ``uuid,revision,created_at`` (a row whose
``uuid`` is already in the data dir is skipped, otherwise the row becomes a new
request with a new uuid). Dates are ``YYYY-MM-DD`` (``DD/MM/YYYY`` is accepted too,
as Excel in an Indonesian locale saves it), sex is ``L``/``P``, service, status and
pending reason are the codes of :mod:`app.domain.services`. The file may be UTF-8
with or without a BOM, delimited by ``,`` or ``;`` (Excel in an Indonesian locale).

Every row is validated like the form (``Store.save_request`` runs
``app.domain.record.validate_request``). A row is refused with its line number and
the reasons, and nothing of it is written. When the typed birth date or sex
disagrees with the NIK the row is refused unless the notes column starts with
``KOREKSI:`` followed by the reason (or the ``mismatch_reason`` column is filled).

Export writes UTF-8 with a BOM (Excel then reads the names right). NIK and KK are
written as plain digit strings, so the file is a faithful CSV for any program and
re-imports unchanged. Excel, when it opens a CSV by double-click, turns a 16-digit
number into ``6.40205E+15`` and loses digits; Excel users should use
Data > From Text/CSV and set the NIK and KK columns to Text, or export with
``excel=True``, which writes them as ``="6402..."`` formulas that Excel shows as
text. The import understands both forms (and a leading apostrophe), and names the
problem when it meets a number Excel has already mangled.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from app.domain.messages import DomainError
from app.domain.record import RequestInput, validate_request
from app.store.errors import StockError, StoreError

IMPORT_COLUMNS = (
    "visit_date",
    "desa_code",
    "nik",
    "kk",
    "name",
    "birth_date",
    "sex",
    "service",
    "status",
    "notes",
)
DETAIL_COLUMNS = (
    "pending_reason",
    "mismatch_reason",
    "cancel_reason",
    "has_ektp",
    "marital_status",
    "address",
    "rt",
    "rw",
    "phone",
)
IDENTITY_COLUMNS = ("uuid", "revision", "created_at")
OPTIONAL_COLUMNS = DETAIL_COLUMNS + IDENTITY_COLUMNS
EXPORT_COLUMNS = IMPORT_COLUMNS + OPTIONAL_COLUMNS
CORRECTION_PREFIX = "KOREKSI:"
CHUNK_ROWS = 500
PROGRESS_EVERY = 500

_EXCEL_FLOAT = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")

TEXTS: dict[str, dict[str, str]] = {
    "not_found": {
        "id": "Berkas {path} tidak ditemukan.",
        "en": "File {path} not found.",
    },
    "not_utf8": {
        "id": "Berkas {path} bukan teks UTF-8 (baris {line}). Di Excel simpan sebagai "
        "'CSV UTF-8 (Comma delimited)', lalu impor lagi.",
        "en": "File {path} is not UTF-8 text (line {line}). In Excel save it as "
        "'CSV UTF-8 (Comma delimited)' and import it again.",
    },
    "empty": {
        "id": "Berkas {path} kosong: baris pertama harus berisi nama kolom: {columns}.",
        "en": "File {path} is empty: the first line must name the columns: {columns}.",
    },
    "missing_columns": {
        "id": "Kolom wajib tidak ada di baris judul: {missing}. Baris judul harus berisi: "
        "{columns}.",
        "en": "Required columns missing from the header: {missing}. The header must hold: "
        "{columns}.",
    },
    "unknown_columns": {
        "id": "Kolom tidak dikenal di baris judul: {unknown}. Kolom yang boleh: {allowed}.",
        "en": "Unknown columns in the header: {unknown}. Allowed columns: {allowed}.",
    },
    "duplicate_columns": {
        "id": "Kolom ganda di baris judul: {duplicate}. Tiap kolom hanya boleh sekali.",
        "en": "Duplicate columns in the header: {duplicate}. Each column may appear once.",
    },
    "field_count": {
        "id": "baris berisi {found} kolom, seharusnya {expected} seperti baris judul",
        "en": "the line has {found} columns, the header has {expected}",
    },
    "date_format": {
        "id": "{label} '{value}' bukan tanggal: tulis TTTT-BB-HH, misalnya 2025-03-17",
        "en": "{label} '{value}' is not a date: write YYYY-MM-DD, e.g. 2025-03-17",
    },
    "date_required": {
        "id": "{label} wajib diisi (TTTT-BB-HH)",
        "en": "{label} is required (YYYY-MM-DD)",
    },
    "sex_invalid": {
        "id": "jenis kelamin '{value}' tidak dikenal: tulis L (laki-laki) atau P (perempuan)",
        "en": "sex '{value}' is not known: write L (male) or P (female)",
    },
    "excel_number": {
        "id": "{label} sudah diubah Excel menjadi angka (seperti 6,40206E+15) dan angka "
        "terakhirnya hilang: buka CSV lewat Data > Dari Teks/CSV dengan kolom {label} "
        "sebagai Teks, atau ketik ulang dari dokumen",
        "en": "{label} was turned into a number by Excel (like 6.40206E+15) and lost its last "
        "digits: open the CSV with Data > From Text/CSV with the {label} column as Text, or retype "
        "it from the document",
    },
    "has_ektp_invalid": {
        "id": "has_ektp '{value}' tidak dikenal: tulis 1 (sudah rekam KTP-el) atau 0",
        "en": "has_ektp '{value}' is not known: write 1 (e-KTP already recorded) or 0",
    },
    "has_ektp_hint": {
        "id": "isi kolom has_ektp dengan 1 jika sudah rekam KTP-el",
        "en": "write 1 in the has_ektp column if the e-KTP is already recorded",
    },
    "cancel_reason_required": {
        "id": "status cancelled perlu alasan pembatalan di kolom cancel_reason",
        "en": "status cancelled needs the reason for cancelling in the cancel_reason column",
    },
    "correction_hint": {
        "id": "jika data yang diketik memang benar, awali kolom notes dengan 'KOREKSI: <alasan>'",
        "en": "if the typed data is right, start the notes column with 'KOREKSI: <reason>'",
    },
    "label.visit_date": {"id": "tanggal kunjungan", "en": "visit date"},
    "label.birth_date": {"id": "tanggal lahir", "en": "birth date"},
    "label.nik": {"id": "NIK", "en": "NIK"},
    "label.kk": {"id": "nomor KK", "en": "KK number"},
}


def text(code: str, lang: str = "id", **params: object) -> str:
    entry = TEXTS[code]
    return entry.get(lang, entry["id"]).format(**params)


class CsvFileError(Exception):
    """The file as a whole cannot be used (missing, not UTF-8, bad header)."""

    def __init__(self, code: str, lang: str = "id", **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(text(code, lang, **params))


@dataclass
class RowProblem:
    field: str
    message: str


@dataclass
class RefusedRow:
    line: int
    problems: list[RowProblem]

    def message(self) -> str:
        return "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in self.problems)


@dataclass
class ImportReport:
    total: int = 0
    imported: int = 0
    skipped: int = 0  # rows whose uuid is already in the data dir
    visits_started: int = 0
    refused: list[RefusedRow] = field(default_factory=list)


class _RowInvalid(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(problems)
        self.problems = problems


# --- reading -------------------------------------------------------------------------
def _check_text(path: Path, lang: str) -> int:
    """Check the whole file decodes as UTF-8; return its number of lines."""
    lines = 0
    with path.open("rb") as fh:
        for lines, raw in enumerate(fh, start=1):  # noqa: B007 - the count is the result
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                raise CsvFileError("not_utf8", lang, path=path, line=lines) from None
    return lines


def _dialect(first_line: str) -> type[csv.Dialect] | csv.Dialect:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        delimiter = ","

    class _Dialect(csv.excel):
        pass

    _Dialect.delimiter = delimiter
    return _Dialect


def _header(row: list[str], lang: str) -> list[str]:
    names = [c.strip().lower() for c in row]
    seen: set[str] = set()
    duplicate = sorted({n for n in names if n in seen or seen.add(n)})
    if duplicate:
        raise CsvFileError("duplicate_columns", lang, duplicate=", ".join(duplicate))
    missing = [c for c in IMPORT_COLUMNS if c not in names]
    unknown = [n for n in names if n not in EXPORT_COLUMNS]
    if missing:
        raise CsvFileError(
            "missing_columns", lang, missing=", ".join(missing), columns=",".join(IMPORT_COLUMNS)
        )
    if unknown:
        raise CsvFileError(
            "unknown_columns",
            lang,
            unknown=", ".join(n or "''" for n in unknown),
            allowed=",".join(EXPORT_COLUMNS),
        )
    return names


def read_rows(path: Path, lang: str = "id") -> Iterator[tuple[int, dict[str, str] | str]]:
    """Yield ``(line, row)`` for every data row; ``row`` is a str when the line has the
    wrong number of columns (the reason). Raises :class:`CsvFileError` for the header."""
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
        if not first.strip():
            raise CsvFileError("empty", lang, path=path, columns=",".join(IMPORT_COLUMNS))
        dialect = _dialect(first)
        header = _header(next(csv.reader(io.StringIO(first), dialect)), lang)
        reader = csv.reader(fh, dialect)
        for values in reader:
            line = reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                yield line, text("field_count", lang, found=len(values), expected=len(header))
                continue
            yield line, dict(zip(header, values, strict=True))


# --- one row -> RequestInput -----------------------------------------------------------
def _date(value: str, name: str, lang: str, required: bool) -> date | None:
    value = value.strip()
    label = text(f"label.{name}", lang)
    if not value:
        if required:
            raise _RowInvalid([RowProblem(name, text("date_required", lang, label=label))])
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise _RowInvalid([RowProblem(name, text("date_format", lang, label=label, value=value))])


def clean_number(value: str) -> str:
    """Undo what spreadsheets do to a NIK/KK kept as text: ``="..."``, ``'``, blanks."""
    value = value.strip()
    if value.startswith('="') and value.endswith('"'):
        value = value[2:-1]
    return value.lstrip("'").strip()


def _number(value: str, name: str, lang: str) -> str:
    value = clean_number(value)
    if _EXCEL_FLOAT.match(value):
        label = text(f"label.{name}", lang)
        raise _RowInvalid([RowProblem(name, text("excel_number", lang, label=label))])
    return value


def _sex(value: str, lang: str) -> str | None:
    value = value.strip().upper()
    if not value:
        return None
    if value in ("L", "P"):
        return value
    raise _RowInvalid([RowProblem("sex", text("sex_invalid", lang, value=value))])


_TRUE = ("1", "y", "ya", "yes", "true", "benar")
_FALSE = ("", "0", "n", "t", "tidak", "no", "false", "salah")


def _flag(value: str, lang: str) -> bool:
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _RowInvalid([RowProblem("has_ektp", text("has_ektp_invalid", lang, value=value))])


def correction_reason(notes: str) -> str:
    """The reason after a leading ``KOREKSI:`` in the notes ('' when absent)."""
    stripped = notes.strip()
    if stripped[: len(CORRECTION_PREFIX)].upper() == CORRECTION_PREFIX:
        return stripped[len(CORRECTION_PREFIX) :].strip()
    return ""


def row_to_input(row: dict[str, str], lang: str = "id") -> RequestInput:
    """Convert one CSV row; raises ``_RowInvalid`` for what the form's widgets would catch."""
    problems: list[RowProblem] = []
    values: dict[str, object] = {}
    converters: list[tuple[str, Callable[[], object]]] = [
        ("visit_date", lambda: _date(row["visit_date"], "visit_date", lang, True)),
        ("birth_date", lambda: _date(row["birth_date"], "birth_date", lang, False)),
        ("nik", lambda: _number(row["nik"], "nik", lang)),
        ("kk", lambda: _number(row["kk"], "kk", lang)),
        ("sex", lambda: _sex(row["sex"], lang)),
        ("has_ektp", lambda: _flag(row.get("has_ektp") or "", lang)),
    ]
    for name, convert in converters:
        try:
            values[name] = convert()
        except _RowInvalid as err:
            problems.extend(err.problems)
    status = row["status"].strip().lower() or "received"
    if status == "cancelled" and not (row.get("cancel_reason") or "").strip():
        problems.append(RowProblem("cancel_reason", text("cancel_reason_required", lang)))
    if problems:
        raise _RowInvalid(problems)
    notes = row["notes"].strip()
    mismatch = (row.get("mismatch_reason") or "").strip() or correction_reason(notes)
    return RequestInput(
        desa_code=row["desa_code"].strip(),
        nik=values["nik"],  # type: ignore[arg-type]
        kk=values["kk"],  # type: ignore[arg-type]
        name=" ".join(row["name"].split()),
        birth_date=values["birth_date"],  # type: ignore[arg-type]
        sex=values["sex"],  # type: ignore[arg-type]
        service=row["service"].strip().lower(),
        status="received" if status == "cancelled" else status,  # cancelled after saving
        pending_reason=(row.get("pending_reason") or "").strip().lower() or None,
        address=(row.get("address") or "").strip(),
        rt=(row.get("rt") or "").strip(),
        rw=(row.get("rw") or "").strip(),
        phone=(row.get("phone") or "").strip(),
        notes=notes,
        marital_status=(row.get("marital_status") or "").strip().lower() or None,
        has_ektp=values["has_ektp"],  # type: ignore[arg-type]
        mismatch_reason=mismatch,
        visit_date=values["visit_date"],  # type: ignore[arg-type]
    )


def validation_problems(data: RequestInput, today: date | None, lang: str) -> list[RowProblem]:
    """What keeps ``data`` from being saved: errors, and unanswered confirmations."""
    result = validate_request(data, today=today, lang=lang)
    if result.ok:
        return []
    problems = [RowProblem(i.field, i.message) for i in result.errors]
    for problem in problems:
        if problem.field == "has_ektp":  # the form's hint names a tick box
            problem.message += f" ({text('has_ektp_hint', lang)})"
    if not data.mismatch_reason.strip():
        confirm = [RowProblem(i.field, i.message) for i in result.confirmations]
        if confirm:
            confirm[-1].message += f" ({text('correction_hint', lang)})"
        problems.extend(confirm)
    return problems


# --- import -----------------------------------------------------------------------------
def import_csv(
    store,
    officer_id: int,
    path: Path,
    *,
    lang: str = "id",
    today: date | None = None,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import ``path`` into ``store`` as ``officer_id``'s work.

    Rows are written ``chunk_rows`` to a transaction. Consecutive good rows of one visit
    (same visit date and desa) are saved together with ``Store.save_requests_bulk`` in a
    savepoint; when the store refuses any of them (no blank card left, ...), that run is
    saved again one row per savepoint, so a refused row leaves nothing (not even a visit
    started for it) and is reported with its line. Raises :class:`CsvFileError` when
    the file cannot be used at all (nothing is written).
    """
    path = Path(path)
    if not path.is_file():
        raise CsvFileError("not_found", lang, path=path)
    report = ImportReport(total=max(_check_text(path, lang) - 1, 0))
    visits: dict[tuple[date, str], str] = {}
    rows = read_rows(path, lang)
    done = 0
    while True:
        chunk = _take(rows, chunk_rows)
        if not chunk:
            break
        first_refused = len(report.refused)
        with store.transaction():
            good = [_checked_row(store, line, row, report, lang, today) for line, row in chunk]
            for run in _runs([g for g in good if g is not None]):
                _save_run(store, officer_id, run, visits, report, lang, today)
        report.refused[first_refused:] = sorted(report.refused[first_refused:], key=_line)
        done += len(chunk)
        if progress is not None:
            progress(done, report.total)
    return report


@dataclass
class _GoodRow:
    line: int
    row: dict[str, str]
    data: RequestInput

    @property
    def visit_key(self) -> tuple[date, str]:
        return (self.data.visit_date, self.data.desa_code)


def _line(refused: RefusedRow) -> int:
    return refused.line


def _take(rows: Iterator, n: int) -> list:
    chunk = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= n:
            break
    return chunk


def _checked_row(store, line, row, report, lang, today) -> _GoodRow | None:
    """The row ready to save, or None (refused with its reasons, or skipped)."""
    if isinstance(row, str):
        report.refused.append(RefusedRow(line, [RowProblem("", row)]))
        return None
    uuid = (row.get("uuid") or "").strip()
    if uuid and store.get_request(uuid) is not None:
        report.skipped += 1
        return None
    try:
        data = row_to_input(row, lang)
    except _RowInvalid as err:
        report.refused.append(RefusedRow(line, err.problems))
        return None
    problems = validation_problems(data, today, lang)
    if problems:
        report.refused.append(RefusedRow(line, problems))
        return None
    return _GoodRow(line, row, data)


def _runs(rows: list[_GoodRow]) -> Iterator[list[_GoodRow]]:
    """Consecutive rows of the same visit (file order kept)."""
    run: list[_GoodRow] = []
    for good in rows:
        if run and good.visit_key != run[0].visit_key:
            yield run
            run = []
        run.append(good)
    if run:
        yield run


def _visit_for(store, officer_id, good: _GoodRow, visits) -> tuple[str, bool]:
    visit_uuid = visits.get(good.visit_key)
    if visit_uuid is not None:
        return visit_uuid, False
    visit = store.find_or_start_visit(
        officer_id, visit_date=good.data.visit_date, desa_code=good.data.desa_code
    )
    return visit["uuid"], True


def _cancel_if_asked(store, officer_id, good: _GoodRow, record: dict) -> None:
    if good.row["status"].strip().lower() == "cancelled":
        store.cancel_request(officer_id, record["uuid"], good.row["cancel_reason"])


def _save_run(store, officer_id, run, visits, report, lang, today) -> None:
    if len(run) > 1:
        try:
            with store.transaction():
                visit_uuid, started = _visit_for(store, officer_id, run[0], visits)
                inputs = [good.data for good in run]
                records = store.save_requests_bulk(officer_id, visit_uuid, inputs, today=today)
                for good, record in zip(run, records, strict=True):
                    _cancel_if_asked(store, officer_id, good, record)
        except (DomainError, StoreError):
            pass  # saved again row by row below, to name the refused rows
        else:
            if started:
                visits[run[0].visit_key] = visit_uuid
            report.imported += len(run)
            return
    for good in run:
        _save_row(store, officer_id, good, visits, report, lang, today)


def _save_row(store, officer_id, good: _GoodRow, visits, report, lang, today) -> None:
    try:
        with store.transaction():
            visit_uuid, started = _visit_for(store, officer_id, good, visits)
            record = store.save_request(officer_id, visit_uuid, good.data, today=today)
            _cancel_if_asked(store, officer_id, good, record)
    except (DomainError, StoreError) as err:
        problem = RowProblem(_column_of(err), err.message(lang))
        report.refused.append(RefusedRow(good.line, [problem]))
        return
    if started:
        visits[good.visit_key] = visit_uuid
    report.imported += 1


def _column_of(err: DomainError | StoreError) -> str:
    """The CSV column to blame for a store-side refusal ('' when none fits)."""
    if isinstance(err, StockError):
        return "status"  # a "done" printing needs a blank card: save it as pending
    return err.field if err.field in EXPORT_COLUMNS else ""


# --- export ------------------------------------------------------------------------------
def export_value(request: dict, column: str, excel: bool) -> str:
    value = request.get(column)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    value = str(value)
    if excel and column in ("nik", "kk") and value:
        return f'="{value}"'
    return value


def write_csv(path: Path, requests: Iterable[dict], *, excel: bool = False) -> int:
    """Write ``requests`` (dicts with the export columns) to ``path`` as UTF-8 with BOM.

    Written to a temporary file beside ``path`` and renamed at the end, so a failed
    export never leaves half a file under the requested name. The file is readable by
    its owner only (on POSIX): it holds personal data. Returns the row count.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(EXPORT_COLUMNS)
            for request in requests:
                writer.writerow([export_value(request, c, excel) for c in EXPORT_COLUMNS])
                count += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def iter_requests(
    store, day: date | None = None, page: int = 1000, visible_to: int | None = None
) -> Iterator[dict]:
    """Every request (of visit date ``day`` when given; only those officer ``visible_to``
    may see when given), newest first, ``page`` rows a read (``Store.iter_requests``:
    keyset paging, no OFFSET)."""
    from app.store import RequestFilter

    return store.iter_requests(RequestFilter(visit_date=day, visible_to=visible_to), batch=page)


def export_csv(
    store,
    path: Path,
    *,
    day: date | None = None,
    excel: bool = False,
    visible_to: int | None = None,
) -> int:
    """Export the requests of ``store`` (only visit date ``day`` when given; only those
    officer ``visible_to`` may see, their own and their team's, when given) to ``path``."""
    return write_csv(path, iter_requests(store, day, visible_to=visible_to), excel=excel)
