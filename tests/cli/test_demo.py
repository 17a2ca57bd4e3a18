"""Demo data: valid under the form's rules, and the same for the same seed and day."""

from __future__ import annotations

from datetime import date

from app.demo import DEMO_PASSWORD, ensure_demo_data, generate_requests
from app.domain.record import validate_request
from app.domain.services import ADULT_AGE, age_on
from app.store import RequestFilter
from app.store.requests import record_to_input

DAY = date(2025, 6, 18)
COMPARED = (
    "visit_date",
    "desa_code",
    "nik",
    "kk",
    "name",
    "birth_date",
    "sex",
    "service",
    "status",
    "pending_reason",
    "cancel_reason",
    "mismatch_reason",
    "revision",
)


def test_demo_data_is_valid_and_complete(tmp_path, open_store):
    created = ensure_demo_data(tmp_path, today=DAY)
    assert created is not None and created.password == DEMO_PASSWORD
    assert created.officer_name == "Petugas Demo" and len(created.officer_nip) == 18
    store = open_store(tmp_path)
    officer = store.officers()[0]
    assert officer["kecamatan_code"] == "64.02.06"
    assert store.verify_password(officer["id"], DEMO_PASSWORD)

    requests = store.page_requests(RequestFilter(), 0, 1000)
    assert len(requests) == 150
    for record in requests:
        data = record_to_input(record)
        assert validate_request(data, today=DAY).ok, record["uuid"]
        age = age_on(data.birth_date, data.visit_date)
        if data.service == "kia":
            assert age < ADULT_AGE
        if data.service == "ktp_recording":
            assert age >= ADULT_AGE
    statuses = {r["status"] for r in requests}
    assert statuses == {"received", "done", "pending", "cancelled"}
    assert {r["pending_reason"] for r in requests if r["status"] == "pending"} >= {
        "missing_document"
    }
    assert sum(1 for r in requests if r["nik"].startswith("6402")) > 100  # mostly Kukar
    assert any(r["mismatch_reason"] for r in requests)
    # real work leaves outbox entries: every request and visit revision is there
    visits = store.visits(officer["id"])
    assert len(visits) == 5 and sum(v["ended_at"] is None for v in visits) == 1
    revisions = sum(r["revision"] for r in requests) + sum(v["revision"] for v in visits)
    entries = store.outbox_entries(limit=10_000)
    assert sum(1 for e in entries if e["entity"] != "stock") == revisions
    assert any(e["entity"] == "stock" for e in entries)
    assert store.stock_balance(officer["id"]) > 0

    # a data dir that has an officer is never touched again
    assert ensure_demo_data(tmp_path, today=DAY) is None
    assert store.count_requests(RequestFilter()) == 150


def test_demo_data_is_deterministic(tmp_path, open_store):
    for name in ("a", "b"):
        ensure_demo_data(tmp_path / name, today=DAY)

    def contents(name):
        store = open_store(tmp_path / name)
        rows = store.page_requests(RequestFilter(), 0, 1000)
        return sorted(tuple(r[c] for c in COMPARED) for r in rows)

    assert contents("a") == contents("b")
    other = tmp_path / "c"
    ensure_demo_data(other, today=DAY, seed=7)
    assert contents("c") != contents("a")


def test_generated_requests_are_valid_and_deterministic():
    first = generate_requests(3000, seed=11, today=DAY)
    assert first == generate_requests(3000, seed=11, today=DAY)
    assert first != generate_requests(3000, seed=12, today=DAY)
    assert len({r.nik for r in first}) == 3000
    for data in first:
        result = validate_request(data, today=DAY)
        assert result.ok and not result.confirmations
    assert {r.service for r in first} >= {"kia", "ktp_recording", "ktp_printing", "kk_change"}
