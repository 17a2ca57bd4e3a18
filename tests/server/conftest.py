"""Fixtures for the central server: a real uvicorn on a loopback port, SQLite or PostgreSQL.

PostgreSQL tests use ``$JEMPOL_TEST_PG_URL`` (default the local ``test`` database) in a
fresh schema per session. When PostgreSQL is unreachable they skip, unless ``$CI`` or
``$JEMPOL_REQUIRE_PG`` is set, in which case they fail.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
import sqlalchemy as sa
import uvicorn
from argon2 import PasswordHasher

from app.domain.kk import make_kk
from app.domain.nik import make_nik
from app.domain.record import RequestInput, request_to_dict
from app.domain.regions import regions
from server import auth
from server.api import create_app
from server.db import make_engine, metadata
from server.migrate import upgrade
from sync.protocol import PROTOCOL_HEADER, RecordEnvelope, seal_batch

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
KECAMATAN = "64.02.05"
OTHER_KECAMATAN = "64.02.06"
PASSWORD = "rahasia-123"


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing():
    """Argon2 with test-sized cost; verify reads the cost from the stored hash."""
    original = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    auth._hasher = original


def _pg_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("JEMPOL_REQUIRE_PG"))


def pg_unavailable(reason: str) -> None:
    """Fail when PostgreSQL is required (CI, JEMPOL_REQUIRE_PG), else skip."""
    if _pg_required():
        pytest.fail(reason + " (required because CI/JEMPOL_REQUIRE_PG is set)")
    pytest.skip(reason)


@contextlib.contextmanager
def pg_schema(prefix: str) -> Iterator[str]:
    """URL of a new, empty schema in the test PostgreSQL, dropped afterwards (fails or
    skips as :func:`pg_unavailable` says when PostgreSQL cannot be reached)."""
    base = os.environ.get("JEMPOL_TEST_PG_URL", PG_DEFAULT)
    admin = make_engine(base)
    schema = f"{prefix}_{secrets.token_hex(4)}"
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pg_unavailable(f"PostgreSQL at {base} is unreachable: {type(exc.orig).__name__}")
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture(scope="session")
def pg_url():
    """URL of a fresh, migrated schema in the test PostgreSQL (dropped at session end)."""
    with pg_schema("jempol_test") as url:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file, copied for each test (migrating every time is slow)."""
    path = tmp_path_factory.mktemp("template") / "server.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # closing the last connection checkpoints the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A migrated, empty database: SQLite in tmp_path or the session's PostgreSQL schema."""
    if request.param == "sqlite":
        target = tmp_path / "server.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    url = request.getfixturevalue("pg_url")
    engine = make_engine(url)
    names = ", ".join(t.name for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    engine.dispose()
    return url


class LiveServer:
    """uvicorn in a thread on 127.0.0.1, port picked by the kernel."""

    def __init__(self, url: str):
        self.url = url
        self.app = create_app(url)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms stalls
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.base_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.engine = make_engine(url)  # for the tests' own queries

    def start(self) -> LiveServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.app.state.engine.dispose()
        self.engine.dispose()
        self.sock.close()

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar()

    def add_user(self, name, role="officer", kecamatan=KECAMATAN, password=PASSWORD) -> dict:
        with self.engine.begin() as conn:
            return auth.create_user(conn, name, password, role, kecamatan)


@pytest.fixture
def live(db_url):
    server = LiveServer(db_url).start()
    yield server
    server.stop()


@pytest.fixture
def client(live):
    with httpx.Client(base_url=live.base_url, headers={PROTOCOL_HEADER: "1"}, timeout=30) as http:
        yield http


def register(http: httpx.Client, username: str, password: str = PASSWORD) -> dict:
    resp = http.post(
        "/api/v1/devices/register",
        json={"username": username, "password": password, "device_name": f"laptop {username}"},
    )
    assert resp.status_code == 200, resp.text
    return resp.json()


def auth_header(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def request_data(serial: int = 1, kecamatan: str = KECAMATAN, **changes) -> dict:
    """A valid service request (as request_to_dict) in the first desa of ``kecamatan``."""
    desa = regions().desa_of(kecamatan)[0]
    data = RequestInput(
        desa_code=desa.code,
        nik=make_nik(kecamatan, date(1990, 5, 17), "P", serial),
        kk=make_kk(kecamatan, date(2015, 3, 1), serial),
        name="Siti Aminah",
        birth_date=date(1990, 5, 17),
        sex="P",
        service="ktp_recording",
        visit_date=date(2025, 6, 1),
    )
    out = request_to_dict(data)
    out.update(visit_uuid=str(uuid.uuid4()), officer_nip="198001012005011001")
    out.update(changes)
    return out


def envelope(record_uuid: str, revision: int = 1, data: dict | None = None, kind="request"):
    return RecordEnvelope(
        kind=kind,
        uuid=record_uuid,
        revision=revision,
        device_time="2025-06-01T02:03:04.000Z",
        data=data if data is not None else request_data(),
    )


def sealed(device_id: str, records: list, batch_uuid: str | None = None):
    return seal_batch(
        batch_uuid or str(uuid.uuid4()), device_id, 1, len(records), records, "2025-06-01T03:00:00Z"
    )


def put_batch(http: httpx.Client, token: str, batch_uuid: str, body: bytes, **headers):
    hdrs = {"Content-Encoding": "gzip", **auth_header(token), **headers}
    return http.put(f"/api/v1/batches/{batch_uuid}", content=body, headers=hdrs)


def login(http: httpx.Client, username: str, password: str = PASSWORD) -> dict:
    """Sign a supervisor or admin in; the Authorization header of the session."""
    resp = http.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert resp.status_code == 200, resp.text
    return auth_header(resp.json()["token"])


@pytest.fixture
def team(live, client):
    """Officers ani, dedi (kecamatan A, two teams) and rudi (B); supervisors budi (A) and
    eka (B); admin root. Returns registered devices and login headers."""
    from server.supervisor import set_profile

    live.add_user("ani")
    live.add_user("dedi")
    live.add_user("rudi", kecamatan=OTHER_KECAMATAN)
    live.add_user("budi", role="supervisor")
    live.add_user("eka", role="supervisor", kecamatan=OTHER_KECAMATAN)
    live.add_user("root", role="admin", kecamatan=None)
    with live.engine.begin() as conn:
        set_profile(conn, "ani", "Ani Rahmawati", "Tim 1")
        set_profile(conn, "dedi", "Dedi Kurniawan", "Tim 2")
        set_profile(conn, "rudi", "Rudi Hartono", "Tim 3")
    return {
        "ani": register(client, "ani"),
        "dedi": register(client, "dedi"),
        "rudi": register(client, "rudi"),
        "budi": login(client, "budi"),
        "eka": login(client, "eka"),
        "root": login(client, "root"),
    }
