"""Data dirs with a real SQLite store and CSV helpers for the CLI tests."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from app.csvio import IMPORT_COLUMNS
from app.domain.kk import make_kk
from app.domain.nik import make_nik
from app.paths import database_path
from app.store import Store

TODAY = date.today()
KECAMATAN = "64.02.06"  # Tenggarong
DESA = "64.02.06.1001"  # Jahab
OTHER_DESA = "64.02.06.1002"  # Loa Ipuh
NIP = "198001012005012001"


def person(serial: int, birth: date = date(1990, 1, 2), sex: str = "L") -> dict[str, str]:
    return {
        "nik": make_nik(KECAMATAN, birth, sex, serial),
        "kk": make_kk(KECAMATAN, date(2015, 1, 2), serial),
        "birth_date": birth.isoformat(),
        "sex": sex,
    }


def row(serial: int, **overrides: str) -> dict[str, str]:
    """A valid import row for an adult's e-KTP recording; ``serial`` makes the NIK unique."""
    values = {
        "visit_date": TODAY.isoformat(),
        "desa_code": DESA,
        "name": f"Warga Nomor {chr(ord('A') + serial % 26)}{chr(ord('a') + serial // 26 % 26)}",
        "service": "ktp_recording",
        "status": "received",
        "notes": "",
        **person(serial),
    }
    values.update(overrides)
    return values


def write_csv(
    path: Path,
    rows: list[dict[str, str]],
    columns=IMPORT_COLUMNS,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(columns)
        for r in rows:
            writer.writerow([r.get(c, "") for c in columns])
    return path


def make_data_dir(path: Path, officers: int = 1) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    with Store.open(database_path(path)) as store:
        for i in range(officers):
            store.create_officer(
                f"Petugas {'ABC'[i]}", NIP[:-1] + str(i + 1), "Tim 1", KECAMATAN, "rahasia-1"
            )
    return path


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return make_data_dir(tmp_path / "data")


@pytest.fixture
def open_store():
    stores: list[Store] = []

    def _open(data_dir: Path) -> Store:
        stores.append(Store.open(database_path(data_dir)))
        return stores[-1]

    yield _open
    for store in stores:
        store.close()
