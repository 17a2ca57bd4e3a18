"""Ingest speed on PostgreSQL: the real HTTP endpoint vs a plain executemany.

Run: .venv/bin/python bench/bench_ingest_pg.py [--runs 7] [--batches 4]

Starts ``jempol-server serve`` (uvicorn, one worker, no reload: as in production) on a
fresh schema of $JEMPOL_BENCH_PG_URL (default: $JEMPOL_TEST_PG_URL or the local ``test``
database) and, in every run, times two things over the same records:

- HTTP: ``--batches`` sealed batches of 500 valid service requests, one after another,
  through ``PUT /api/v1/batches/{uuid}`` (authentication, gunzip, hash check, validation,
  records + revision history + batch audit copy, the review flags, the JSON answer);
- executemany: the same rows (fresh uuids) into the same ``records`` table, with the same
  indexes, as one SQLAlchemy ``insert(records)`` executemany per 500 rows in its own
  transaction, single-threaded, on an engine with SQLAlchemy's and psycopg's default
  settings. Rows are prepared before the clock starts.

The two alternate which goes first, so table growth, checkpoints and autovacuum fall on
both. Prints records/second (median of the runs) for both, the ratio of the medians and
the median of the per-run ratios (steadier on a busy machine). The schema is dropped at
the end.

Diagnostics (Linux, not part of the measure): the CPU time per 500-record batch of this
process (the client), the server process and the PostgreSQL backends, read from /proc
around each side. On a machine whose cores are all busy the wall time follows their sum.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, insert  # noqa: E402

from app.domain.kk import make_kk  # noqa: E402
from app.domain.nik import make_nik  # noqa: E402
from app.domain.record import RequestInput, request_to_dict  # noqa: E402
from app.domain.regions import regions  # noqa: E402
from server import auth  # noqa: E402
from server.db import make_engine, records, utcnow  # noqa: E402
from server.migrate import upgrade  # noqa: E402
from sync.protocol import PROTOCOL_HEADER, RecordEnvelope, canonical_json, seal_batch  # noqa: E402

BATCH_SIZE = 500
KECAMATAN = "64.02.05"


def _request(serial: int, desa_codes: list[str]) -> dict:
    birth = date(1960 + serial % 45, 1 + serial % 12, 1 + serial % 28)
    sex = "L" if serial % 2 else "P"
    data = RequestInput(
        desa_code=desa_codes[serial % len(desa_codes)],
        nik=make_nik(KECAMATAN, birth, sex, 1 + serial % 9999),
        kk=make_kk(KECAMATAN, date(2010 + serial % 14, 1 + serial % 12, 1), 1 + serial % 9999),
        name="Warga Nomor Satu",
        birth_date=birth,
        sex=sex,
        service="kk_change",
        visit_date=date(2025, 6, 1 + serial % 28),
    )
    out = request_to_dict(data)
    out.update(visit_uuid=str(uuid.uuid4()), officer_nip="198001012005011001")
    return out


def _envelopes(count: int, start: int, desa: list[str]) -> list[RecordEnvelope]:
    return [
        RecordEnvelope(
            kind="request",
            uuid=str(uuid.uuid4()),
            revision=1,
            device_time="2025-06-01T02:03:04.000Z",
            data=_request(start + i, desa),
        )
        for i in range(count)
    ]


def _start_server(url: str) -> tuple[subprocess.Popen, str]:
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
        raise SystemExit(f"server did not start: {line!r}")
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    return proc, line.split("listening on ")[1].split()[0]


def _push(http: httpx.Client, token: str, sealed: list) -> float:
    """Seconds to push the sealed batches one after another; every record must be accepted."""
    headers = {"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"}
    start = time.perf_counter()
    for batch, body in sealed:
        resp = http.put(f"/api/v1/batches/{batch.batch_uuid}", content=body, headers=headers)
        results = resp.json()["results"]
        assert resp.status_code == 200 and all(r["outcome"] == "accepted" for r in results)
    return time.perf_counter() - start


def _plain_rows(sealed: list, officer_id: int, device_id: str) -> list[list[dict]]:
    """The rows the server stores for these batches, under fresh uuids."""
    now = utcnow()
    return [
        [
            {
                "uuid": str(uuid.uuid4()),
                "kind": env.kind,
                "revision": env.revision,
                "officer_id": officer_id,
                "device_id": device_id,
                "batch_id": -1,
                "kecamatan_code": KECAMATAN,
                "desa_code": env.data["desa_code"],
                "visit_date": date.fromisoformat(env.data["visit_date"]),
                "data": canonical_json(env.data).decode("utf-8"),
                "device_time": now,
                "server_received_at": now,
                "review_status": None,
                "reviewed_at": None,
            }
            for env in batch.records
        ]
        for batch, _body in sealed
    ]


def _executemany(engine, chunks: list[list[dict]]) -> float:
    """Seconds for one executemany per chunk, each in its own transaction."""
    start = time.perf_counter()
    for rows in chunks:
        with engine.begin() as conn:
            conn.execute(insert(records), rows)
    return time.perf_counter() - start


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pids: list[int]) -> float | None:
    """user + system CPU of the processes ``pids`` (Linux /proc), None where unknown."""
    total = 0
    try:
        for pid in pids:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None
    return total / _TICK


def _backends(engine) -> list[int]:
    """This run's PostgreSQL backends (the server's and the executemany's)."""
    with engine.connect() as conn:
        return [
            pid
            for (pid,) in conn.exec_driver_sql(
                "SELECT pid FROM pg_stat_activity WHERE application_name = "
                "current_setting('application_name')"
            )
        ]


def _load() -> str:
    """The 1/5/15-minute load averages: other work on the machine skews both sides."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # not on every platform
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--batches", type=int, default=4, help="500-record batches per run")
    args = parser.parse_args()

    base = os.environ.get("JEMPOL_BENCH_PG_URL") or os.environ.get(
        "JEMPOL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    schema = f"jempol_bench_{secrets.token_hex(4)}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    # the application name tells this run's PostgreSQL backends apart (CPU diagnostics)
    url = (
        f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
        f"&application_name={schema}"
    )
    engine = make_engine(url)
    # the executemany side: SQLAlchemy's and psycopg's defaults (no pre-ping, psycopg's
    # own prepared statements), not the server's settings
    plain = create_engine(url)
    proc = None
    try:
        upgrade(engine)
        with engine.begin() as conn:
            officer = auth.create_user(conn, "bench", "rahasia-123", "officer", KECAMATAN)
        proc, base_url = _start_server(url)
        http = httpx.Client(base_url=base_url, headers={PROTOCOL_HEADER: "1"}, timeout=120)
        reg = http.post(
            "/api/v1/devices/register",
            json={"username": "bench", "password": "rahasia-123", "device_name": "bench"},
        ).json()
        token, device_id = reg["token"], reg["device_id"]
        desa = [r.code for r in regions().desa_of(KECAMATAN)]
        per_run = args.batches * BATCH_SIZE
        print(
            f"PostgreSQL ingest, {args.runs} runs x {args.batches} batches x {BATCH_SIZE} records"
            f" (load average {_load()})"
        )

        # warm-up, not measured: connections, caches, and enough executions for psycopg to
        # prepare the statements of both sides (its prepare_threshold is 5)
        warm = [
            seal_batch(str(uuid.uuid4()), device_id, 0, 0, _envelopes(50, 50 * i, desa), "x")
            for i in range(6)
        ]
        _push(http, token, warm)
        _executemany(plain, _plain_rows(warm, officer["id"], device_id))

        http_rates, plain_rates, ratios = [], [], []
        cpu: dict[str, list[tuple]] = {"http": [], "plain": []}  # diagnostics
        serial = 1000
        for run in range(args.runs):
            sealed = []
            for _ in range(args.batches):
                envs = _envelopes(BATCH_SIZE, serial, desa)
                serial += BATCH_SIZE
                sealed.append(
                    seal_batch(str(uuid.uuid4()), device_id, 1, BATCH_SIZE, envs, "2025-06-01")
                )
            chunks = _plain_rows(sealed, officer["id"], device_id)
            timings = {}
            for side in ("http", "plain") if run % 2 == 0 else ("plain", "http"):
                pids = [proc.pid, *_backends(engine)]
                before = (time.process_time(), _cpu_seconds(pids[:1]), _cpu_seconds(pids[1:]))
                if side == "http":
                    timings[side] = _push(http, token, sealed)
                else:
                    timings[side] = _executemany(plain, chunks)
                after = (time.process_time(), _cpu_seconds(pids[:1]), _cpu_seconds(pids[1:]))
                cpu[side].append(tuple(zip(before, after, strict=True)))
            http_rates.append(per_run / timings["http"])
            plain_rates.append(per_run / timings["plain"])
            ratios.append(http_rates[-1] / plain_rates[-1])
            print(
                f"  run {run + 1}: HTTP {http_rates[-1]:8.0f} rec/s   "
                f"executemany {plain_rates[-1]:8.0f} rec/s   ratio {ratios[-1]:.3f}"
            )

        http_med, plain_med = statistics.median(http_rates), statistics.median(plain_rates)
        summary = {
            "http_records_per_s": round(http_med),
            "executemany_records_per_s": round(plain_med),
            "ratio_http_to_executemany": round(http_med / plain_med, 3),
            "median_run_ratio": round(statistics.median(ratios), 3),
        }
        print(f"median HTTP ingest       : {http_med:8.0f} records/s")
        print(f"median plain executemany : {plain_med:8.0f} records/s")
        print(f"ratio HTTP / executemany : {http_med / plain_med:8.3f}")
        print(f"median of per-run ratios : {statistics.median(ratios):8.3f}")
        print(f"load average at the end  : {_load()} ({os.cpu_count()} CPUs)")
        for side, name in (("http", "HTTP"), ("plain", "executemany")):
            parts = []
            for index, who in enumerate(("client", "server", "postgres")):
                spans = [run[index] for run in cpu[side]]
                if all(a is not None and b is not None for a, b in spans):
                    per_batch = 1000 * statistics.mean(b - a for a, b in spans) / args.batches
                    parts.append(f"{who} {per_batch:.1f}")
            print(f"CPU ms per batch, {name:11s}: {'  '.join(parts) or 'unknown'}")
        print(json.dumps(summary))
        http.close()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=60)
        engine.dispose()
        plain.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
