from __future__ import annotations

from datetime import date

import pytest

from app.store import RequestFilter
from app.store.search import fts_prefix_query
from tests.store.factories import OTHER_DESA, TODAY, new_visit, request_input


@pytest.fixture
def named(store, officer, visit):
    names = ["Abdul Rahman", "Rahmawati Putri", "Siti Aminah", "Muhammad Ramdani", "Andi Rahim"]
    return {
        name: store.save_request(
            officer["id"], visit["uuid"], request_input(i + 1, name=name), today=TODAY
        )
        for i, name in enumerate(names)
    }


def names_for(store, text):
    rows = store.page_requests(RequestFilter(name_prefix=text), 0, 100)
    return sorted(r["name"] for r in rows)


def test_name_prefix_finds_any_word(store, named):
    assert names_for(store, "rah") == ["Abdul Rahman", "Andi Rahim", "Rahmawati Putri"]
    assert names_for(store, "RAHM") == ["Abdul Rahman", "Rahmawati Putri"]
    assert names_for(store, "abdul rah") == ["Abdul Rahman"]
    assert names_for(store, "man") == []  # prefixes only, not the middle of a word
    assert store.count_requests(RequestFilter(name_prefix="rah")) == 3
    assert fts_prefix_query('  "rah*) ') == '"rah"*'
    assert names_for(store, '"(*') == names_for(store, "")  # no words: no name filter


def test_name_edit_updates_the_index(store, officer, named):
    record = named["Siti Aminah"]
    store.save_request(
        officer["id"], None, request_input(3, name="Siti Rahayu"), uuid=record["uuid"]
    )
    assert "Siti Rahayu" in names_for(store, "raha")
    assert names_for(store, "amin") == []


def test_pages_cover_every_row_once_newest_first(store, officer, visit):
    made = [
        store.save_request(officer["id"], visit["uuid"], request_input(i), today=TODAY)["uuid"]
        for i in range(1, 26)
    ]
    f = RequestFilter(visit_uuid=visit["uuid"])
    assert store.count_requests(f) == 25
    pages = [store.page_requests(f, offset, 10) for offset in (0, 10, 20, 30)]
    assert [len(p) for p in pages] == [10, 10, 5, 0]
    seen = [r["uuid"] for page in pages for r in page]
    assert seen == list(reversed(made))
    assert store.page_requests(None, 0, 3) == pages[0][:3]


def test_filters_combine(store, officer, visit):
    oid = officer["id"]
    other = new_visit(store, oid, desa=OTHER_DESA, day=date(2025, 3, 5))
    a = store.save_request(oid, visit["uuid"], request_input(1), today=TODAY)
    store.save_request(
        oid, visit["uuid"], request_input(2, service="kk_change", status="done"), today=TODAY
    )
    c = store.save_request(oid, other["uuid"], request_input(3, desa_code=OTHER_DESA), today=TODAY)
    store.cancel_request(oid, c["uuid"], "Ganda")

    def count(**kw):
        return store.count_requests(RequestFilter(**kw))

    assert count() == 3
    assert count(desa_code=OTHER_DESA) == 1
    assert count(service="kk_change", status="done") == 1
    assert count(status="cancelled") == 1
    assert count(visit_date=TODAY) == 2
    assert count(visit_date="2025-03-05") == 1
    assert count(officer_id=oid, desa_code=visit["desa_code"]) == 2
    assert count(nik=a["nik"]) == 1
    store.db.execute("UPDATE requests SET sync_state = 'rejected' WHERE uuid = ?", [a["uuid"]])
    store.db.execute("UPDATE requests SET review_state = 'returned' WHERE uuid = ?", [c["uuid"]])
    assert [r["uuid"] for r in store.page_requests(RequestFilter(only_rejected=True), 0, 9)] == [
        a["uuid"]
    ]
    assert count(only_returned=True) == 1


@pytest.mark.parametrize(
    ("filter_kwargs", "index"),
    [
        ({}, "requests_created"),
        ({"nik": "6402010201900001"}, "requests_nik"),
        ({"desa_code": "64.02.01.2001"}, "requests_desa"),
        ({"visit_date": date(2025, 3, 4)}, "requests_visit_date"),
        ({"service": "kk_change", "status": "done"}, "requests_service_status"),
        ({"visit_uuid": "x"}, "requests_visit"),
        ({"officer_id": 1}, "requests_officer"),
    ],
)
def test_pages_are_served_by_an_index_without_sorting(store, filter_kwargs, index):
    plan = " | ".join(store.explain_page(RequestFilter(**filter_kwargs)))
    assert f"USING INDEX {index}" in plan or f"USING COVERING INDEX {index}" in plan
    assert "TEMP B-TREE" not in plan


def test_daily_summary_groups_by_service_and_status(store, officer, visit):
    oid = officer["id"]
    for i, (service, status) in enumerate(
        [("ktp_recording", "received"), ("ktp_recording", "received"), ("kk_change", "done")]
    ):
        store.save_request(
            oid, visit["uuid"], request_input(i + 1, service=service, status=status), today=TODAY
        )
    other = new_visit(store, oid, desa=OTHER_DESA)
    store.save_request(oid, other["uuid"], request_input(9, desa_code=OTHER_DESA), today=TODAY)

    assert store.daily_summary(TODAY) == [
        {"service": "kk_change", "status": "done", "count": 1},
        {"service": "ktp_recording", "status": "received", "count": 3},
    ]
    assert store.daily_summary(TODAY, visit_uuid=other["uuid"]) == [
        {"service": "ktp_recording", "status": "received", "count": 1}
    ]
    assert store.daily_summary(date(2025, 3, 5)) == []


def test_common_prefixes_page_along_the_created_index_with_the_same_rows(store, named, monkeypatch):
    f = RequestFilter(name_prefix="rah")
    narrow = [store.page_requests(f, offset, 2) for offset in (0, 2)]
    assert "requests_created" not in " ".join(store.explain_page(f))
    monkeypatch.setattr("app.store.search.BROAD_MATCH", 1)
    assert "INDEX requests_created" in " ".join(store.explain_page(f))
    assert [store.page_requests(f, offset, 2) for offset in (0, 2)] == narrow
    assert store.count_requests(f) == 3
    both = RequestFilter(name_prefix="rah", status="received")
    assert store.count_requests(both) == 3
    assert store.count_requests(RequestFilter(name_prefix="rah", status="done")) == 0


@pytest.fixture
def crowd(store, officer, visit):
    """40 requests; names share common words; one row's clock went back an hour."""
    first = ("Abdul", "Siti", "Rahmat", "Andi", "Nur")
    last = ("Rahman", "Aminah", "Hidayat", "Rahim")
    records = [
        store.save_request(
            officer["id"],
            visit["uuid"],
            request_input(i + 1, name=f"{first[i % 5]} {last[i % 4]}"),
            today=TODAY,
        )
        for i in range(40)
    ]
    # A laptop clock set back: a later row (higher id) with an earlier created_at.
    store.db.execute(
        "UPDATE requests SET created_at = '2000-01-01T00:00:00+00:00' WHERE uuid = ?",
        [records[30]["uuid"]],
    )
    return records


FILTERS = [
    RequestFilter(name_prefix="rah"),
    RequestFilter(name_prefix="a"),
    RequestFilter(name_prefix="nur rah"),
    RequestFilter(name_prefix="rah", status="received"),
    RequestFilter(name_prefix="zz"),
]


@pytest.mark.parametrize("f", FILTERS)
def test_walking_broad_prefixes_gives_the_sorted_pages(store, crowd, monkeypatch, f):
    everything = store.page_requests(f, 0, 100)  # few matches: fetched and sorted
    expected = sorted(everything, key=lambda r: (r["created_at"], r["uuid"]), reverse=True)
    assert everything == expected
    monkeypatch.setattr("app.store.search.BROAD_MATCH", 0)
    monkeypatch.setattr("app.store.search.WALK_FIRST_CHUNK", 3)
    monkeypatch.setattr("app.store.search.WALK_MAX_CHUNK", 8)
    assert store._walks(f) == bool(everything)
    pages = [store.page_requests(f, offset, 4) for offset in range(0, 44, 4)]
    assert [r for page in pages for r in page] == everything
    assert store.page_requests(f, 2, 5) == everything[2:7]
    assert list(store.iter_requests(f, batch=3)) == everything


@pytest.mark.parametrize(
    "f",
    [
        RequestFilter(),
        RequestFilter(visit_date=TODAY),
        RequestFilter(status="received"),
        RequestFilter(name_prefix="rahm"),
        RequestFilter(visit_date="2025-03-05"),
    ],
)
def test_iter_requests_streams_every_page_in_order(store, crowd, f, monkeypatch):
    expected = store.page_requests(f, 0, 1000)
    for batch in (1, 7, 40, 1000):
        assert list(store.iter_requests(f, batch=batch)) == expected
    # keyset, not OFFSET: each read after the first starts after the last row seen
    seen = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        assert len(list(store.iter_requests(f, batch=7))) == len(expected)
    finally:
        store.db.conn.set_trace_callback(None)
    reads = [sql for sql in seen if "FROM requests" in sql]
    assert all("OFFSET" not in sql for sql in reads)
    assert len(reads) >= len(expected) // 7


def test_broad_prefix_stops_counting_early(store, crowd, monkeypatch):
    monkeypatch.setattr("app.store.search.BROAD_MATCH", 5)
    assert store._name_matches("a", 6) == 6
    assert store._name_matches("a") > 6
    assert store.count_requests(RequestFilter(name_prefix="a")) == store._name_matches("a")


@pytest.mark.parametrize(
    ("sql", "index"),
    [
        ("SELECT count(*) FROM requests WHERE sync_state = 'rejected'", "requests_sync_rejected"),
        (
            "SELECT count(*) FROM requests WHERE review_state IN ('returned', 'rejected')",
            "requests_reviewed",
        ),
        ("SELECT count(*) FROM requests WHERE review_state = 'returned'", "requests_reviewed"),
    ],
)
def test_rare_states_are_found_through_their_partial_indexes(store, sql, index):
    plan = " ".join(row[-1] for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert f"INDEX {index}" in plan


def test_a_new_request_and_its_sync_touch_no_state_index(store, officer, visit):
    """Pending, sent and accepted requests with no review are in neither partial index."""

    def indexed():
        return [
            store.db.execute(
                f"SELECT count(*) FROM requests INDEXED BY {name} WHERE {where}"
            ).fetchone()[0]
            for name, where in (
                ("requests_sync_rejected", "sync_state = 'rejected'"),
                ("requests_reviewed", "review_state IS NOT NULL"),
            )
        ]

    a = store.save_request(officer["id"], visit["uuid"], request_input(1), today=TODAY)
    for state in ("sent", "accepted"):
        store.db.execute("UPDATE requests SET sync_state = ? WHERE uuid = ?", [state, a["uuid"]])
    assert indexed() == [0, 0]
    store.db.execute("UPDATE requests SET review_state = 'approved' WHERE uuid = ?", [a["uuid"]])
    assert indexed() == [0, 1]
