"""Two server processes on one PostgreSQL: 20 devices pushing (and resending) at once."""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from server import auth
from server.db import make_engine, metadata
from sync.protocol import PROTOCOL_HEADER
from tests.server.conftest import envelope, put_batch, request_data, sealed

ROOT = Path(__file__).resolve().parents[2]
OFFICERS = 5
DEVICES_PER_OFFICER = 4
BATCHES_PER_OFFICER = 3
RECORDS_PER_BATCH = 40

pytestmark = pytest.mark.postgres


def _start(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server",
            "serve",
            "--port",
            "0",
            "--database-url",
            url,
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        pytest.fail(f"server did not start: {line!r}")
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep the pipe drained
    return proc, line.split("listening on ")[1].split()[0]


@pytest.fixture
def servers(pg_url):
    engine = make_engine(pg_url)
    names = ", ".join(t.name for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        for i in range(OFFICERS):
            auth.create_user(conn, f"petugas{i}", "rahasia-123", "officer", "64.02.05")
    procs = [_start(pg_url, 2), _start(pg_url, 1)]
    yield engine, [base for _proc, base in procs]
    for proc, _base in procs:
        proc.terminate()
    for proc, _base in procs:
        proc.wait(timeout=60)
    engine.dispose()


def test_parallel_pushes_through_two_processes(servers):
    engine, bases = servers
    clients = [httpx.Client(base_url=b, headers={PROTOCOL_HEADER: "1"}, timeout=60) for b in bases]
    devices = []
    for i in range(OFFICERS * DEVICES_PER_OFFICER):
        officer = i % OFFICERS
        resp = clients[i % 2].post(
            "/api/v1/devices/register",
            json={
                "username": f"petugas{officer}",
                "password": "rahasia-123",
                "device_name": f"d{i}",
            },
        )
        assert resp.status_code == 200, resp.text
        devices.append((officer, resp.json()))

    # per officer: the same 40 records at revisions 1..3, one batch per revision
    batches = {}
    for officer in range(OFFICERS):
        uuids = sorted(str(uuid.uuid4()) for _ in range(RECORDS_PER_BATCH))
        batches[officer] = [
            sealed(
                f"officer-{officer}",
                [
                    envelope(u, rev, request_data(officer * 100 + n + 1))
                    for n, u in enumerate(uuids)
                ],
            )
            for rev in range(1, BATCHES_PER_OFFICER + 1)
        ]

    barrier = threading.Barrier(len(devices))

    def push(index: int):
        officer, device = devices[index]
        http = clients[index % 2]
        mine = batches[officer]
        order = mine[index % 3 :] + mine[: index % 3]  # different arrival orders
        barrier.wait(timeout=60)
        out = []
        for batch, body in order + order[:1]:  # and one resend
            resp = put_batch(http, device["token"], batch.batch_uuid, body)
            out.append((batch.batch_uuid, resp.status_code, resp.json()))
        return out

    with ThreadPoolExecutor(max_workers=len(devices)) as pool:
        responses = [r for result in pool.map(push, range(len(devices))) for r in result]
    for c in clients:
        c.close()

    assert {status for _u, status, _b in responses} == {200}, [
        body for _u, status, body in responses if status != 200
    ][:3]
    first_writes = [u for u, _s, body in responses if body["duplicate"] is False]
    assert sorted(first_writes) == sorted({u for u, _s, _b in responses})  # one writer per batch
    with engine.connect() as conn:
        count = lambda sql: conn.execute(sa.text(sql)).scalar()  # noqa: E731
        assert count("SELECT COUNT(*) FROM batches") == OFFICERS * BATCHES_PER_OFFICER
        assert count("SELECT COUNT(*) FROM records") == OFFICERS * RECORDS_PER_BATCH
        assert count("SELECT COUNT(*) FROM record_revisions") == (
            OFFICERS * RECORDS_PER_BATCH * BATCHES_PER_OFFICER
        )
        assert count("SELECT MIN(revision) FROM records") == BATCHES_PER_OFFICER
        assert count("SELECT COUNT(DISTINCT device_id) FROM batches") >= 2


def test_concurrent_batches_of_one_group_flag_each_other(servers):
    """Officers pushing the same NIKs + service at once, through two processes: whatever
    the order, every record ends up flagged with every other officer's (the group locks)."""
    import json

    engine, bases = servers
    clients = [httpx.Client(base_url=b, headers={PROTOCOL_HEADER: "1"}, timeout=60) for b in bases]
    tokens = []
    for officer in range(OFFICERS):
        resp = clients[officer % 2].post(
            "/api/v1/devices/register",
            json={"username": f"petugas{officer}", "password": "rahasia-123", "device_name": "d"},
        )
        assert resp.status_code == 200, resp.text
        tokens.append(resp.json()["token"])
    shared = [request_data(n + 1) for n in range(RECORDS_PER_BATCH)]  # the same NIKs for all
    sealed_batches = [
        sealed(f"officer-{officer}", [envelope(str(uuid.uuid4()), 1, data) for data in shared])
        for officer in range(OFFICERS)
    ]
    barrier = threading.Barrier(OFFICERS)

    def push(officer: int) -> int:
        batch, body = sealed_batches[officer]
        barrier.wait(timeout=60)
        return put_batch(clients[officer % 2], tokens[officer], batch.batch_uuid, body).status_code

    with ThreadPoolExecutor(max_workers=OFFICERS) as pool:
        assert set(pool.map(push, range(OFFICERS))) == {200}
    for c in clients:
        c.close()
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT flag_codes, flag_data FROM record_review")).all()
    assert len(rows) == OFFICERS * RECORDS_PER_BATCH
    for codes, data in rows:
        assert codes == "duplicate_team,duplicate_30d"
        assert json.loads(data)["duplicate_team"]["count"] == OFFICERS - 1
