"""Fixtures for the UI tests: a real store file, an officer, a visit, a real MainWindow."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from app.domain.kk import make_kk
from app.domain.nik import make_nik
from app.domain.record import RequestInput
from app.paths import database_path
from app.store import Store

KECAMATAN = "64.02.05"
DESA = "64.02.05.2001"  # Saliki
NIP = "199001012015031001"
PASSWORD = "rahasia-123"


def nik_for(birth: date, sex: str = "L", serial: int = 1, region: str = KECAMATAN) -> str:
    return make_nik(region, birth, sex, serial)


def kk_for(serial: int = 1) -> str:
    return make_kk(KECAMATAN, date(2015, 3, 2), serial)


def request_input(i: int = 1, **changes) -> RequestInput:
    birth = date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
    sex = "L" if i % 2 else "P"
    values = dict(
        desa_code=DESA,
        nik=nik_for(birth, sex, 1 + i % 9000),
        kk=kk_for(1 + i % 9000),
        name=f"Warga Nomor {chr(65 + i % 26)}{chr(65 + (i // 26) % 26)}",
        birth_date=birth,
        sex=sex,
        service="ktp_recording",
    )
    values.update(changes)
    return RequestInput(**values)


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def store(data_dir):
    s = Store.open(database_path(data_dir))
    yield s
    s.close()


@pytest.fixture
def officer(store):
    officer = store.create_officer("Siti Rahmawati", NIP, "Tim 1", KECAMATAN, PASSWORD)
    store.set_setting("officer_id", officer["id"])
    return officer


@pytest.fixture
def visit(store, officer):
    return store.start_visit(
        officer["id"],
        visit_date=date.today(),
        kecamatan_code=KECAMATAN,
        desa_code=DESA,
        site="balai_desa",
        area_type="coastal",
    )


@pytest.fixture
def make_window(qtbot):
    from app.ui.main_window import MainWindow

    def make(store, sign_in: bool = False):
        window = MainWindow(store, lang="id", sign_in=sign_in)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # shortcuts and focus need an active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not None)
        return window

    return make
