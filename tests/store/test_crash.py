"""Kill a writing process at random points; the file and the outbox must stay exact."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from app.store import Store

ROOT = Path(__file__).resolve().parents[2]
KILLS = 15


def run_and_kill(db_path: Path, seed: int, lines_before_kill: int) -> list[tuple]:
    """Start the writer, read ``lines_before_kill`` committed changes, SIGKILL it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.store.crash_writer", str(db_path), str(seed)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    heard = []
    try:
        for _ in range(lines_before_kill):
            line = child.stdout.readline()
            if not line:
                raise AssertionError(f"writer stopped early: {child.stderr.read()}")
            entity, uuid, revision = line.split()
            heard.append((entity, uuid, int(revision)))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    return heard


def test_sigkill_never_breaks_the_file_or_the_outbox(tmp_path):
    db_path = tmp_path / "jempol.sqlite3"
    rng = random.Random(20250304)
    heard: list[tuple] = []
    for round_ in range(KILLS):
        heard += run_and_kill(db_path, seed=round_, lines_before_kill=rng.randint(1, 40))

    with Store.open(db_path) as store:
        db = store.db
        assert store.integrity_check() == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []

        outbox = {
            (r["entity"], r["entity_uuid"], r["revision"]): r
            for r in db.query("SELECT * FROM outbox")
        }
        assert len(outbox) == db.execute("SELECT count(*) FROM outbox").fetchone()[0]

        # Every request revision has one history row and one outbox entry, and vice versa.
        revisions = {
            ("request", r["uuid"], n)
            for r in db.query("SELECT uuid, revision FROM requests")
            for n in range(1, r["revision"] + 1)
        }
        history = {
            ("request", h["uuid"], h["revision"]): h
            for h in db.query("SELECT * FROM request_history")
        }
        assert set(history) == revisions
        assert {k for k in outbox if k[0] == "request"} == revisions
        # The snapshot is kept once, in the outbox entry; the history reads it there.
        assert all(h["snapshot"] is None for h in history.values())
        for uuid in {key[1] for key in history}:
            for entry in store.request_history(uuid):
                payload = json.loads(outbox[("request", uuid, entry["revision"])]["payload"])
                assert entry["snapshot"] == payload
                assert (payload["uuid"], payload["revision"]) == (uuid, entry["revision"])

        visit_revisions = {
            ("visit", v["uuid"], n)
            for v in db.query("SELECT uuid, revision FROM visits")
            for n in range(1, v["revision"] + 1)
        }
        assert {k for k in outbox if k[0] == "visit"} == visit_revisions
        movements = {("stock", m["uuid"], 1) for m in db.query("SELECT uuid FROM stock_movements")}
        assert {k for k in outbox if k[0] == "stock"} == movements

        # Every printed card belongs to a printing request that reached "done".
        printed = db.execute(
            "SELECT count(*) FROM stock_movements m JOIN requests r ON r.uuid = m.request_uuid"
            " WHERE m.kind = 'print' AND r.service IN ('ktp_printing', 'ktp_replacement')"
        ).fetchone()[0]
        assert (
            printed
            == db.execute("SELECT count(*) FROM stock_movements WHERE kind = 'print'").fetchone()[0]
        )
        officer_id = db.execute("SELECT id FROM officers").fetchone()[0]
        assert store.stock_balance(officer_id) >= 0

        # Every change the writer reported as committed survived the kills.
        assert len(heard) >= KILLS
        assert set(heard) <= set(outbox)
        assert db.execute("SELECT count(*) FROM requests").fetchone()[0] > 0
