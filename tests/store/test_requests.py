from __future__ import annotations

import uuid as uuidlib

import pytest

from app.domain.record import RequestInvalid
from app.store import NotFound, StoreError
from app.store.requests import record_to_input
from tests.store.factories import TODAY, new_visit, request_input, resident_name, table_counts


def outbox_for(store, uuid):
    return [e for e in store.outbox_entries(0, 1000) if e["entity_uuid"] == uuid]


def test_create_writes_row_history_outbox_and_audit_together(store, officer, visit):
    record = store.save_request(officer["id"], visit["uuid"], request_input(1), today=TODAY)

    assert record["revision"] == 1
    assert record["status"] == "received"
    assert record["sync_state"] == "pending"
    assert record["visit_date"] == visit["visit_date"]  # taken from the visit
    history = store.request_history(record["uuid"])
    assert [(h["revision"], h["action"]) for h in history] == [(1, "created")]
    assert history[0]["changes"]["name"] == [None, resident_name(1)]
    [entry] = outbox_for(store, record["uuid"])
    assert (entry["entity"], entry["revision"], entry["op"]) == ("request", 1, "create")
    assert entry["payload"] == history[0]["snapshot"]
    assert entry["payload"]["officer_nip"] == officer["nip"]
    assert entry["payload"]["visit_uuid"] == visit["uuid"]
    [audit] = store.audit_entries("request", record["uuid"])
    assert record["nik"] not in audit["detail"] and record["name"] not in audit["detail"]


def test_edit_is_a_new_revision_with_field_changes(store, officer, visit):
    first = store.save_request(officer["id"], visit["uuid"], request_input(2), today=TODAY)
    edited = request_input(2, phone="0812-3456-7890", notes="Berkas lengkap")
    second = store.save_request(officer["id"], None, edited, uuid=first["uuid"], today=TODAY)

    assert second["revision"] == 2
    assert second["created_at"] == first["created_at"]
    assert second["updated_at"] > first["updated_at"]
    history = store.request_history(first["uuid"])
    assert [h["action"] for h in history] == ["created", "updated"]
    assert history[1]["changes"] == {
        "phone": ["", "0812-3456-7890"],
        "notes": ["", "Berkas lengkap"],
    }
    entries = outbox_for(store, first["uuid"])
    assert [(e["revision"], e["op"]) for e in entries] == [(1, "create"), (2, "update")]
    assert entries[1]["payload"]["phone"] == "0812-3456-7890"
    assert entries[1]["payload"] == history[1]["snapshot"]


def test_saving_unchanged_data_writes_nothing(store, officer, visit, db_path):
    record = store.save_request(officer["id"], visit["uuid"], request_input(3), today=TODAY)
    before = table_counts(db_path)
    again = store.save_request(
        officer["id"], visit["uuid"], request_input(3), uuid=record["uuid"], today=TODAY
    )
    assert again["revision"] == 1
    assert table_counts(db_path) == before


def test_cancel_keeps_the_request_and_its_history(store, officer, visit):
    record = store.save_request(officer["id"], visit["uuid"], request_input(4), today=TODAY)
    with pytest.raises(StoreError) as err:
        store.cancel_request(officer["id"], record["uuid"], "  ")
    assert "Alasan pembatalan wajib diisi" in str(err.value)

    cancelled = store.cancel_request(officer["id"], record["uuid"], "Pemohon salah data")

    assert cancelled["status"] == "cancelled"
    assert cancelled["cancel_reason"] == "Pemohon salah data"
    assert cancelled["revision"] == 2
    history = store.request_history(record["uuid"])
    assert [h["action"] for h in history] == ["created", "cancelled"]
    assert history[1]["changes"]["status"] == ["received", "cancelled"]
    entries = outbox_for(store, record["uuid"])
    assert [(e["revision"], e["op"]) for e in entries] == [(1, "create"), (2, "cancel")]
    assert entries[1]["payload"]["cancel_reason"] == "Pemohon salah data"
    with pytest.raises(StoreError) as err:
        store.save_request(officer["id"], None, request_input(4, notes="x"), uuid=record["uuid"])
    assert err.value.code == "request_cancelled"
    with pytest.raises(StoreError):
        store.cancel_request(officer["id"], record["uuid"], "lagi")
    assert store.get_request(record["uuid"])["revision"] == 2


def test_validation_failure_writes_nothing(store, officer, visit, db_path):
    before = table_counts(db_path)
    with pytest.raises(RequestInvalid) as err:
        store.save_request(officer["id"], visit["uuid"], request_input(5, nik="12345"))
    assert not err.value.validation.ok
    assert "NIK" in str(err.value)
    assert table_counts(db_path) == before


def test_unknown_visit_or_request(store, officer):
    with pytest.raises(NotFound) as err:
        store.save_request(officer["id"], "no-such-visit", request_input(6), today=TODAY)
    assert str(err.value) == "Data kunjungan tidak ditemukan"
    assert err.value.message("en") == "Visit not found"
    with pytest.raises(StoreError) as err:
        store.save_request(officer["id"], None, request_input(6), today=TODAY)
    assert err.value.field == "visit_uuid"
    with pytest.raises(NotFound):
        store.cancel_request(officer["id"], str(uuidlib.uuid4()), "alasan")


def test_client_made_uuid_is_kept(store, officer, visit):
    chosen = str(uuidlib.uuid4())
    record = store.save_request(
        officer["id"], visit["uuid"], request_input(7), uuid=chosen, today=TODAY
    )
    assert record["uuid"] == chosen
    assert store.get_request(chosen)["revision"] == 1


def test_find_by_nik_normalises_and_matches_exactly(store, officer, visit):
    a = store.save_request(officer["id"], visit["uuid"], request_input(8), today=TODAY)
    store.save_request(officer["id"], visit["uuid"], request_input(9), today=TODAY)
    nik = a["nik"]
    spaced = f"{nik[:6]} {nik[6:12]}.{nik[12:]}"
    assert [r["uuid"] for r in store.find_by_nik(spaced)] == [a["uuid"]]
    assert store.find_by_nik(nik[:15]) == []


def test_record_round_trips_to_the_form_input(store, officer, visit):
    data = request_input(10, has_ektp=True, rt="3", rw="12", marital_status="kawin")
    record = store.save_request(officer["id"], visit["uuid"], data, today=TODAY)
    back = record_to_input(record)
    assert back.has_ektp is True
    assert back.marital_status == "kawin"
    assert back.birth_date == data.birth_date
    assert back.visit_date == TODAY


def test_transaction_groups_rows_and_rolls_back_whole(store, officer, db_path):
    before = table_counts(db_path)
    with pytest.raises(RuntimeError), store.transaction():
        visit = store.find_or_start_visit(officer["id"], TODAY, "64.02.01.2003")
        store.save_request(officer["id"], visit["uuid"], request_input(11), today=TODAY)
        raise RuntimeError("row failed half-way")
    assert table_counts(db_path) == before

    with store.transaction():
        visit = store.find_or_start_visit(officer["id"], TODAY, "64.02.01.2003")
        store.save_request(officer["id"], visit["uuid"], request_input(11), today=TODAY)
    after = table_counts(db_path)
    assert after["requests"] == before["requests"] + 1
    assert after["visits"] == before["visits"] + 1


def test_a_failed_save_inside_an_import_transaction_leaves_earlier_rows(store, officer):
    visit = new_visit(store, officer["id"])
    with store.transaction():
        store.save_request(officer["id"], visit["uuid"], request_input(12), today=TODAY)
        with pytest.raises(RequestInvalid):
            store.save_request(officer["id"], visit["uuid"], request_input(13, name=""))
    assert store.count_requests() == 1


def test_new_records_get_time_ordered_uuids(store, officer, visit):
    """Visits and requests get version 7 UUIDs, later ones sorting after earlier ones,
    so the UUID-keyed indexes grow at one end; the outbox and history carry them."""
    saved = [
        store.save_request(officer["id"], visit["uuid"], request_input(n), today=TODAY)
        for n in range(1, 6)
    ]
    uuids = [r["uuid"] for r in saved]
    assert [uuidlib.UUID(u).version for u in [visit["uuid"], *uuids]] == [7] * 6
    assert uuids == sorted(uuids)
    assert [
        e["entity_uuid"] for e in store.outbox_entries(0, 1000) if e["entity"] == "request"
    ] == uuids
