"""Server failures stay inside ErrorBody; PostgreSQL tests fail in CI instead of skipping."""

from __future__ import annotations

import httpx
import pytest

from tests.server.conftest import LiveServer, pg_unavailable


def test_unexpected_exception_is_a_plain_500(live, client):
    def boom():
        raise RuntimeError("secret internals 6402055705900012")

    live.app.add_api_route("/api/v1/boom", boom)
    resp = client.get("/api/v1/boom")
    assert resp.status_code == 500
    assert resp.json()["code"] == "server_error"
    assert "secret" not in resp.text and "Traceback" not in resp.text


def test_unknown_route_and_method(client):
    assert client.get("/api/v1/nothing").json()["code"] == "not_found"
    wrong = client.delete("/api/v1/health")
    assert wrong.status_code == 405 and wrong.json()["code"] == "bad_request"
    malformed = client.post("/api/v1/auth/login", content=b"{not json")
    assert malformed.status_code == 400 and malformed.json()["code"] == "bad_request"


def test_unreachable_database_is_503():
    server = LiveServer("postgresql+psycopg://postgres@127.0.0.1:1/nowhere").start()
    try:
        resp = httpx.post(
            f"{server.base_url}/api/v1/auth/login",
            json={"username": "a", "password": "b"},
            timeout=30,
        )
        assert resp.status_code == 503
        assert resp.json()["code"] == "unavailable"
        assert resp.headers["retry-after"] == "30"
    finally:
        server.stop()


@pytest.mark.parametrize("env", ["CI", "JEMPOL_REQUIRE_PG"])
def test_missing_postgres_fails_when_required(monkeypatch, env):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("JEMPOL_REQUIRE_PG", raising=False)
    with pytest.raises(pytest.skip.Exception):
        pg_unavailable("down")
    monkeypatch.setenv(env, "1")
    with pytest.raises(pytest.fail.Exception, match="required"):
        pg_unavailable("down")
