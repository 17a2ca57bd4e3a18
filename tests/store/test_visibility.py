"""Officers sharing a laptop see their own work and their team's, nobody else's.

Three officers: A and B on the same team (written differently), C on no team. Every
read the UI uses is checked against the same rows filtered in Python, for both plans
a scope can take (few visible rows: the visible officers are named; many: the hidden
ones are) and for name prefixes answered by fetching (few matches) or by walking.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from app.store import NotFound, RequestFilter, Store
from app.store import search as search_module
from app.store.database import connect
from app.store.encryption import resolve_key
from app.store.migrations import MIGRATIONS
from app.store.search import SearchMixin, fts_prefix_query, where_clause
from app.store.syncstate import SYNC_MIGRATIONS
from tests.store.factories import DESA, KECAMATAN, OTHER_DESA, TODAY, new_visit, request_input

PASSWORD = "rahasia-1"
NAMES = (
    "Abdul Rahman",
    "Rahmawati Putri",
    "Siti Aminah",
    "Andi Rahim",
    "Rudi Hartono",
    "Ahmad Ramli",
    "Budi Santoso",
)


@dataclasses.dataclass
class Laptop:
    store: Store
    a: dict
    b: dict
    c: dict
    visits: dict[int, dict]
    shared_nik: str


@pytest.fixture(params=["few", "many"])
def scope_plan(request, monkeypatch):
    """Both plans for every viewer. With "few" the visible officers are named in the
    name query, walked and counted; with "many" the hidden ones are named, every row is
    walked, and counts subtract the hidden officers' rows from the total."""
    few = request.param == "few"
    monkeypatch.setattr(SearchMixin, "_few_rows", lambda self, visible, hidden: few)
    return request.param


@pytest.fixture
def laptop(store, scope_plan):
    a = store.create_officer("Siti Aminah", "198001012005012001", "Tim 1", KECAMATAN, PASSWORD)
    b = store.create_officer("Budi Santoso", "198001012005012002", " tim  1 ", KECAMATAN, PASSWORD)
    c = store.create_officer("Cici Lestari", "198001012005012003", "", KECAMATAN, PASSWORD)
    visits = {o["id"]: new_visit(store, o["id"]) for o in (a, b, c)}
    store.receive_stock(a["id"], 5)
    serial = 0
    for round_ in range(3):  # interleaved, as officers work side by side
        for officer in (a, b, c):
            for name in NAMES:
                serial += 1
                data = request_input(
                    serial,
                    name=f"{name} {'Bin Ali' if round_ else ''}".strip(),
                    desa_code=OTHER_DESA if round_ == 1 else DESA,
                )
                store.save_request(officer["id"], visits[officer["id"]]["uuid"], data, today=TODAY)
    # The same resident asked A and C.
    shared = request_input(900, name="Zainal Abidin")
    store.save_request(a["id"], visits[a["id"]]["uuid"], shared, today=TODAY)
    store.save_request(c["id"], visits[c["id"]]["uuid"], shared, today=TODAY)
    return Laptop(store, a, b, c, visits, store.find_by_nik(shared.nik)[0]["nik"])


def everything(store: Store) -> list[dict]:
    return store.page_requests(RequestFilter(), 0, 10_000)


def expected(store: Store, officer_ids, f: RequestFilter) -> list[str]:
    """Uuids the filter should give among these officers' requests, in page order."""
    rows = store.page_requests(dataclasses.replace(f, visible_to=None), 0, 10_000)
    return [r["uuid"] for r in rows if r["officer_id"] in officer_ids]


def uuids(rows) -> list[str]:
    return [r["uuid"] for r in rows]


def test_team_is_the_officer_and_same_team_officers(laptop):
    store, a, b, c = laptop.store, laptop.a, laptop.b, laptop.c
    assert store.visible_officer_ids(a["id"]) == sorted([a["id"], b["id"]])
    assert store.visible_officer_ids(b["id"]) == sorted([a["id"], b["id"]])
    assert store.visible_officer_ids(c["id"]) == [c["id"]]
    assert store.visible_officer_ids(9999) == []


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"desa_code": OTHER_DESA},
        {"service": "ktp_recording", "status": "received"},
        {"visit_date": TODAY},
        {"status": "cancelled"},
    ],
    ids=["all", "desa", "service+status", "day", "none-match"],
)
def test_counts_and_pages_keep_to_the_team(laptop, changes):
    store, a, b, c = laptop.store, laptop.a, laptop.b, laptop.c
    assert len(everything(store)) == 3 * 3 * len(NAMES) + 2
    for viewer, team in ((a, {a["id"], b["id"]}), (b, {a["id"], b["id"]}), (c, {c["id"]})):
        f = RequestFilter(visible_to=viewer["id"], **changes)
        want = expected(store, team, f)
        assert store.count_requests(f) == len(want)
        pages = [store.page_requests(f, offset, 10) for offset in range(0, len(want) + 10, 10)]
        assert [u for page in pages for u in uuids(page)] == want
        assert uuids(store.iter_requests(f, batch=7)) == want
    if not changes:
        assert store.count_requests(RequestFilter(visible_to=c["id"])) == 3 * len(NAMES) + 1


@pytest.mark.parametrize("broad_match", [1, 2500], ids=["walk", "fetch"])
@pytest.mark.parametrize("prefix", ["rah", "a", "ahmad r", "bin", "s"])
def test_name_prefix_keeps_to_the_team(laptop, monkeypatch, broad_match, prefix):
    monkeypatch.setattr(search_module, "BROAD_MATCH", broad_match)
    monkeypatch.setattr(search_module, "WALK_FIRST_CHUNK", 4)  # several walk steps
    store, a, b, c = laptop.store, laptop.a, laptop.b, laptop.c
    for viewer, team in ((a, {a["id"], b["id"]}), (c, {c["id"]})):
        for extra in ({}, {"desa_code": laptop.visits[a["id"]]["desa_code"]}):
            f = RequestFilter(name_prefix=prefix, visible_to=viewer["id"], **extra)
            want = expected(store, team, f)
            assert want, "the prefix should match something"
            assert store.count_requests(f) == len(want)
            assert uuids(store.page_requests(f, 0, 5)) == want[:5]
            assert uuids(store.page_requests(f, 5, 100)) == want[5:105]
            assert uuids(store.iter_requests(f, batch=3)) == want


def test_name_prefix_never_matches_the_owner_tokens(laptop):
    store, a = laptop.store, laptop.a
    token = search_module.OWNER_TOKEN.format(a["id"])
    # Names have no digits, and no typed text reaches the private-use owner token.
    for text in (str(a["id"]), token, f"o{a['id']}"):
        for viewer in (None, a["id"]):
            f = RequestFilter(name_prefix=text, visible_to=viewer)
            assert store.count_requests(f) == 0
            assert store.page_requests(f, 0, 10) == []
    assert fts_prefix_query(token) == f'"{a["id"]}"*'


def test_nik_lookup_shows_only_visible_requests(laptop):
    store, a, b, c = laptop.store, laptop.a, laptop.b, laptop.c
    nik = laptop.shared_nik
    assert {r["officer_id"] for r in store.find_by_nik(nik)} == {a["id"], c["id"]}
    assert [r["officer_id"] for r in store.find_by_nik(nik, visible_to=a["id"])] == [a["id"]]
    assert [r["officer_id"] for r in store.find_by_nik(nik, visible_to=b["id"])] == [a["id"]]
    assert [r["officer_id"] for r in store.find_by_nik(nik, visible_to=c["id"])] == [c["id"]]
    assert store.find_by_nik(nik, visible_to=9999) == []
    f = RequestFilter(nik=nik, visible_to=c["id"])
    assert [r["officer_id"] for r in store.page_requests(f, 0, 10)] == [c["id"]]
    assert store.count_requests(f) == 1


def test_daily_summary_counts_the_visible_officers_work(laptop):
    store, a, c = laptop.store, laptop.a, laptop.c

    def total(**kw):
        return sum(item["count"] for item in store.daily_summary(TODAY, **kw))

    assert total() == 3 * 3 * len(NAMES) + 2
    assert total(visible_to=a["id"]) == 2 * 3 * len(NAMES) + 1
    assert total(visible_to=c["id"]) == 3 * len(NAMES) + 1
    assert total(visible_to=9999) == 0
    assert total(visit_uuid=laptop.visits[a["id"]]["uuid"], visible_to=c["id"]) == 0
    assert total(visit_uuid=laptop.visits[c["id"]]["uuid"], visible_to=c["id"]) == (
        3 * len(NAMES) + 1
    )


def test_opening_someone_elses_request_by_uuid_is_refused(laptop):
    store, a, b, c = laptop.store, laptop.a, laptop.b, laptop.c
    of_a = store.find_by_nik(laptop.shared_nik, visible_to=a["id"])[0]
    of_c = store.find_by_nik(laptop.shared_nik, visible_to=c["id"])[0]
    assert store.get_request(of_a["uuid"], visible_to=b["id"])["uuid"] == of_a["uuid"]
    assert store.get_request(of_a["uuid"], visible_to=c["id"]) is None
    assert store.get_request(of_c["uuid"], visible_to=a["id"]) is None
    assert store.get_request(of_c["uuid"])["uuid"] == of_c["uuid"]  # sync and import see all
    assert len(store.request_history(of_a["uuid"], visible_to=b["id"])) == 1
    assert store.request_history(of_a["uuid"], visible_to=c["id"]) == []

    # Nor can C change or cancel it; B, on A's team, can.
    before = store.get_request(of_a["uuid"])
    with pytest.raises(NotFound):
        store.save_request(
            c["id"], None, request_input(900, name="Zainal Abidin", notes="x"), uuid=of_a["uuid"]
        )
    with pytest.raises(NotFound):
        store.cancel_request(c["id"], of_a["uuid"], "Ganda")
    assert store.get_request(of_a["uuid"]) == before
    edited = store.save_request(
        b["id"], None, request_input(900, name="Zainal Abidin", notes="Berkas"), uuid=of_a["uuid"]
    )
    assert (edited["revision"], edited["officer_id"]) == (2, a["id"])


def test_unknown_viewer_sees_nothing(laptop):
    store = laptop.store
    for f in (RequestFilter(visible_to=9999), RequestFilter(visible_to=9999, name_prefix="a")):
        assert store.count_requests(f) == 0
        assert store.page_requests(f, 0, 10) == []
        assert list(store.iter_requests(f)) == []


def test_a_viewer_who_sees_every_officer_gets_the_unfiltered_queries(store):
    a = store.create_officer("Siti Aminah", "198001012005012001", "Tim 1", KECAMATAN, PASSWORD)
    b = store.create_officer("Budi Santoso", "198001012005012002", "TIM 1", KECAMATAN, PASSWORD)
    visit = new_visit(store, b["id"])
    store.save_request(b["id"], visit["uuid"], request_input(1), today=TODAY)
    for f in (RequestFilter(), RequestFilter(name_prefix="a"), RequestFilter(desa_code="x")):
        seen = dataclasses.replace(f, visible_to=a["id"])
        assert store.explain_page(seen) == store.explain_page(f)
        assert store.count_requests(seen) == store.count_requests(f)


@pytest.mark.parametrize("step", [1, 4, 20_000])
def test_plans_read_the_side_with_fewer_rows(store, monkeypatch, step):
    monkeypatch.setattr(search_module, "SCOPE_COUNT_STEP", step)
    a = store.create_officer("Siti Aminah", "198001012005012001", "Tim 1", KECAMATAN, PASSWORD)
    b = store.create_officer("Budi Santoso", "198001012005012002", "Tim 1", KECAMATAN, PASSWORD)
    c = store.create_officer("Cici Lestari", "198001012005012003", "", KECAMATAN, PASSWORD)
    rows = {a["id"]: 30, b["id"]: 10, c["id"]: 25}  # A + B: 40 of 65 rows
    serial = 0
    for officer_id, n in rows.items():
        visit = new_visit(store, officer_id)
        for _ in range(n):
            serial += 1
            store.save_request(officer_id, visit["uuid"], request_input(serial), today=TODAY)
    team, alone = (a["id"], b["id"]), (c["id"],)
    assert store._few_rows(alone, team) and not store._few_rows(team, alone)
    assert store._resolve(RequestFilter(visible_to=c["id"]))[1].small
    assert not store._resolve(RequestFilter(visible_to=a["id"]))[1].small
    assert store.count_requests(RequestFilter(visible_to=a["id"])) == 40
    assert store.count_requests(RequestFilter(visible_to=c["id"])) == 25


def test_where_clause_needs_the_viewer_resolved_by_the_store():
    with pytest.raises(ValueError, match="visible_to"):
        where_clause(RequestFilter(visible_to=1))


def test_name_index_of_an_older_file_learns_the_officers(tmp_path):
    """m006 rebuilds the name index of rows written before it, with their officers."""
    path = tmp_path / "jempol.sqlite3"
    key = resolve_key(path)
    db = connect(path, key)
    MIGRATIONS.apply(db, stop_before="m006_name_index_owner")
    SYNC_MIGRATIONS.apply(db)
    old = Store(db, path, key)
    a = old.create_officer("Siti Aminah", "198001012005012001", "", KECAMATAN, PASSWORD)
    c = old.create_officer("Cici Lestari", "198001012005012003", "", KECAMATAN, PASSWORD)
    for serial, officer in enumerate((a, c, a), start=1):
        visit = new_visit(old, officer["id"], day=date(2025, 3, serial))
        old.save_request(
            officer["id"], visit["uuid"], request_input(serial, name="Abdul Rahman"), today=TODAY
        )
    old.close()
    with Store.open(path) as store:
        assert store.integrity_check() == "ok"
        f = RequestFilter(name_prefix="rah", visible_to=a["id"])
        assert store.count_requests(f) == 2
        assert {r["officer_id"] for r in store.page_requests(f, 0, 10)} == {a["id"]}
        store.save_request(
            c["id"],
            new_visit(store, c["id"])["uuid"],
            request_input(9, name="Rahmat"),
            today=TODAY,
        )
        f = RequestFilter(name_prefix="rah", visible_to=c["id"])
        assert sorted(r["name"] for r in store.page_requests(f, 0, 10)) == [
            "Abdul Rahman",
            "Rahmat",
        ]
        store.db.execute("INSERT INTO requests_fts(requests_fts) VALUES ('integrity-check')")
