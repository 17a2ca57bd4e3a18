from __future__ import annotations

import json

import pytest

from app.csvio import IMPORT_COLUMNS, import_csv
from app.domain.record import RequestInvalid, request_to_dict
from app.store import NotFound, RequestFilter, StockError, Store
from app.store.requests import record_to_input, snapshot_of
from tests.store.factories import TODAY, new_officer, new_visit, request_input, table_counts

# Volatile values: made fresh by every write (ids, uuids, clocks).
VOLATILE = {
    "id",
    "uuid",
    "entity_uuid",
    "visit_uuid",
    "request_uuid",
    "created_at",
    "updated_at",
    "at",
    "started_at",
}


def mixed_inputs():
    return [
        request_input(1),
        request_input(2, service="ktp_printing", status="done", has_ektp=True),
        request_input(3, status="pending", pending_reason="missing_document", notes="KK"),
        request_input(4, service="kk_change", phone="0812 3456 7890", address="Jl. Mawar 1"),
        request_input(5, service="ktp_replacement", status="done", has_ektp=True),
    ]


def stable(value):
    """``value`` with the volatile keys dropped (recursively), for comparing two stores."""
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


def written(store: Store) -> dict:
    """Everything the request writes left in ``store``, in write order, minus volatiles."""
    db = store.db
    requests = [dict(r) for r in db.query("SELECT * FROM requests ORDER BY id")]
    return {
        "requests": stable(requests),
        "history": stable([store.request_history(r["uuid"]) for r in requests]),
        "history_rows": stable(
            [dict(r) for r in db.query("SELECT * FROM request_history ORDER BY id")]
        ),
        "outbox": stable(
            [
                {**r, "payload": json.loads(r["payload"])}
                for r in db.query("SELECT * FROM outbox ORDER BY id")
            ]
        ),
        "audit": stable(
            [
                {k: r[k] for k in ("officer_id", "entity", "action", "detail")}
                for r in db.query("SELECT * FROM audit WHERE entity != 'officer' ORDER BY id")
            ]
        ),
        "movements": stable(
            [dict(r) for r in db.query("SELECT * FROM stock_movements ORDER BY rowid")]
        ),
    }


def fresh(path):
    store = Store.open(path)
    officer = new_officer(store)
    store.receive_stock(officer["id"], 5)
    return store, officer, new_visit(store, officer["id"])


def test_bulk_writes_what_single_saves_write(tmp_path):
    one, officer, visit = fresh(tmp_path / "one.sqlite3")
    bulk, bulk_officer, bulk_visit = fresh(tmp_path / "bulk.sqlite3")
    with one, bulk:
        singles = [
            one.save_request(officer["id"], visit["uuid"], data, today=TODAY)
            for data in mixed_inputs()
        ]
        records = bulk.save_requests_bulk(
            bulk_officer["id"], bulk_visit["uuid"], mixed_inputs(), today=TODAY
        )
        assert stable(records) == stable(singles)
        assert [r["has_ektp"] for r in records] == [False, True, False, False, True]
        assert written(bulk) == written(one)
        assert bulk.stock_balance(bulk_officer["id"]) == 3
        assert bulk.integrity_check() == "ok"
        # The name index covers the bulk rows.
        word = RequestFilter(name_prefix=records[1]["name"].split()[0])
        assert bulk.count_requests(word) == one.count_requests(word) >= 1


def test_bulk_rows_are_ordinary_requests_afterwards(store, officer, visit):
    [record] = store.save_requests_bulk(officer["id"], visit["uuid"], [request_input(7)])
    edited = request_input(7, notes="Berkas lengkap")
    again = store.save_request(officer["id"], None, edited, uuid=record["uuid"], today=TODAY)
    assert again["revision"] == 2
    history = store.request_history(record["uuid"])
    assert [h["action"] for h in history] == ["created", "updated"]
    assert history[1]["changes"] == {"notes": ["", "Berkas lengkap"]}
    assert store.find_by_nik(record["nik"])[0]["uuid"] == record["uuid"]


def test_an_invalid_input_writes_nothing(store, officer, visit, db_path):
    before = table_counts(db_path)
    bad = request_input(3, nik="123")
    with pytest.raises(RequestInvalid) as caught:
        store.save_requests_bulk(officer["id"], visit["uuid"], [request_input(1), bad])
    assert caught.value.field == "nik"
    assert "bulk input 1" in caught.value.__notes__
    assert table_counts(db_path) == before


def test_too_few_blank_cards_writes_nothing(store, officer, visit, db_path):
    store.receive_stock(officer["id"], 1)
    before = table_counts(db_path)
    prints = [request_input(i, service="ktp_printing", status="done") for i in (1, 2)]
    with pytest.raises(StockError):
        store.save_requests_bulk(officer["id"], visit["uuid"], prints, today=TODAY)
    assert table_counts(db_path) == before
    assert store.stock_balance(officer["id"]) == 1


def test_unknown_visit_and_empty_input(store, officer):
    with pytest.raises(NotFound):
        store.save_requests_bulk(officer["id"], "no-such-visit", [request_input(1)])
    assert store.save_requests_bulk(officer["id"], "no-such-visit", []) == []


def test_snapshot_matches_the_round_trip_through_request_input(store, officer, visit):
    store.receive_stock(officer["id"], 2)
    records = store.save_requests_bulk(officer["id"], visit["uuid"], mixed_inputs(), today=TODAY)
    for record in records:
        expected = request_to_dict(record_to_input(record))
        snapshot = snapshot_of(record, officer["nip"])
        assert {k: snapshot[k] for k in expected} == expected
        assert snapshot == store.request_snapshot(record)


def write_import_file(path, inputs):
    lines = [",".join(IMPORT_COLUMNS)]
    for data in inputs:
        values = {**request_to_dict(data), "visit_date": TODAY.isoformat()}
        lines.append(",".join(str(values[c] or "") for c in IMPORT_COLUMNS))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_import_saves_a_visit_run_in_bulk_and_names_a_refused_row(store, officer, tmp_path):
    store.receive_stock(officer["id"], 1)
    rows = [
        request_input(1, service="ktp_printing", status="done"),
        request_input(2, service="ktp_printing", status="done"),  # no card left for it
        request_input(3),
    ]
    source = write_import_file(tmp_path / "in.csv", rows)
    report = import_csv(store, officer["id"], source, today=TODAY)
    assert [r.line for r in report.refused] == [3]
    assert report.refused[0].problems[0].field == "status"
    assert report.imported == 2
    assert sorted(r["nik"] for r in store.iter_requests()) == sorted([rows[0].nik, rows[2].nik])
    assert len(store.visits()) == 1
    assert store.stock_balance(officer["id"]) == 0

    # Without a refusal the whole run goes through save_requests_bulk.
    calls = []
    original = store.save_requests_bulk
    store.save_requests_bulk = lambda *a, **k: calls.append(len(a[2])) or original(*a, **k)
    more = write_import_file(tmp_path / "more.csv", [request_input(n) for n in (4, 5, 6)])
    report = import_csv(store, officer["id"], more, today=TODAY)
    assert (report.imported, report.refused, calls) == (3, [], [3])
