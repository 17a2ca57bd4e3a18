"""Export the newest revision of every service request to CSV (UTF-8 with BOM) or XLSX.

NIK, KK, phone, RT and RW are written as text so spreadsheets keep leading zeros and
all 16 digits.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import Engine, select

from app.domain.regions import regions
from server.db import iso, records, users

COLUMNS = (
    "uuid",
    "revision",
    "visit_date",
    "kecamatan_code",
    "kecamatan",
    "desa_code",
    "desa",
    "nik",
    "kk",
    "name",
    "birth_date",
    "sex",
    "marital_status",
    "service",
    "status",
    "pending_reason",
    "has_ektp",
    "address",
    "rt",
    "rw",
    "phone",
    "notes",
    "mismatch_reason",
    "cancel_reason",
    "officer",
    "device_time",
    "server_received_at",
    "review_status",
)
TEXT_COLUMNS = frozenset({"nik", "kk", "phone", "rt", "rw", "kecamatan_code", "desa_code"})


def _region_name(code: str | None) -> str:
    region = regions().get(code) if code else None
    return region.name if region else ""


def export_rows(
    engine: Engine,
    kecamatan_code: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
):
    """Yield one dict per request (newest revision), ordered by visit date then uuid."""
    query = (
        select(records, users.c.username)
        .join(users, users.c.id == records.c.officer_id)
        .where(records.c.kind == "request")
        .order_by(records.c.visit_date, records.c.uuid)
    )
    if kecamatan_code:
        query = query.where(records.c.kecamatan_code == kecamatan_code)
    if date_from:
        query = query.where(records.c.visit_date >= date_from)
    if date_to:
        query = query.where(records.c.visit_date <= date_to)
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            data = json.loads(row["data"])
            out = {name: data.get(name, "") for name in COLUMNS}
            out.update(
                uuid=row["uuid"],
                revision=row["revision"],
                visit_date=row["visit_date"].isoformat() if row["visit_date"] else "",
                kecamatan_code=row["kecamatan_code"] or "",
                kecamatan=_region_name(row["kecamatan_code"]),
                desa_code=row["desa_code"] or "",
                desa=_region_name(row["desa_code"]),
                has_ektp="ya" if data.get("has_ektp") else "tidak",
                officer=row["username"],
                device_time=iso(row["device_time"]),
                server_received_at=iso(row["server_received_at"]),
                review_status=row["review_status"] or "",
            )
            yield {k: ("" if v is None else v) for k, v in out.items()}


def write_csv(path: Path, rows) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: str(v) if k in TEXT_COLUMNS else v for k, v in row.items()})
            count += 1
    return count


def write_xlsx(path: Path, rows) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("permohonan")
    sheet.append(list(COLUMNS))
    count = 0
    for row in rows:
        cells = []
        for name in COLUMNS:
            value = row[name]
            if name in TEXT_COLUMNS:
                cell = WriteOnlyCell(sheet, value=str(value))
                cell.number_format = "@"
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(path)
    return count


def _tap(rows: Iterable[dict], exported: Callable[[str], None]) -> Iterator[dict]:
    for row in rows:
        exported(row["uuid"])
        yield row


def export(
    engine: Engine,
    path: Path,
    fmt: str,
    kecamatan_code: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    exported: Callable[[str], None] | None = None,
) -> int:
    """Write the export file; returns the number of rows. ``exported`` is called with the
    UUID of every row written (for the processing log)."""
    rows = export_rows(engine, kecamatan_code, date_from, date_to)
    if exported is not None:
        rows = _tap(rows, exported)
    if fmt == "csv":
        return write_csv(path, rows)
    if fmt == "xlsx":
        return write_xlsx(path, rows)
    raise ValueError(f"format must be csv or xlsx, not {fmt!r}")
