from __future__ import annotations

import pytest

from app.store import StockError, StoreError
from tests.store.factories import TODAY, request_input, table_counts


def printing(serial, status="done", service="ktp_printing", **kw):
    return request_input(serial, service=service, status=status, **kw)


def test_receipt_and_printing_move_the_balance_with_outbox_entries(store, officer, visit):
    oid = officer["id"]
    receipt = store.receive_stock(oid, 3, "Dari kantor dinas")
    assert receipt["visit_uuid"] == visit["uuid"]  # the open visit
    record = store.save_request(oid, visit["uuid"], printing(1), today=TODAY)

    assert store.stock_balance(oid) == 2
    moves = store.stock_movements(oid)
    assert sorted((m["kind"], m["quantity"]) for m in moves) == [("print", -1), ("receipt", 3)]
    [printed] = [m for m in moves if m["kind"] == "print"]
    assert printed["request_uuid"] == record["uuid"]
    stock_entries = [e for e in store.outbox_entries(0, 100) if e["entity"] == "stock"]
    assert {e["entity_uuid"] for e in stock_entries} == {m["uuid"] for m in moves}
    assert all(e["payload"]["officer_nip"] == officer["nip"] for e in stock_entries)


def test_printing_without_stock_raises_and_writes_nothing(store, officer, visit, db_path):
    before = table_counts(db_path)
    with pytest.raises(StockError) as err:
        store.save_request(officer["id"], visit["uuid"], printing(2), today=TODAY)
    assert str(err.value) == (
        "Stok blanko KTP-el habis: catat penerimaan blanko dulu atau simpan sebagai tertunda"
    )
    assert table_counts(db_path) == before
    assert store.stock_balance(officer["id"]) == 0
    # Saved as pending (out of blanks) it goes through and uses no card.
    pending = printing(2, status="pending", pending_reason="blank_out_of_stock")
    store.save_request(officer["id"], visit["uuid"], pending, today=TODAY)
    assert store.stock_balance(officer["id"]) == 0


def test_only_the_transition_into_done_consumes_and_only_once(store, officer, visit):
    oid = officer["id"]
    store.receive_stock(oid, 5)
    record = store.save_request(oid, visit["uuid"], printing(3, status="received"), today=TODAY)
    assert store.stock_balance(oid) == 5
    store.save_request(oid, None, printing(3), uuid=record["uuid"], today=TODAY)
    assert store.stock_balance(oid) == 4
    store.save_request(oid, None, printing(3, notes="Diambil sendiri"), uuid=record["uuid"])
    assert store.stock_balance(oid) == 4  # still done: no new card
    store.save_request(oid, None, printing(3, status="received"), uuid=record["uuid"])
    store.save_request(oid, None, printing(3), uuid=record["uuid"], today=TODAY)
    assert store.stock_balance(oid) == 4  # one card per request at most
    store.save_request(oid, visit["uuid"], request_input(4, status="done"), today=TODAY)
    assert store.stock_balance(oid) == 4  # recording uses no blank card
    store.save_request(oid, visit["uuid"], printing(5, service="ktp_replacement"), today=TODAY)
    assert store.stock_balance(oid) == 3


def test_spoiled_and_adjustments_never_go_negative(store, officer):
    oid = officer["id"]
    store.receive_stock(oid, 2)
    with pytest.raises(StockError) as err:
        store.record_spoiled(oid, 3, "Tercetak miring")
    assert err.value.message("en").startswith("Only 2 blank e-KTP cards left")
    assert store.stock_balance(oid) == 2
    store.record_spoiled(oid, 2, "Tercetak miring")
    assert store.stock_balance(oid) == 0
    with pytest.raises(StockError):
        store.adjust_stock(oid, -1, "Hitung ulang")
    with pytest.raises(StoreError) as err:
        store.adjust_stock(oid, 4, "")
    assert err.value.field == "note"
    store.adjust_stock(oid, 4, "Hitung ulang fisik")
    assert store.stock_balance(oid) == 4
    for bad in (0, -3, 1.5, True):
        with pytest.raises(StoreError) as err:
            store.receive_stock(oid, bad)
        assert err.value.code == "quantity_invalid"


def test_balance_is_per_officer(store, officer):
    from tests.store.factories import new_officer

    other = new_officer(store, nip="199002022010011002", name="Budi")
    store.receive_stock(officer["id"], 10)
    assert store.stock_balance(other["id"]) == 0
    with pytest.raises(StockError):
        store.record_spoiled(other["id"], 1)


def test_low_stock_threshold_setting(store, officer):
    oid = officer["id"]
    assert store.low_stock_threshold() == 20
    store.receive_stock(oid, 21)
    assert not store.stock_is_low(oid)
    store.record_spoiled(oid, 1)
    assert store.stock_is_low(oid)
    store.set_setting("low_stock_threshold", 5)
    assert not store.stock_is_low(oid)
