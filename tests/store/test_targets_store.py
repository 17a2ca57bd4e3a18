"""The laptop's target list: applying pulled pages, served/left, filters, paging, plans."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.nik import make_nik
from tests.store.factories import DESA, KECAMATAN, OTHER_DESA, TODAY, request_input

BIRTH = date(1990, 1, 2)  # request_input(serial) has the NIK of target(serial)


def target(serial: int, seq: int, name: str, desa: str = DESA, **extra) -> dict:
    item = {
        "seq": seq,
        "nik": make_nik(KECAMATAN, BIRTH, "L", serial),
        "service": "ktp_recording",
        "desa_code": desa,
        "kecamatan_code": KECAMATAN,
        "name": name,
        "birth_date": BIRTH.isoformat(),
        "sex": "L",
        "address": "Jl. Melati",
        "note": "",
        "removed": False,
        "updated_at": "2025-03-01T00:00:00+00:00",
    }
    item.update(extra)
    return item


def test_apply_pages_cursor_and_removal(store):
    assert store.begin_targets_pull("https://srv a") == 0
    result = store.apply_targets(
        [target(1, 1, "Abdul Rahman"), target(2, 2, "Siti Aminah", OTHER_DESA)], 2
    )
    assert result == {"stored": 2, "removed": 0}
    assert store.targets_cursor() == 2
    # a newer version wins; an older one arriving late does not overwrite it
    store.apply_targets([target(1, 5, "Abdul Rahman Hakim")], 5)
    store.apply_targets([target(1, 3, "Abdul R")], 3)
    assert store.target_by_nik(target(1, 0, "")["nik"])["name"] == "Abdul Rahman Hakim"
    assert store.targets_cursor() == 5  # never goes back
    assert store.apply_targets([target(2, 6, "Siti Aminah", removed=True)], 6)["removed"] == 1
    assert [c["desa_code"] for c in store.target_counts(KECAMATAN)] == [DESA]
    # same source: resumes; another registration: the old list is dropped
    assert store.begin_targets_pull("https://srv a") == 6
    assert store.begin_targets_pull("https://srv b") == 0
    assert store.target_counts() == []


def test_apply_is_atomic(store):
    store.begin_targets_pull("s")
    bad = target(2, 2, "Siti Aminah")
    bad["seq"] = "x"  # a broken item fails the whole page
    with pytest.raises(ValueError):
        store.apply_targets([target(1, 1, "Abdul Rahman"), bad], 2)
    assert store.target_counts() == [] and store.targets_cursor() == 0


def test_served_left_and_filters(store, officer, visit):
    store.begin_targets_pull("s")
    names = ["Abdul Rahman", "Siti Aminah", "Budi Santoso", "Rina Lestari", "Siti Rahmawati"]
    store.apply_targets([target(i + 1, i + 1, n) for i, n in enumerate(names)], 5)
    assert store.target_counts(KECAMATAN) == [
        {"desa_code": DESA, "total": 5, "served": 0, "left": 5}
    ]
    record = store.save_request(officer["id"], visit["uuid"], request_input(2), today=TODAY)
    # another service for the same NIK does not serve the e-KTP recording target
    store.save_request(
        officer["id"], visit["uuid"], request_input(3, service="kk_change"), today=TODAY
    )
    assert store.target_totals(KECAMATAN) == {"total": 5, "served": 1, "left": 4}
    left = [t["name"] for t in store.targets_for_desa(DESA)]
    assert left == ["Abdul Rahman", "Budi Santoso", "Rina Lestari", "Siti Rahmawati"]
    every = store.targets_for_desa(DESA, only_left=False)
    assert [t["served"] for t in every if t["name"] == "Siti Aminah"] == [True]
    # cancelling the request makes the resident "left" again
    store.cancel_request(officer["id"], record["uuid"], "salah orang")
    assert store.target_totals() == {"total": 5, "served": 0, "left": 5}

    assert [t["name"] for t in store.targets_for_desa(DESA, name_prefix="sit")] == [
        "Siti Aminah",
        "Siti Rahmawati",
    ]
    assert [t["name"] for t in store.targets_for_desa(DESA, name_prefix="rah SIT")] == [
        "Siti Rahmawati"
    ]
    assert store.targets_for_desa(DESA, name_prefix="100%") == []
    nik4 = target(4, 0, "")["nik"]
    assert [t["nik"] for t in store.targets_for_desa(DESA, name_prefix=nik4)] == [nik4]
    assert store.count_targets_for_desa(DESA, name_prefix=nik4[:12]) == 5
    assert store.count_targets_for_desa(DESA, name_prefix="siti") == 2
    page = store.targets_for_desa(DESA, only_left=False, limit=2, offset=2)
    assert [t["name"] for t in page] == ["Rina Lestari", "Siti Aminah"]
    assert store.targets_for_desa(OTHER_DESA) == []


def test_queries_use_indexes(store):
    def plan(sql: str, params: list) -> str:
        rows = store.db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        return " | ".join(r[-1] for r in rows)

    served = plan(
        "SELECT 1 FROM targets AS t WHERE t.desa_code = ? AND NOT EXISTS (SELECT 1 FROM"
        " requests AS r WHERE r.nik = t.nik AND r.service = t.service"
        " AND r.status != 'cancelled') ORDER BY t.name COLLATE NOCASE, t.nik",
        [DESA],
    )
    assert "targets_desa" in served and "requests_nik" in served
    assert "TEMP B-TREE" not in served  # ordered by the index, no sort
    counts = plan(
        "SELECT t.desa_code, count(*) FROM targets AS t WHERE t.kecamatan_code = ?"
        " GROUP BY t.desa_code",
        [KECAMATAN],
    )
    assert "targets_kecamatan" in counts
