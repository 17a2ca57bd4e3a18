"""The real Jempol server for client tests: in a thread (fast) or a child process (killable).

* :class:`ThreadServer` - uvicorn in a thread on a kernel-picked loopback port, built with
  ``server.api.create_app`` (like tests/server/conftest.py).
* :class:`ProcessServer` - ``python -m server serve --port 0`` in a child process; it can be
  SIGKILLed and started again on the same database (the port changes; point the fault
  proxy at the new one).

Both share the helpers of :class:`ServerAdmin`: accounts made with the ``jempol-server
user add`` command (its ``main``), supervisor decisions over HTTP, and direct queries of
the server's database.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import requests
import sqlalchemy as sa
import uvicorn

from server.api import create_app
from server.cli import main as server_main
from server.config import resolve_database_url
from server.db import make_engine
from server.migrate import upgrade
from sync.protocol import PROTOCOL_HEADER

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "rahasia-123"


class ServerAdmin:
    """Accounts, decisions and database queries against one server database."""

    data_dir: Path
    db_url: str

    @property
    def base_url(self) -> str:
        raise NotImplementedError

    def add_user(
        self, name: str, role: str = "officer", kecamatan: str | None = None, password=PASSWORD
    ) -> None:
        """``jempol-server user add NAME --role ROLE [--kecamatan K]`` (password on stdin)."""
        argv = ["user", "add", name, "--role", role, "--data-dir", str(self.data_dir)]
        if kecamatan:
            argv += ["--kecamatan", kecamatan]
        old_stdin = sys.stdin
        sys.stdin = io.StringIO(password + "\n")
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                code = server_main(argv)
        finally:
            sys.stdin = old_stdin
        assert code == 0, f"user add {name} failed ({code})"

    def decide(
        self,
        supervisor: str,
        record_uuid: str,
        decision: str,
        comment: str = "",
        password: str = PASSWORD,
    ) -> dict:
        """Log in as ``supervisor`` and POST a review decision for ``record_uuid``."""
        headers = {PROTOCOL_HEADER: "1"}
        login = requests.post(
            f"{self.base_url}/api/v1/auth/login",
            json={"username": supervisor, "password": password},
            headers=headers,
            timeout=30,
        )
        assert login.status_code == 200, login.text
        headers["Authorization"] = f"Bearer {login.json()['token']}"
        answer = requests.post(
            f"{self.base_url}/api/v1/records/{record_uuid}/decision",
            json={"decision": decision, "comment": comment},
            headers=headers,
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    def query(self, sql: str, **params) -> list[dict]:
        engine = make_engine(self.db_url)
        try:
            with engine.connect() as conn:
                return [dict(r) for r in conn.execute(sa.text(sql), params).mappings()]
        finally:
            engine.dispose()

    def records(self) -> dict[str, dict]:
        """Every record on the server: uuid -> {kind, revision, data}."""
        rows = self.query("SELECT uuid, kind, revision, data FROM records")
        return {
            r["uuid"]: {"kind": r["kind"], "revision": r["revision"], "data": json.loads(r["data"])}
            for r in rows
        }

    def record_revision_rows(self) -> list[dict]:
        """(uuid, revision) of every stored revision, duplicates included."""
        return self.query("SELECT uuid, revision FROM record_revisions")

    def batch_count(self) -> int:
        return self.query("SELECT count(*) AS n FROM batches")[0]["n"]


class ThreadServer(ServerAdmin):
    """uvicorn in a daemon thread; ``stop()`` shuts it down."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.db_url = resolve_database_url(self.data_dir)
        engine = make_engine(self.db_url)
        upgrade(engine)
        engine.dispose()
        self.app = create_app(self.db_url)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms stalls
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ThreadServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.app.state.engine.dispose()
        self.sock.close()


class ProcessServer(ServerAdmin):
    """``python -m server serve`` in a child process; ``kill()`` and ``start()`` again."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.db_url = resolve_database_url(self.data_dir)
        self.proc: subprocess.Popen | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ProcessServer:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server",
                "serve",
                "--data-dir",
                str(self.data_dir),
                "--port",
                "0",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # "Jempol server listening on http://host:PORT ..."
        match = re.search(r":(\d+) ", line)
        if not match:
            self.kill()
            raise RuntimeError(f"server did not start: {line!r}")
        self.port = int(match.group(1))
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        """The socket listens before the banner is printed, so this request just waits in
        the kernel's backlog until uvicorn serves it (no polling)."""
        answer = requests.get(f"{self.base_url}/api/v1/health", timeout=60)
        answer.raise_for_status()

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()
        self.proc = None

    stop = kill
