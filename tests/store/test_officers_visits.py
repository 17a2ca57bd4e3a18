from __future__ import annotations

from datetime import date

import pytest

from app.store import NotFound, StoreError
from tests.store.factories import DESA, KECAMATAN, NIP, PASSWORD, TODAY, new_officer


def test_officer_password_is_scrypt_hashed_and_verified(store, officer):
    assert officer["nip"] == NIP
    assert "password_hash" not in officer and "password_salt" not in officer
    stored = store.db.execute("SELECT password_hash FROM officers").fetchone()[0]
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert store.verify_password(officer["id"], PASSWORD)
    assert not store.verify_password(officer["id"], PASSWORD + "x")
    assert not store.verify_password(999, PASSWORD)
    assert store.officers() == [officer]
    assert store.get_officer_by_nip("19800101 200501 2 001") == officer


def test_officer_input_errors_name_the_field(store, officer):
    with pytest.raises(StoreError) as err:
        new_officer(store, name="Lain")
    assert (err.value.field, err.value.code) == ("nip", "nip_taken")
    with pytest.raises(StoreError) as err:
        store.create_officer("Budi", "199001", "Tim", KECAMATAN, "12345")
    assert str(err.value) == "Kata sandi minimal 6 karakter"
    with pytest.raises(StoreError) as err:
        store.create_officer(" ", "199001", "Tim", KECAMATAN, "123456")
    assert str(err.value) == "Kolom nama wajib diisi"
    assert err.value.message("en") == "The name field is required"


def test_settings_round_trip_json_values(store):
    assert store.get_setting("missing", "x") == "x"
    store.set_setting("low_stock_threshold", 7)
    store.set_setting("language", "en")
    store.set_setting("language", "id")
    assert store.get_setting("low_stock_threshold") == 7
    assert store.get_setting("language") == "id"


def test_visit_start_and_end_are_revisions_in_the_outbox(store, officer):
    oid = officer["id"]
    assert store.open_visit(oid) is None
    visit = store.start_visit(
        oid,
        visit_date=TODAY,
        kecamatan_code=KECAMATAN,
        desa_code=DESA,
        site="rumah",
        site_note="Lansia, jemput di rumah",
        area_type="inland",
        latitude=-0.44,
        longitude=116.98,
        team_members=["Budi", " ", "Rina "],
    )
    assert visit["team_members"] == ["Budi", "Rina"]
    assert store.open_visit(oid) == visit
    ended = store.end_visit(visit["uuid"], oid)
    assert ended["revision"] == 2 and ended["ended_at"] is not None
    assert store.end_visit(visit["uuid"], oid) == ended  # already ended: unchanged
    assert store.open_visit(oid) is None
    entries = [e for e in store.outbox_entries(0, 100) if e["entity"] == "visit"]
    assert [(e["revision"], e["op"]) for e in entries] == [(1, "create"), (2, "update")]
    assert entries[1]["payload"]["ended_at"] == ended["ended_at"]
    assert entries[0]["payload"]["officer_nip"] == officer["nip"]
    assert store.visits(oid) == [ended]
    with pytest.raises(NotFound):
        store.end_visit("nope", oid)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"site": "pasar"}, "site", "Isi kolom lokasi layanan tidak dikenal"),
        ({"area_type": "hutan"}, "area_type", "Isi kolom jenis wilayah tidak dikenal"),
        ({"desa_code": "64.02.02.2001"}, "desa_code", "Desa 64.02.02.2001 tidak berada"),
        ({"latitude": 95.0}, "latitude", "Koordinat lintang tidak valid"),
        ({"visit_date": "besok"}, "visit_date", "Kolom tanggal kunjungan wajib diisi"),
    ],
)
def test_visit_input_errors(store, officer, changes, field, message):
    values = dict(
        visit_date=TODAY,
        kecamatan_code=KECAMATAN,
        desa_code=DESA,
        site="sekolah",
        area_type="inland",
    )
    values.update(changes)
    with pytest.raises(StoreError) as err:
        store.start_visit(officer["id"], **values)
    assert err.value.field == field
    assert str(err.value).startswith(message)
    assert store.visits() == []


def test_find_or_start_visit_makes_one_visit_per_day_and_desa(store, officer):
    oid = officer["id"]
    first = store.find_or_start_visit(oid, TODAY, "64.02.01.2003")
    assert first["kecamatan_code"] == "64.02.01"
    assert first["area_type"] in ("inland", "coastal")
    assert first["ended_at"] is not None  # imported history is not an open visit
    assert store.find_or_start_visit(oid, "2025-03-04", "64.02.01.2003") == first
    assert store.find_or_start_visit(oid, date(2025, 3, 5), "64.02.01.2003") != first
    assert store.open_visit(oid) is None
    assert len(store.visits(oid)) == 2


def test_pending_changes_counts_past_the_acknowledged_cursor(store, officer, monkeypatch):
    assert store.pending_changes() == 0
    store.receive_stock(officer["id"], 5)
    store.receive_stock(officer["id"], 5)
    assert store.outbox_acked_through() == 0
    assert store.pending_changes() == 2
    first = store.outbox_entries(0, 1)[0]["id"]
    # The sync state decides what is acknowledged; pending_changes follows it.
    monkeypatch.setattr(store, "outbox_acked_through", lambda: first)
    assert store.pending_changes() == 1
    assert [e["id"] for e in store.outbox_entries(first, 10)] == [store.last_outbox_id()]
