"""Revision history (migration 0005): the current revision lives in ``records``, every
other one once in ``record_superseded``; ``record_revisions`` shows them all. Also the
ingest paths PostgreSQL takes when a record does not go in as its pipeline guessed."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
import sqlalchemy as sa

from server.db import make_engine
from tests.server.conftest import (
    envelope,
    pg_schema,
    put_batch,
    register,
    request_data,
    sealed,
)


@pytest.fixture
def officer(live, client):
    live.add_user("ani")
    return register(client, "ani")


def _push(client, officer, records, batch_uuid=None):
    batch, body = sealed(officer["device_id"], records, batch_uuid)
    resp = put_batch(client, officer["token"], batch.batch_uuid, body)
    assert resp.status_code == 200, resp.text
    return batch, body, resp.json()


def _outcomes(answer: dict) -> list[str]:
    return [r["outcome"] for r in answer["results"]]


def _rows(live, sql: str, **params) -> list[tuple]:
    with live.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def _history(live, record_uuid: str) -> dict[int, str]:
    """Every kept revision of a record: revision -> the name in its data."""
    import json

    rows = _rows(
        live,
        "SELECT revision, data FROM record_revisions WHERE uuid = :u ORDER BY revision",
        u=record_uuid,
    )
    counts = Counter(revision for revision, _data in rows)
    assert [r for r, n in counts.items() if n > 1] == []  # each revision once
    return {revision: json.loads(data)["name"] for revision, data in rows}


def _rev(record_uuid, revision, name):
    return envelope(record_uuid, revision, request_data(name=name))


def test_every_revision_is_kept_once_with_its_own_data(live, client, officer):
    rec = str(uuid.uuid4())
    for revision, name in ((1, "Siti Satu"), (2, "Siti Dua")):
        _b, _body, answer = _push(client, officer, [_rev(rec, revision, name)])
        assert _outcomes(answer) == ["accepted"]
    # two revisions in one batch, the higher one first
    _b, _body, answer = _push(
        client, officer, [_rev(rec, 4, "Siti Empat"), _rev(rec, 3, "Siti Tiga")]
    )
    assert _outcomes(answer) == ["accepted", "accepted"]
    # revision 2 again with other data: stale, and the first revision 2 stays
    _b, _body, answer = _push(client, officer, [_rev(rec, 2, "Siti Lain")])
    assert _outcomes(answer) == ["stale"]
    assert _history(live, rec) == {
        1: "Siti Satu",
        2: "Siti Dua",
        3: "Siti Tiga",
        4: "Siti Empat",
    }
    assert _rows(live, "SELECT revision FROM records WHERE uuid = :u", u=rec) == [(4,)]
    superseded = _rows(
        live, "SELECT revision FROM record_superseded WHERE uuid = :u ORDER BY revision", u=rec
    )
    assert superseded == [(1,), (2,), (3,)]  # the current revision is stored once, in records


def test_a_stale_lower_revision_beside_the_newest_one(live, client, officer):
    rec = str(uuid.uuid4())
    _push(client, officer, [_rev(rec, 4, "Siti Empat")])
    batch, body, answer = _push(
        client, officer, [_rev(rec, 5, "Siti Lima"), _rev(rec, 4, "Siti Lain")]
    )
    assert _outcomes(answer) == ["accepted", "stale"]
    assert answer["results"][1]["code"] == "stale_revision"
    assert _history(live, rec) == {4: "Siti Empat", 5: "Siti Lima"}
    # the answer kept for a resend is the one given
    again = put_batch(client, officer["token"], batch.batch_uuid, body).json()
    assert again["duplicate"] is True and again["results"] == answer["results"]


def test_new_stale_and_foreign_records_in_one_batch(live, client, officer):
    live.add_user("citra")
    other = register(client, "citra")
    mine, theirs, new = (str(uuid.uuid4()) for _ in range(3))
    _push(client, officer, [_rev(mine, 2, "Siti Dua")])
    _push(client, other, [_rev(theirs, 1, "Citra Satu")])
    batch, body, answer = _push(
        client,
        officer,
        [_rev(new, 1, "Baru Satu"), _rev(mine, 1, "Siti Satu"), _rev(theirs, 5, "Curian")],
    )
    assert _outcomes(answer) == ["accepted", "stale", "rejected"]
    assert answer["results"][2]["code"] == "not_owner"
    assert _history(live, new) == {1: "Baru Satu"}
    assert _history(live, mine) == {1: "Siti Satu", 2: "Siti Dua"}  # an older revision, kept
    assert _history(live, theirs) == {1: "Citra Satu"}  # another officer's: not kept
    # only the record that went in is in the review index, under this batch
    indexed = _rows(
        live,
        "SELECT v.uuid FROM record_review AS v JOIN batches AS b ON b.id = v.batch_id "
        "WHERE b.batch_uuid = :b",
        b=batch.batch_uuid,
    )
    assert indexed == [(new,)]
    again = put_batch(client, officer["token"], batch.batch_uuid, body).json()
    assert again["duplicate"] is True and again["results"] == answer["results"]


def test_a_rejected_record_between_good_ones(live, client, officer):
    """PostgreSQL sends the records before validating them; a rejected one is taken out."""
    good = [str(uuid.uuid4()) for _ in range(3)]
    records = [
        _rev(good[0], 1, "Siti Satu"),
        envelope(str(uuid.uuid4()), 1, request_data(nik="6402051705900001x")),
        _rev(good[1], 1, "Siti Dua"),
        envelope(str(uuid.uuid4()), 1, request_data(visit_date="2025-13-01")),
        _rev(good[2], 1, "Siti Tiga"),
    ]
    _b, _body, answer = _push(client, officer, records)
    assert _outcomes(answer) == ["accepted", "rejected", "accepted", "rejected", "accepted"]
    assert sorted(_rows(live, "SELECT uuid FROM records")) == sorted((u,) for u in good)
    assert sorted(_rows(live, "SELECT uuid FROM record_review")) == sorted((u,) for u in good)
    assert [_history(live, u) for u in good] == [
        {1: "Siti Satu"},
        {1: "Siti Dua"},
        {1: "Siti Tiga"},
    ]


def _flags(live) -> dict[str, str]:
    return dict(_rows(live, "SELECT uuid, flag_codes FROM record_review"))


def test_duplicate_flags_through_ingest(live, client, officer):
    """The review flags a batch sets and clears on others (the groups ingest reads)."""
    live.add_user("citra")
    other = register(client, "citra")
    a, b, c, d = (str(uuid.uuid4()) for _ in range(4))
    _push(client, officer, [envelope(a, 1, request_data(7))])
    assert _flags(live) == {a: ""}
    _push(client, other, [envelope(b, 1, request_data(7))])
    both = "duplicate_team,duplicate_30d"
    assert _flags(live) == {a: both, b: both}
    # a's second revision asks for another service: both are alone again
    moved = request_data(7, service="ikd_activation", has_ektp=True)
    _push(client, officer, [envelope(a, 2, moved)])
    assert _flags(live) == {a: "", b: ""}
    # two records of one batch with one NIK + service flag each other
    _push(client, officer, [envelope(c, 1, request_data(8)), envelope(d, 1, request_data(8))])
    assert _flags(live) == {a: "", b: "", c: "duplicate_30d", d: "duplicate_30d"}


def test_a_new_revision_alone_in_its_group_rewrites_its_review_row(live, client, officer):
    """The review row follows the record's revision; flags stay clear without a partner."""
    a = str(uuid.uuid4())
    first, _body, _answer = _push(client, officer, [envelope(a, 1, request_data(9))])
    second, _body, answer = _push(
        client, officer, [envelope(a, 2, request_data(9, name="Siti  Baru"))]
    )
    assert _outcomes(answer) == ["accepted"]
    row = _rows(
        live,
        "SELECT v.revision, b.batch_uuid, v.name_key, v.flag_codes FROM record_review AS v "
        "JOIN batches AS b ON b.id = v.batch_id WHERE v.uuid = :u",
        u=a,
    )
    assert row == [(2, second.batch_uuid, "siti baru", "")]
    # a partner in another batch, then a resend of that batch: flagged once, answered again
    b = str(uuid.uuid4())
    third, body, answer = _push(client, officer, [envelope(b, 1, request_data(9))])
    assert _flags(live)[a] == _flags(live)[b] == "duplicate_30d"
    again = put_batch(client, officer["token"], third.batch_uuid, body).json()
    assert again["duplicate"] is True and again["results"] == answer["results"]
    assert _rows(live, "SELECT count(*) FROM record_review") == [(2,)]


def test_first_revisions_stored_before_come_back_in_a_new_batch(live, client, officer):
    """A batch of first revisions goes in by plain inserts on PostgreSQL; one that repeats
    stored records (a relayed copy, a laptop restored from a backup) is stored as an upsert
    instead, with the same answers as on SQLite."""
    live.add_user("citra")
    other = register(client, "citra")
    a, b, c, theirs = (str(uuid.uuid4()) for _ in range(4))
    first, _body, answer = _push(client, officer, [_rev(a, 1, "Ani Satu"), _rev(b, 1, "Budi")])
    assert _outcomes(answer) == ["accepted", "accepted"]
    citra, _body, _answer = _push(client, other, [_rev(theirs, 1, "Citra Satu")])
    batch, body, answer = _push(
        client,
        officer,
        [_rev(a, 1, "Ani Satu"), _rev(c, 1, "Cici"), _rev(theirs, 1, "Curian")],
    )
    assert _outcomes(answer) == ["stale", "accepted", "rejected"]
    assert answer["results"][2]["code"] == "not_owner"
    assert _history(live, a) == {1: "Ani Satu"} and _history(live, theirs) == {1: "Citra Satu"}
    indexed = _rows(
        live,
        "SELECT v.uuid, b.batch_uuid FROM record_review AS v "
        "JOIN batches AS b ON b.id = v.batch_id",
    )
    assert sorted(indexed) == sorted(
        [(a, first.batch_uuid), (b, first.batch_uuid), (c, batch.batch_uuid)]
        + [(theirs, citra.batch_uuid)]
    )
    again = put_batch(client, officer["token"], batch.batch_uuid, body).json()
    assert again["duplicate"] is True and again["results"] == answer["results"]


def test_a_stray_review_row_of_a_new_record_is_overwritten(live, client, officer):
    """A review row already there for a new record's uuid (no ``records`` row: nothing
    ingest makes) is replaced by the record's own, as the batch's answer says."""
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    with live.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO record_review (uuid, revision, batch_id, officer_id, "
                "kecamatan_code, nik, name_key, service, status, day, warning_count, "
                "flag_codes, flag_data, computed_at) VALUES (:u, 7, -1, -1, '64.02.05', "
                "'stray', 'stray', 'stray', 'received', '2025-01-01', 0, 'x', '{}', "
                "'2025-01-01 00:00:00+00')"
            ),
            {"u": a},
        )
    batch, _body, answer = _push(
        client, officer, [envelope(a, 1, request_data(11)), envelope(b, 1, request_data(12))]
    )
    assert _outcomes(answer) == ["accepted", "accepted"]
    rows = _rows(
        live,
        "SELECT v.uuid, v.revision, b.batch_uuid, v.flag_codes FROM record_review AS v "
        "JOIN batches AS b ON b.id = v.batch_id ORDER BY v.uuid",
    )
    assert sorted(rows) == sorted([(a, 1, batch.batch_uuid, ""), (b, 1, batch.batch_uuid, "")])


# --------------------------------------------------------------------------- migration


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def bare_url(request, tmp_path):
    """An empty database (no migrations run)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.sqlite3'}"
        return
    with pg_schema("jempol_mig") as url:
        yield url


_COLUMNS = (
    "uuid, revision, kind, officer_id, device_id, batch_id, data, device_time, server_received_at"
)


def test_migration_0005_moves_older_revisions_and_back(bare_url):
    from alembic import command

    from server.migrate import alembic_config, current_revision, upgrade

    engine = make_engine(bare_url)
    upgrade(engine, "0004_processing_log")
    now = "2025-06-01 03:00:00+00:00"
    revision_row = (
        f"INSERT INTO record_revisions ({_COLUMNS}) "
        "VALUES ('r1', :rev, 'request', 1, 'd1', :rev, :data, :now, :now)"
    )
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO users (id, username, password_hash, role, disabled, created_at) "
                "VALUES (1, 'ani', 'x', 'officer', false, :now)"
            ),
            {"now": now},
        )
        for rev in (1, 2):
            conn.execute(sa.text(revision_row), {"rev": rev, "data": f'{{"v":{rev}}}', "now": now})
        conn.execute(
            sa.text(
                "INSERT INTO records (uuid, kind, revision, officer_id, device_id, batch_id, "
                "data, device_time, server_received_at) "
                "VALUES ('r1', 'request', 2, 1, 'd1', 2, :data, :now, :now)"
            ),
            {"now": now, "data": '{"v":2}'},
        )

    def kept(table: str) -> list[tuple]:
        with engine.connect() as conn:
            return [
                tuple(r)
                for r in conn.execute(
                    sa.text(f"SELECT revision, data FROM {table} ORDER BY revision")
                )
            ]

    upgrade(engine, "0005_revision_archive")
    assert current_revision(engine) == "0005_revision_archive"
    assert kept("record_superseded") == [(1, '{"v":1}')]
    assert kept("record_revisions") == [(1, '{"v":1}'), (2, '{"v":2}')]
    # a new revision of the record: the trigger keeps the one it replaces
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE records SET revision = 3, data = :d"), {"d": '{"v":3}'})
        conn.execute(sa.text("UPDATE records SET review_status = 'approved'"))  # not a revision
    assert kept("record_superseded") == [(1, '{"v":1}'), (2, '{"v":2}')]
    assert kept("record_revisions") == [(1, '{"v":1}'), (2, '{"v":2}'), (3, '{"v":3}')]

    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004_processing_log")
    assert "record_superseded" not in sa.inspect(engine).get_table_names()
    assert kept("record_revisions") == [(1, '{"v":1}'), (2, '{"v":2}'), (3, '{"v":3}')]
    engine.dispose()


def test_migration_0006_drops_two_review_indexes_and_back(bare_url):
    from alembic import command

    import server.dashboard  # noqa: F401  (declares the dashboard index on the metadata)
    from server.db import record_review
    from server.migrate import alembic_config, current_revision, upgrade

    def indexes() -> set[str]:
        return {ix["name"] for ix in sa.inspect(engine).get_indexes("record_review")}

    engine = make_engine(bare_url)
    upgrade(engine, "0005_revision_archive")
    dropped = {"ix_record_review_kecamatan_service", "ix_record_review_service_day"}
    assert dropped <= indexes()
    upgrade(engine, "0006_review_indexes")
    assert current_revision(engine) == "0006_review_indexes"
    # what the migrations build is what the tables declare
    assert indexes() == {ix.name for ix in record_review.indexes}
    assert not dropped & indexes()

    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005_revision_archive")
    assert dropped <= indexes()
    engine.dispose()


def test_migration_0007_stores_answers_with_lz4_on_postgresql(bare_url):
    from alembic import command

    from server.migrate import alembic_config, current_revision, upgrade

    engine = make_engine(bare_url)

    def compression() -> str | None:
        with engine.connect() as conn:
            return conn.exec_driver_sql(
                "SELECT attcompression FROM pg_attribute "
                "WHERE attrelid = 'batches'::regclass AND attname = 'result_json'"
            ).scalar()

    upgrade(engine)
    assert current_revision(engine) == "0007_answer_lz4"
    config = alembic_config(engine)
    if engine.dialect.name == "postgresql":
        assert compression() == "l"  # lz4 (the packages these servers run are built with it)
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0006_review_indexes")
        assert compression() == "p"
    else:  # SQLite: nothing to change, both ways
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0006_review_indexes")
        assert current_revision(engine) == "0006_review_indexes"
    engine.dispose()
