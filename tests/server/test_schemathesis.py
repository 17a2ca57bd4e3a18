"""schemathesis against ``/openapi.json`` of the real server (SQLite), a bounded number of
generated requests per operation, with valid tokens: no 5xx, answers match the schema."""

from __future__ import annotations

import uuid

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from server import auth
from server.api import create_app
from sync.protocol import PROTOCOL_HEADER
from tests.server.conftest import (
    KECAMATAN,
    LiveServer,
    envelope,
    put_batch,
    register,
    sealed,
)

MAX_EXAMPLES = 25
DEVICE_PATHS = ("/api/v1/batches/", "/api/v1/relay", "/api/v1/changes")


@pytest.fixture(scope="module")
def schema_server(tmp_path_factory, sqlite_template):
    """One server for the module: an officer with a pushed batch, a supervisor, an admin."""
    target = tmp_path_factory.mktemp("schemathesis") / "server.sqlite3"
    target.write_bytes(sqlite_template.read_bytes())
    server = LiveServer(f"sqlite:///{target}").start()
    server.add_user("petugas", "officer", KECAMATAN)
    server.add_user("spv", "supervisor", KECAMATAN)
    admin = server.add_user("admin", "admin", None)
    with httpx.Client(base_url=server.base_url, headers={PROTOCOL_HEADER: "1"}) as http:
        device = register(http, "petugas")
        batch, body = sealed(device["device_id"], [envelope(str(uuid.uuid4()))])
        assert put_batch(http, device["token"], batch.batch_uuid, body).status_code == 200
    server.device_token = device["token"]
    server.admin = admin
    with server.engine.begin() as conn:
        server.admin_token, _ = auth.open_session(conn, admin)
    yield server
    server.stop()


# The schema of the app as served (building the app connects to nothing); the generated
# requests go to the real server of ``schema_server``. One pytest item per operation,
# parametrized here: schemathesis's own ``schema.parametrize()`` gives every item the same
# node id under pytest 9, which pytest-xdist then runs only once.
API = create_app("sqlite://").openapi()
schema = schemathesis.openapi.from_dict(API)
OPERATIONS = sorted(
    (method.upper(), path)
    for path, methods in API["paths"].items()
    for method in methods
    if method in ("get", "post", "put", "delete", "patch")
)


def _token(server, path: str) -> str:
    if path.startswith(DEVICE_PATHS):
        return server.device_token
    if path == "/api/v1/auth/logout":  # signing out ends the session: a fresh one each time
        with server.engine.begin() as conn:
            token, _ = auth.open_session(conn, server.admin)
        return token
    return server.admin_token


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_api_conforms_to_its_schema(method, path, schema_server):
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,  # the same requests on every run
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        headers = {
            "Authorization": f"Bearer {_token(schema_server, path)}",
            PROTOCOL_HEADER: "1",
        }
        case.call_and_validate(
            base_url=schema_server.base_url,
            headers=headers,
            checks=[not_a_server_error, response_schema_conformance],
            timeout=30,
        )

    check()


def test_every_operation_is_covered():
    assert len(OPERATIONS) == 15 and ("PUT", "/api/v1/batches/{batch_uuid}") in OPERATIONS
