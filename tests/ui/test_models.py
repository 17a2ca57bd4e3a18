"""The item models without any widget (like Vorta's test_archive_table_model.py)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from app.paths import database_path
from app.store import RequestFilter, Store
from app.ui.models import PAGE_SIZE, RequestTableModel, SummaryTableModel
from tests.ui.conftest import DESA, KECAMATAN, NIP, request_input

ROWS = 5000
OTHER_DESA = "64.02.05.2002"


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    """5,000 requests saved through the real save path, in one transaction."""
    data_dir = tmp_path_factory.mktemp("big")
    store = Store.open(database_path(data_dir))
    officer = store.create_officer("Budi Santoso", NIP, "Tim 2", KECAMATAN, "rahasia-123")
    visit = store.start_visit(
        officer["id"],
        visit_date=date.today(),
        kecamatan_code=KECAMATAN,
        desa_code=DESA,
        site="sekolah",
        area_type="coastal",
    )
    with store.transaction():
        for i in range(ROWS):
            desa = OTHER_DESA if i % 10 == 0 else DESA
            store.save_request(officer["id"], visit["uuid"], request_input(i, desa_code=desa))
    yield store
    store.close()


def test_fetch_more_loads_page_by_page(qapp, big_store):
    model = RequestTableModel(big_store, RequestFilter(), page_size=PAGE_SIZE)
    assert model.total == ROWS
    assert model.rowCount() == PAGE_SIZE  # only the first page is in memory
    assert model.canFetchMore(QModelIndex())
    inserted = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    assert inserted == [(PAGE_SIZE, 2 * PAGE_SIZE - 1)]
    pages = 2
    while model.canFetchMore(QModelIndex()):
        before = model.rowCount()
        model.fetchMore(QModelIndex())
        assert model.rowCount() == min(before + PAGE_SIZE, ROWS)
        pages += 1
    assert pages == ROWS // PAGE_SIZE
    assert model.rowCount() == ROWS
    uuids = {model.uuid_at(r) for r in range(ROWS)}
    assert len(uuids) == ROWS  # pages neither overlap nor skip


def test_a_view_fetches_only_what_it_shows(qtbot, big_store):
    model = RequestTableModel(big_store, RequestFilter())
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    assert PAGE_SIZE <= model.rowCount() <= 2 * PAGE_SIZE
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() >= 2 * PAGE_SIZE)
    assert model.rowCount() < ROWS


def test_filters_count_and_page_on_the_store(qapp, big_store):
    model = RequestTableModel(big_store, RequestFilter(desa_code=OTHER_DESA))
    assert model.total == ROWS // 10
    assert model.rowCount() == PAGE_SIZE
    assert all(model.row_dict(r)["desa_code"] == OTHER_DESA for r in range(model.rowCount()))
    model.update_filter(desa_code=None, name_prefix="warga nomor ba")
    assert 0 < model.total < ROWS
    assert all(
        model.row_dict(r)["name"].startswith("Warga Nomor BA") for r in range(model.rowCount())
    )
    nik = model.row_dict(0)["nik"]
    model.set_filter(RequestFilter(nik=nik))
    assert model.total >= 1 and model.row_dict(0)["nik"] == nik
    assert not model.canFetchMore(QModelIndex()) or model.total > PAGE_SIZE


def test_display_roles(qapp, big_store):
    model = RequestTableModel(big_store, RequestFilter(), lang="id")
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert len(headers) == len(RequestTableModel.COLUMNS)
    row = model.row_dict(0)
    columns = RequestTableModel.COLUMNS
    assert model.data(model.index(0, columns.index("name"))) == row["name"]
    assert model.data(model.index(0, columns.index("service"))) == "Perekaman KTP-el"
    assert model.data(model.index(0, columns.index("status"))) == "Diterima"
    assert model.data(model.index(0, columns.index("desa_code"))) in ("Saliki", "Salok Palai")
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
    english = RequestTableModel(big_store, RequestFilter(), lang="en")
    assert english.data(english.index(0, columns.index("service"))) == "e-KTP recording"


def test_summary_model_pivots_service_by_status(qapp, big_store):
    model = SummaryTableModel(big_store, lang="id")
    model.load(date.today())
    assert model.count() == ROWS
    assert model.count("ktp_recording", "received") == ROWS
    assert model.rowCount() == 2  # one service + the total row
    last = model.columnCount() - 1
    assert model.data(model.index(0, last)) == str(ROWS)
    assert model.data(model.index(1, 0)) == "Total"
    model.load(date(2001, 1, 1))
    assert model.rowCount() == 0 and model.count() == 0


def test_highlight_for_returned_and_rejected(qapp, tmp_path):
    store = Store.open(database_path(tmp_path))
    try:
        officer = store.create_officer("Ani", NIP, "Tim 3", KECAMATAN, "rahasia-123")
        visit = store.start_visit(
            officer["id"],
            visit_date=date.today(),
            kecamatan_code=KECAMATAN,
            desa_code=DESA,
            site="rumah",
            area_type="inland",
        )
        returned = store.save_request(officer["id"], visit["uuid"], request_input(1))
        plain = store.save_request(officer["id"], visit["uuid"], request_input(2))
        store.apply_changes(
            [
                {
                    "kind": "review",
                    "entity_uuid": returned["uuid"],
                    "data": {"decision": "return", "comment": "NIK ibu tidak terbaca"},
                }
            ],
            1,
        )
        model = RequestTableModel(store, RequestFilter())
        r_row, p_row = model.row_of(returned["uuid"]), model.row_of(plain["uuid"])
        assert model.data(model.index(r_row, 1), Qt.ItemDataRole.BackgroundRole) is not None
        tip = model.data(model.index(r_row, 1), Qt.ItemDataRole.ToolTipRole)
        assert "NIK ibu tidak terbaca" in tip
        assert model.data(model.index(p_row, 1), Qt.ItemDataRole.BackgroundRole) is None
        model.set_filter(RequestFilter(only_returned=True))
        assert model.total == 1 and model.uuid_at(0) == returned["uuid"]
    finally:
        store.close()
