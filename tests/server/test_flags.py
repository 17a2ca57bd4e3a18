"""server.flags.index_batch on its own: groups left by a new revision, and on PostgreSQL
two concurrent batches with the same NIK + service (the advisory locks)."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from sqlalchemy import select

from app.domain.record import request_from_dict, validate_request
from server.db import make_engine, record_review, utcnow
from server.flags import ReviewInput, index_batch
from tests.server.conftest import KECAMATAN, request_data


def review_input(record_uuid: str, officer_id: int, data: dict, revision: int = 1):
    request = request_from_dict(data)
    return ReviewInput(
        uuid=record_uuid,
        revision=revision,
        officer_id=officer_id,
        kecamatan_code=KECAMATAN,
        visit_date=request.visit_date,
        data=data,
        request=request,
        validation=validate_request(request),
    )


def stored_flags(engine) -> dict[str, str]:
    v = record_review.c
    with engine.connect() as conn:
        return dict(conn.execute(select(v.uuid, v.flag_codes)).all())


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def test_a_record_leaving_a_group_clears_its_partners(engine):
    a, b, c = (str(uuid.uuid4()) for _ in range(3))
    shared = request_data(5)
    with engine.begin() as conn:
        assert index_batch(conn, 1, utcnow(), [review_input(a, 1, shared)]) == 1
    with engine.begin() as conn:
        batch = [review_input(b, 2, shared), review_input(c, 2, request_data(6))]
        assert index_batch(conn, 2, utcnow(), batch) == 2
    assert stored_flags(engine) == {
        a: "duplicate_team,duplicate_30d",
        b: "duplicate_team,duplicate_30d",
        c: "",
    }
    # b's second revision asks for another service: a is alone again, b has no partner
    moved = dict(shared, service="ikd_activation", has_ektp=True)
    with engine.begin() as conn:
        index_batch(conn, 3, utcnow(), [review_input(b, 2, moved, revision=2)])
    assert stored_flags(engine) == {a: "", b: "", c: ""}
    with engine.connect() as conn:
        row = conn.execute(select(record_review).where(record_review.c.uuid == b)).one()
    assert (row.revision, row.batch_id, row.service) == (2, 3, "ikd_activation")


def _waits_for_advisory_lock(engine, pids: list[int]) -> bool:
    if not pids:
        return False
    with engine.connect() as conn:
        return (
            conn.exec_driver_sql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND pid = %(pid)s",
                {"pid": pids[0]},
            ).scalar_one()
            > 0
        )


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)  # the locks are PostgreSQL's
def test_concurrent_batches_with_one_nik_and_service_both_get_flagged(db_url):
    first, second = make_engine(db_url), make_engine(db_url)
    shared = request_data(7)
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    errors: list[BaseException] = []
    pids: list[int] = []

    def other_officer() -> None:
        try:
            with second.begin() as conn:
                pids.append(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
                index_batch(conn, 2, utcnow(), [review_input(b, 2, shared)])
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    try:
        with first.begin() as conn:
            index_batch(conn, 1, utcnow(), [review_input(a, 1, shared)])
            thread = threading.Thread(target=other_officer)
            thread.start()
            # the second batch must queue on the (NIK, service) lock until this one commits
            deadline = time.monotonic() + 30
            while thread.is_alive() and not _waits_for_advisory_lock(first, pids):
                assert time.monotonic() < deadline, "second batch neither waited nor finished"
            assert thread.is_alive(), "the second batch did not wait for the first"
        thread.join(timeout=30)
        assert not errors, errors
        assert stored_flags(first) == {
            a: "duplicate_team,duplicate_30d",
            b: "duplicate_team,duplicate_30d",
        }
    finally:
        first.dispose()
        second.dispose()
