"""Supervisor review at district scale: inbox and filters over 50,000 records, approve-clean.

Run: .venv/bin/python bench/bench_review.py [--records 50000] [--runs 7] [--pg]

Builds a fresh database (SQLite in a temporary directory, or with ``--pg`` a fresh schema
of $JEMPOL_BENCH_PG_URL / $JEMPOL_TEST_PG_URL / the local ``test`` database, dropped at
the end) and loads ``--records`` service requests through the real ingest path
(``server.ingest.ingest_batch``: gunzip, hash check, validation, records + revision
history, review index and flags) as sealed batches of 500 from 10 officers in 5
kecamatan; about 1 % are duplicates and 2 % have a NIK from another kecamatan (flagged).
Three of the batches hold 1,000 records each, for approve-clean.

Then, against a real uvicorn on loopback, it times over HTTP (median of ``--runs``):

| measure | request | goal |
| --- | --- | --- |
| inbox open (admin, all 50,000) | GET /review/batches | <= 1 s |
| inbox open (supervisor, 1 kecamatan) | GET /review/batches | <= 1 s |
| filter: batches by state + officer | GET /review/batches?state=new&officer=... | <= 1 s |
| filter: records by name prefix | GET /review/records?q=siti | <= 1 s |
| filter: records by service + state | GET /review/records?service=kk_change&state=pending | <= 1 s |
| open a batch (its records) | GET /review/records?batch_uuid=... | <= 1 s |
| approve-clean of 1,000 records | POST /review/batches/{uuid}/approve-clean (median of 3) | <= 2 s |

Exit status 1 when a goal is missed; figures also go to bench/results/bench_review-<db>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from app.domain.kk import make_kk  # noqa: E402
from app.domain.nik import make_nik  # noqa: E402
from app.domain.record import RequestInput, request_to_dict  # noqa: E402
from app.domain.regions import regions  # noqa: E402
from server import auth  # noqa: E402
from server.api import create_app  # noqa: E402
from server.db import make_engine  # noqa: E402
from server.ingest import ingest_batch  # noqa: E402
from server.migrate import upgrade  # noqa: E402
from server.supervisor import set_profile  # noqa: E402
from sync.protocol import PROTOCOL_HEADER, RecordEnvelope, seal_batch  # noqa: E402

KECAMATAN = ["64.02.05", "64.02.06", "64.02.07", "64.02.08", "64.02.02"]
PASSWORD = "bench-rahasia-123"
BATCH_SIZE = 500
CLEAN_BATCH = 1000
FIRST = ["Siti", "Budi", "Ahmad", "Nur", "Dewi", "Rina", "Agus", "Muhammad", "Sri", "Andi"]
LAST = ["Aminah", "Santoso", "Rahman", "Hidayat", "Lestari", "Saputra", "Wati", "Kurniawan"]
SERVICES = ["ktp_recording", "ktp_printing", "kk_change", "move_in", "birth_certificate"]
GOALS = {"list": 1.0, "approve_clean": 2.0}


def _request(rng: random.Random, kecamatan: str, serial: int) -> dict:
    desa = rng.choice(regions().desa_of(kecamatan)).code
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    sex = rng.choice("LP")
    nik_region = kecamatan if rng.random() > 0.02 else rng.choice(KECAMATAN)
    data = RequestInput(
        desa_code=desa,
        nik=make_nik(nik_region, birth, sex, serial % 9999 + 1),
        kk=make_kk(kecamatan, date(2012, 1, 1) + timedelta(days=serial % 3000), serial % 9999 + 1),
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        birth_date=birth,
        sex=sex,
        service=rng.choice(SERVICES),
        visit_date=date(2025, 1, 1) + timedelta(days=rng.randrange(0, 300)),
    )
    out = request_to_dict(data)
    out.update(visit_uuid=str(uuid.uuid4()), officer_nip="198001012005011001")
    return out


def _database(pg: bool) -> tuple[str, callable]:
    if not pg:
        directory = tempfile.mkdtemp(prefix="bench-review-")
        return f"sqlite:///{directory}/server.sqlite3", lambda: None
    base = os.environ.get(
        "JEMPOL_BENCH_PG_URL",
        os.environ.get("JEMPOL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    )
    schema = f"jempol_bench_review_{secrets.token_hex(4)}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()

    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", drop


def _load(engine, total: int, rng: random.Random) -> tuple[list[str], float]:
    """Officers, devices and ``total`` requests through ingest; returns the 1,000-batches."""
    officers = []
    with engine.begin() as conn:
        for i in range(10):
            kecamatan = KECAMATAN[i % len(KECAMATAN)]
            user = auth.create_user(conn, f"petugas{i}", PASSWORD, "officer", kecamatan)
            set_profile(conn, user["username"], f"Petugas {i}", f"Tim {i % 4 + 1}")
            device_id, _token = auth.register_device(conn, user, f"laptop {i}")
            officers.append(({"id": device_id}, user))
        auth.create_user(conn, "pengawas", PASSWORD, "supervisor", KECAMATAN[0])
        auth.create_user(conn, "admin", PASSWORD, "admin", None)
    sizes = [CLEAN_BATCH] * 3
    left = total - sum(sizes)
    sizes += [BATCH_SIZE] * (left // BATCH_SIZE) + (
        [left % BATCH_SIZE] if left % BATCH_SIZE else []
    )
    rng.shuffle(sizes)
    serial, clean_batches, recent = 0, [], []
    started = time.perf_counter()
    for number, size in enumerate(sizes):
        device, user = officers[0] if size == CLEAN_BATCH else officers[number % len(officers)]
        envs = []
        for _ in range(size):
            serial += 1
            if recent and rng.random() < 0.01:  # a duplicate of a recent request
                data = dict(rng.choice(recent), visit_uuid=str(uuid.uuid4()))
                if not data["desa_code"].startswith(user["kecamatan_code"] + "."):
                    data = _request(rng, user["kecamatan_code"], serial)
            else:
                data = _request(rng, user["kecamatan_code"], serial)
            recent = (recent + [data])[-200:]
            envs.append(
                RecordEnvelope(
                    kind="request",
                    uuid=str(uuid.uuid4()),
                    revision=1,
                    device_time="2025-06-01T02:03:04.000Z",
                    data=data,
                )
            )
        batch, body = seal_batch(
            str(uuid.uuid4()), device["id"], 1, size, envs, "2025-06-01T03:00:00Z"
        )
        result = ingest_batch(engine, device, user, batch.batch_uuid, body, "gzip")
        rejected = [r for r in result.results if r.outcome != "accepted"]
        if rejected:
            raise SystemExit(f"bench data rejected: {rejected[0].code} {rejected[0].message}")
        if size == CLEAN_BATCH:
            clean_batches.append(batch.batch_uuid)
        print(f"\rloaded {serial:,} / {total:,} records", end="", flush=True)
    seconds = time.perf_counter() - started
    print(f"\rloaded {total:,} records in {seconds:.1f} s ({total / seconds:,.0f}/s)")
    return clean_batches, seconds


class _Server:
    def __init__(self, url: str):
        self.app = create_app(url)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.base_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.app.state.engine.dispose()
        self.sock.close()


def _timed(http: httpx.Client, method: str, path: str, headers, params=None) -> tuple[float, dict]:
    started = time.perf_counter()
    resp = http.request(method, path, params=params, headers=headers)
    seconds = time.perf_counter() - started
    if resp.status_code != 200:
        raise SystemExit(f"{method} {path}: {resp.status_code} {resp.text}")
    return seconds, resp.json()


def _login(http: httpx.Client, username: str) -> dict:
    resp = http.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    resp.raise_for_status()
    return {"Authorization": f"Bearer {resp.json()['token']}"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pg", action="store_true", help="PostgreSQL instead of SQLite")
    args = parser.parse_args()
    rng = random.Random(20250601)
    url, drop = _database(args.pg)
    engine = make_engine(url)
    try:
        upgrade(engine)
        clean_batches, load_seconds = _load(engine, args.records, rng)
        server = _Server(url)
        try:
            rows = _measure(server.base_url, clean_batches, args.runs)
        finally:
            server.stop()
    finally:
        engine.dispose()
        drop()
    db = "postgresql" if args.pg else "sqlite"
    print(f"\nSupervisor review, {args.records:,} records, {db} (median of {args.runs}):")
    print(f"{'measure':<44} {'seconds':>8} {'goal':>6}  result")
    failed = False
    for name, seconds, goal, note in rows:
        ok = seconds <= goal
        failed |= not ok
        print(f"{name:<44} {seconds:>8.3f} {goal:>6.1f}  {'ok' if ok else 'MISSED'} {note}")
    out = ROOT / "bench" / "results" / f"bench_review-{db}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "records": args.records,
                "database": db,
                "load_seconds": round(load_seconds, 1),
                "measures": [
                    {"measure": n, "seconds": round(s, 4), "goal": g, "note": note}
                    for n, s, g, note in rows
                ],
            },
            indent=2,
        )
        + "\n"
    )
    return 1 if failed else 0


def _measure(base_url: str, clean_batches: list[str], runs: int) -> list[tuple]:
    with httpx.Client(base_url=base_url, headers={PROTOCOL_HEADER: "1"}, timeout=60) as http:
        admin, sup = _login(http, "admin"), _login(http, "pengawas")
        some_batch = clean_batches[0]
        lists = [
            ("inbox open (admin, all kecamatan)", admin, "/api/v1/review/batches", {}),
            ("inbox open (supervisor, own kecamatan)", sup, "/api/v1/review/batches", {}),
            (
                "filter: batches state=new officer=petugas5",
                admin,
                "/api/v1/review/batches",
                {"state": "new", "officer": "petugas5"},
            ),
            ("filter: records q=siti (admin)", admin, "/api/v1/review/records", {"q": "siti"}),
            (
                "filter: records service+state (admin)",
                admin,
                "/api/v1/review/records",
                {"service": "kk_change", "state": "pending"},
            ),
            (
                "open a batch (1,000 records, limit 200)",
                sup,
                "/api/v1/review/records",
                {"batch_uuid": some_batch},
            ),
        ]
        rows = []
        for name, who, path, params in lists:
            _timed(http, "GET", path, who, params)  # warm-up
            samples, body = [], {}
            for _ in range(runs):
                seconds, body = _timed(http, "GET", path, who, params)
                samples.append(seconds)
            note = f"(total {body['total']:,}, {len(body['items'])} on the page)"
            rows.append((name, statistics.median(samples), GOALS["list"], note))
        samples, approved, skipped = [], 0, 0
        for batch_uuid in clean_batches:
            path = f"/api/v1/review/batches/{batch_uuid}/approve-clean"
            seconds, body = _timed(http, "POST", path, sup)
            samples.append(seconds)
            approved, skipped = approved + body["approved"], skipped + body["skipped"]
        note = f"({approved:,} approved, {skipped:,} skipped over {len(clean_batches)} batches)"
        rows.append(("approve-clean, 1,000-record batch", statistics.median(samples), 2.0, note))
    return rows


if __name__ == "__main__":
    sys.exit(main())
