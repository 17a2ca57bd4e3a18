"""Supervisor dashboard over a year of data for all 20 kecamatan: endpoint + draw.

Run: .venv/bin/python bench/bench_dashboard.py [--records 250000] [--runs 7] [--pg]

Builds a fresh database (SQLite in a temporary directory, or with ``--pg`` a fresh schema
of $JEMPOL_BENCH_PG_URL / $JEMPOL_TEST_PG_URL / the local ``test`` database, dropped at
the end) and inserts directly (for speed; the ingest path has its own bench) a year of
data: ``--records`` requests spread over 365 days and the 20 Kukar kecamatan (rows in
``records`` and ``record_review``, two officers/teams per kecamatan, 70 % reviewed), one
stock movement per 10 requests, and target lists of 300 residents per kecamatan, half of
them served by an e-KTP recording request.

Then, against a real uvicorn on loopback, it times (median of ``--runs``):

| measure | how | goal |
| --- | --- | --- |
| endpoint, admin, 20 kecamatan, 365 days | GET /dashboard (DashboardClient) | - |
| draw, admin, 20 kecamatan, 365 days | DashboardWidget.set_data + paint (offscreen) | - |
| endpoint + draw, admin (the supervisor's wait) | sum of the two, per run | <= 1 s |
| endpoint + draw, supervisor (1 kecamatan) | same, one kecamatan | <= 1 s |

Exit status 1 when a goal is missed; figures also go to bench/results/bench_dashboard-<db>.json.
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
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import uvicorn  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from app.domain.nik import make_nik  # noqa: E402
from app.domain.regions import regions  # noqa: E402
from server import auth  # noqa: E402
from server.api import create_app  # noqa: E402
from server.db import make_engine, records  # noqa: E402
from server.flags import WITA, record_review  # noqa: E402
from server.migrate import upgrade  # noqa: E402
from server.supervisor import set_profile  # noqa: E402
from server.targets import targets  # noqa: E402

PASSWORD = "bench-rahasia-123"
SERVICES = ["ktp_recording", "ktp_printing", "kk_change", "move_in", "birth_certificate", "kia"]
GOAL_SECONDS = 1.0
CHUNK = 5000
TARGETS_PER_KECAMATAN = 300


def _pg_url() -> str:
    return os.environ.get(
        "JEMPOL_BENCH_PG_URL",
        os.environ.get("JEMPOL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    )


def build(engine, n_records: int, today: date, seed: int = 7) -> dict:
    """Users, a year of requests, stock movements and target lists; returns the logins."""
    rng = random.Random(seed)
    kecamatan = [r.code for r in regions().kukar_kecamatan()]
    officers: dict[str, list[int]] = {}
    with engine.begin() as conn:
        admin = auth.create_user(conn, "admin", PASSWORD, "admin", None)
        auth.create_user(conn, "supervisor", PASSWORD, "supervisor", kecamatan[0])
        for k_index, code in enumerate(kecamatan):
            ids = []
            for team in (1, 2):
                user = auth.create_user(conn, f"officer{k_index}_{team}", PASSWORD, "officer", code)
                set_profile(conn, user["username"], None, f"Tim {k_index * 2 + team}")
                ids.append(user["id"])
            officers[code] = ids
    del admin
    now = datetime.now(UTC)
    first_day = today - timedelta(days=364)
    served: dict[str, list[str]] = {code: [] for code in kecamatan}
    serial = 0
    rows_r, rows_v, rows_s = [], [], []

    def flush(conn) -> None:
        if rows_r:
            conn.execute(insert(records), rows_r)
            rows_r.clear()
        if rows_v:
            conn.execute(insert(record_review), rows_v)
            rows_v.clear()
        if rows_s:
            conn.execute(insert(records), rows_s)
            rows_s.clear()

    with engine.begin() as conn:
        for i in range(n_records):
            code = kecamatan[i % len(kecamatan)]
            desa = rng.choice(regions().desa_of(code)).code
            day = first_day + timedelta(days=rng.randrange(365))
            service = rng.choice(SERVICES)
            officer = rng.choice(officers[code])
            serial += 1
            nik = make_nik(
                code,
                date(1970, 1, 1) + timedelta(days=serial % 9000),
                "LP"[i % 2],
                serial % 9999 + 1,
            )
            received = datetime.combine(day, dtime(12), WITA).astimezone(UTC)
            received = min(received + timedelta(days=rng.randrange(3)), now)
            record_uuid = str(uuid.uuid4())
            status = "cancelled" if rng.random() < 0.02 else "done"
            reviewed = rng.random() < 0.7
            data = {
                "nik": nik,
                "name": "Warga",
                "service": service,
                "status": status,
                "desa_code": desa,
                "visit_date": day.isoformat(),
            }
            rows_r.append(
                {
                    "uuid": record_uuid,
                    "kind": "request",
                    "revision": 1,
                    "officer_id": officer,
                    "device_id": "bench",
                    "batch_id": i // 500 + 1,
                    "kecamatan_code": code,
                    "desa_code": desa,
                    "visit_date": day,
                    "data": json.dumps(data),
                    "device_time": received,
                    "server_received_at": received,
                    "review_status": "approved" if reviewed else None,
                    "reviewed_at": received if reviewed else None,
                }
            )
            rows_v.append(
                {
                    "uuid": record_uuid,
                    "revision": 1,
                    "batch_id": i // 500 + 1,
                    "officer_id": officer,
                    "kecamatan_code": code,
                    "nik": nik,
                    "name_key": "warga",
                    "service": service,
                    "status": status,
                    "day": day,
                    "warning_count": 0,
                    "flag_codes": "",
                    "flag_data": "{}",
                    "computed_at": received,
                }
            )
            if service == "ktp_recording" and status != "cancelled" and len(served[code]) < 150:
                served[code].append(nik)
            if i % 10 == 0:
                kind, qty = ("receipt", 50) if i % 100 == 0 else ("print", -1)
                rows_s.append(
                    {
                        "uuid": str(uuid.uuid4()),
                        "kind": "stock",
                        "revision": 1,
                        "officer_id": officer,
                        "device_id": "bench",
                        "batch_id": i // 500 + 1,
                        "kecamatan_code": code,
                        "desa_code": None,
                        "visit_date": None,
                        "data": json.dumps({"kind": kind, "quantity": qty}),
                        "device_time": received,
                        "server_received_at": received,
                        "review_status": None,
                        "reviewed_at": None,
                    }
                )
            if len(rows_r) >= CHUNK:
                flush(conn)
        flush(conn)
        seq = 0
        target_rows = []
        for k_index, code in enumerate(kecamatan):
            desa = regions().desa_of(code)[0].code
            niks = list(served[code])
            while len(niks) < TARGETS_PER_KECAMATAN:
                niks.append(make_nik(code, date(1960, 1, 1), "L", 5000 + len(niks) + k_index))
            for nik in niks:
                seq += 1
                target_rows.append(
                    {
                        "nik": nik,
                        "service": "ktp_recording",
                        "desa_code": desa,
                        "kecamatan_code": code,
                        "name": "Warga",
                        "birth_date": None,
                        "sex": None,
                        "address": "",
                        "note": "",
                        "removed": False,
                        "seq": seq,
                        "imported_at": now,
                        "updated_at": now,
                    }
                )
        conn.execute(insert(targets), target_rows)
    return {"kecamatan": kecamatan}


class Server:
    def __init__(self, url: str):
        self.app = create_app(url)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.base_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.app.state.engine.dispose()


def measure(base_url: str, username: str, runs: int, widget_factory, date_from, date_to) -> dict:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from sync.dashboard_client import DashboardClient
    from sync.review_client import ReviewClient

    with ReviewClient(base_url) as review:
        login = review.login(username, PASSWORD)
    session = {
        "server_url": base_url,
        "token": login.token,
        "role": login.role,
        "kecamatan_code": login.kecamatan_code,
    }
    widget = widget_factory(session)
    widget.resize(1400, 1200)
    loop = QEventLoop()
    widget.loaded.connect(loop.quit)
    widget.failed.connect(loop.quit)
    widget.show()  # the first show loads the default range on the worker thread
    loop.exec()
    QApplication.processEvents()
    fetch, draw, total = [], [], []
    with DashboardClient(base_url, login.token) as client:
        client.dashboard(date_from=date_from, date_to=date_to)  # warm the connection
        for _ in range(runs):
            t0 = time.perf_counter()
            data = client.dashboard(date_from=date_from, date_to=date_to)
            t1 = time.perf_counter()
            widget.set_data(data)
            QApplication.processEvents()
            t2 = time.perf_counter()
            fetch.append(t1 - t0)
            draw.append(t2 - t1)
            total.append(t2 - t0)
    widget.shutdown()
    widget.close()
    return {
        "endpoint_s": statistics.median(fetch),
        "draw_s": statistics.median(draw),
        "total_s": statistics.median(total),
        "daily_points": len(data.daily),
        "requests": sum(d.count for d in data.daily),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--records", type=int, default=250_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pg", action="store_true", help="PostgreSQL instead of SQLite")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from app.ui.supervisor.dashboard import DashboardWidget

    app = QApplication.instance() or QApplication([])
    auth._hasher = auth.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    tmp = tempfile.TemporaryDirectory()
    schema = None
    if args.pg:
        base = _pg_url()
        admin_engine = make_engine(base)
        schema = f"jempol_bench_{secrets.token_hex(4)}"
        with admin_engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        sep = "&" if "?" in base else "?"
        url = f"{base}{sep}options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{Path(tmp.name) / 'server.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    today = datetime.now(WITA).date()
    started = time.perf_counter()
    build(engine, args.records, today)
    if args.pg:
        with engine.connect() as conn:  # what autovacuum does on a live server
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    print(
        f"built {args.records} requests in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})"
    )
    engine.dispose()
    server = Server(url)
    date_from, date_to = today - timedelta(days=364), today
    results = {}
    try:
        for who in ("admin", "supervisor"):
            results[who] = measure(
                server.base_url,
                who,
                args.runs,
                lambda session: DashboardWidget(session),
                date_from,
                date_to,
            )
    finally:
        server.stop()
        if args.pg:
            with admin_engine.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            admin_engine.dispose()
        tmp.cleanup()
    del app
    ok = True
    for who, figures in results.items():
        met = figures["total_s"] <= GOAL_SECONDS
        ok &= met
        print(
            f"{who:<10} endpoint {figures['endpoint_s'] * 1000:7.1f} ms  draw "
            f"{figures['draw_s'] * 1000:7.1f} ms  total {figures['total_s'] * 1000:7.1f} ms "
            f"(goal <= {GOAL_SECONDS * 1000:.0f} ms) {'ok' if met else 'MISSED'}  "
            f"[{figures['daily_points']} day points, {figures['requests']} requests]"
        )
    out = ROOT / "bench" / "results" / f"bench_dashboard-{'pg' if args.pg else 'sqlite'}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps({"records": args.records, "runs": args.runs, "results": results}, indent=2)
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
