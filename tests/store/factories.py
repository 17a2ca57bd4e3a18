"""Valid test data for the store tests and the crash-test writer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.domain.kk import make_kk
from app.domain.nik import make_nik
from app.domain.record import RequestInput
from app.store import Store

TODAY = date(2025, 3, 4)
KECAMATAN = "64.02.01"  # Muara Muntai
DESA = "64.02.01.2001"  # Perian
OTHER_DESA = "64.02.01.2002"  # Muara Leka
NIP = "198001012005012001"
PASSWORD = "rahasia-1"


FIRST_NAMES = ("Abdul", "Siti", "Budi", "Rina", "Agus", "Dewi", "Hendra", "Nur", "Yusuf", "Wati")
LAST_NAMES = ("Rahman", "Aminah", "Santoso", "Lestari", "Hidayat", "Saputra", "Kurnia", "Wijaya")


def resident_name(serial: int) -> str:
    """A distinct letters-only name per serial (names may not contain digits)."""
    first = FIRST_NAMES[serial % len(FIRST_NAMES)]
    last = LAST_NAMES[(serial // len(FIRST_NAMES)) % len(LAST_NAMES)]
    letters = ""
    n = serial // (len(FIRST_NAMES) * len(LAST_NAMES))
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return f"{first} {last}" + (f" Bin {letters.capitalize()}" if letters else "")


def request_input(serial: int = 1, **overrides) -> RequestInput:
    """A valid request for an adult resident; ``serial`` makes the NIK unique."""
    birth = overrides.pop("birth_date", date(1990, 1, 2))
    sex = overrides.pop("sex", "L")
    values = dict(
        desa_code=DESA,
        nik=make_nik(KECAMATAN, birth, sex, serial),
        kk=make_kk(KECAMATAN, date(2015, 1, 2), serial),
        name=resident_name(serial),
        birth_date=birth,
        sex=sex,
        service="ktp_recording",
    )
    values.update(overrides)
    return RequestInput(**values)


def new_officer(store: Store, nip: str = NIP, name: str = "Siti Aminah") -> dict:
    return store.create_officer(name, nip, "Tim Jempol 1", KECAMATAN, PASSWORD)


def new_visit(store: Store, officer_id: int, desa: str = DESA, day: date = TODAY) -> dict:
    return store.start_visit(
        officer_id,
        visit_date=day,
        kecamatan_code=KECAMATAN,
        desa_code=desa,
        site="balai_desa",
        area_type="inland",
        team_members=["Budi", "Rina"],
    )


def table_counts(path: Path) -> dict[str, int]:
    """Rows per data table, read through a fresh connection."""
    with Store.open(path) as store:
        names = ("requests", "request_history", "outbox", "audit", "stock_movements", "visits")
        return {n: store.db.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}
