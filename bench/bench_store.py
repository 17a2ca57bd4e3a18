#!/usr/bin/env python3
"""Store benchmarks at field scale: a laptop holding 750,000 requests.

    .venv/bin/python bench/bench_store.py                 # 750,000 rows (built once, cached)
    .venv/bin/python bench/bench_store.py --rows 50000    # quick run

The first run builds a data dir under ``bench/results/store-<rows>/`` through
``Store.save_requests_bulk`` (what ``save_request`` writes: validation, history,
outbox, audit, FTS, blank cards; one visit a day), in transactions of ``--batch``
rows, and reuses it afterwards. Then it measures and prints medians against the goals:

* save of one request with its outbox entry (own transaction, synchronous=FULL)
* NIK lookup (``Store.find_by_nik``)
* name-prefix search, first page (``Store.page_requests`` with ``name_prefix``), for
  12 typical prefixes and, separately, the slowest of every one- and two-letter prefix
* cold start to a usable window: ``python -m app --smoke-test --data-dir <big>`` as a
  subprocess (QT_QPA_PLATFORM=offscreen); includes the 200 ms settle and the close
* process start to the window shown, as the app itself prints it (``window shown in N ms``)
* peak memory of that subprocess (``ru_maxrss`` from ``os.wait4``)

It also prints the database size per request and the time of a CSV export of every
request (``app.csvio.export_csv``; ``--no-export`` skips it). Each run adds the
measured saves (``--saves``, default 200) to the cached store. Results are also
written to ``bench/results/bench_store-<rows>.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.csvio import export_csv  # noqa: E402
from app.demo import iter_requests  # noqa: E402
from app.domain.regions import regions  # noqa: E402
from app.paths import database_path  # noqa: E402
from app.store import RequestFilter, Store  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WINDOW_SHOWN = re.compile(r"window shown in (\d+(?:\.\d+)?)\s*ms\b")  # app.ui.main.run_gui
SEED = 750_000
OFFICER = {
    "name": "Petugas Bench",
    "nip": "199001012015011001",
    "team": "Tim Bench",
    "kecamatan_code": "64.02.06",
    "password": "bench12345",
}
PREFIXES = ("sit", "rah", "mu", "andi", "nur", "wah", "sri d", "abdul r", "ke", "z", "syah", "pu")
GOALS = {  # name -> (goal, unit)
    "save": (5.0, "ms"),
    "nik": (1.0, "ms"),
    "name": (30.0, "ms"),
    "start": (2.0, "s"),
    "shown": (2.0, "s"),
    "memory": (300.0, "MB"),
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- building the big store ---------------------------------------------------------------
def build(data_dir: Path, rows: int, batch: int, days: int) -> dict:
    """Fill a fresh data dir with ``rows`` requests; renamed into place only when complete.

    One visit a day in the officer's own kecamatan (visits elsewhere are refused); each
    ``batch`` of generated requests is written in one transaction, one
    ``Store.save_requests_bulk`` call per visit day.
    """
    tmp = data_dir.with_name(data_dir.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    today = date.today()
    started = time.perf_counter()
    visit_desa = regions().desa_of(OFFICER["kecamatan_code"])[0].code
    with Store.open(database_path(tmp)) as store:
        officer = store.create_officer(**OFFICER)
        officer_id = officer["id"]
        store.receive_stock(officer_id, rows, "bench: enough blank cards for every printing")
        visits: dict[date, str] = {}  # one visit a day, as a team works
        requests = iter_requests(SEED, today, days)
        done = 0
        while done < rows:
            n = min(batch, rows - done)
            by_day: dict[date, list] = {}
            for data in itertools.islice(requests, n):
                by_day.setdefault(data.visit_date, []).append(data)
            with store.transaction():
                for day, inputs in by_day.items():
                    visit = visits.get(day)
                    if visit is None:
                        found = store.find_or_start_visit(officer_id, day, visit_desa)
                        visit = visits[day] = found["uuid"]
                    store.save_requests_bulk(officer_id, visit, inputs, today=today)
            done += n
            elapsed = time.perf_counter() - started
            rate = done / elapsed
            log(
                f"  built {done:,}/{rows:,} rows, {rate:,.0f} rows/s, "
                f"ETA {(rows - done) / rate / 60:.1f} min"
            )
    meta = {
        "rows": rows,
        "seed": SEED,
        "today": today.isoformat(),
        "days": days,
        "build_seconds": round(time.perf_counter() - started, 1),
        "build_path": f"Store.save_requests_bulk in transactions of {batch} rows",
    }
    (tmp / "bench.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    shutil.rmtree(data_dir, ignore_errors=True)
    tmp.rename(data_dir)
    return meta


def cached(rows: int, batch: int, days: int, rebuild: bool) -> tuple[Path, dict]:
    data_dir = RESULTS / f"store-{rows}"
    meta_file = data_dir / "bench.json"
    if rebuild or not meta_file.is_file():
        log(f"building a store with {rows:,} requests in {data_dir} (once; cached)")
        return data_dir, build(data_dir, rows, batch, days)
    return data_dir, json.loads(meta_file.read_text(encoding="utf-8"))


# --- measurements -------------------------------------------------------------------------
def timed_ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def measure_save(store: Store, officer_id: int, count: int) -> list[float]:
    today = date.today()
    fresh = iter_requests(int(time.time()), today, days=1)  # new NIKs each run
    first = next(fresh)
    desa = regions().desa_of(OFFICER["kecamatan_code"])[0].code  # the officer's own kecamatan
    visit = store.find_or_start_visit(officer_id, first.visit_date, desa)["uuid"]
    times = []
    for data in itertools.islice(fresh, count):
        times.append(timed_ms(lambda d=data: store.save_request(officer_id, visit, d, today=today)))
    return times


def measure_nik(store: Store, meta: dict, count: int) -> list[float]:
    sample = itertools.islice(
        iter_requests(meta["seed"], date.fromisoformat(meta["today"]), meta["days"]),
        min(meta["rows"], 20_000),
    )
    niks = [r.nik for r in sample]
    rng = random.Random(1)
    picks = [rng.choice(niks) for _ in range(count)]
    times = []
    for nik in picks:
        found: list = []
        times.append(timed_ms(lambda n=nik, out=found: out.extend(store.find_by_nik(n))))
        assert found, "a NIK of the built store was not found"
    return times


def measure_name(store: Store, repeats: int) -> tuple[list[float], dict[str, float]]:
    times, worst = [], {}
    for prefix in PREFIXES:
        f = RequestFilter(name_prefix=prefix)
        runs = [timed_ms(lambda f=f: store.page_requests(f, 0, 50)) for _ in range(repeats)]
        times.extend(runs)
        worst[prefix] = statistics.median(runs)
    return times, worst


def measure_sweep(store: Store) -> dict[str, float]:
    """First page of every one- and two-letter prefix (median of 3 runs each)."""
    letters = string.ascii_lowercase
    result = {}
    for prefix in [*letters, *(a + b for a in letters for b in letters)]:
        f = RequestFilter(name_prefix=prefix)
        result[prefix] = statistics.median(
            timed_ms(lambda f=f: store.page_requests(f, 0, 50)) for _ in range(3)
        )
    return result


def measure_export(store: Store) -> tuple[float, int]:
    """Seconds to export every request to CSV (``app.csvio.export_csv``) and the rows."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        count = export_csv(store, Path(tmp) / "export.csv")
        return time.perf_counter() - start, count


def measure_start(data_dir: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Seconds to exit, peak MB, and the app's own "window shown in N ms" (as seconds)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    seconds, peak_mb, shown = [], [], []
    for _ in range(runs):
        cmd = [sys.executable, "-m", "app", "--smoke-test", "--data-dir", str(data_dir)]
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode(errors="replace")
            stderr = err.read().decode(errors="replace")
        if proc.returncode != 0:
            raise SystemExit(f"smoke test failed ({proc.returncode}):\n{stderr}")
        found = WINDOW_SHOWN.findall(stdout)
        if not found:
            raise SystemExit(f"the smoke test did not print 'window shown in N ms':\n{stdout}")
        seconds.append(elapsed)
        peak_mb.append(usage.ru_maxrss / 1024)  # Linux: kilobytes
        shown.append(float(found[-1]) / 1000)
    return seconds, peak_mb, shown


# --- report -------------------------------------------------------------------------------
def row(label: str, key: str, value: float, extra: str = "") -> dict:
    goal, unit = GOALS[key]
    ok = value <= goal
    print(
        f"{label:<44} {value:>9.2f} {unit:<3} {'<= ' + str(goal) + ' ' + unit:>12}  "
        f"{'ok' if ok else 'MISSED':<6} {extra}"
    )
    return {"label": label, "value": round(value, 3), "unit": unit, "goal": goal, "ok": ok}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=750_000, help="requests in the store")
    parser.add_argument("--batch", type=int, default=10_000, help="rows per build transaction")
    parser.add_argument("--days", type=int, default=730, help="visit dates spread over days")
    parser.add_argument("--saves", type=int, default=200, help="single saves to time")
    parser.add_argument("--lookups", type=int, default=500, help="NIK lookups to time")
    parser.add_argument("--repeats", type=int, default=5, help="runs per name prefix")
    parser.add_argument("--starts", type=int, default=3, help="cold starts to time")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached store")
    parser.add_argument(
        "--export",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time a CSV export of every request",
    )
    args = parser.parse_args(argv)

    RESULTS.mkdir(parents=True, exist_ok=True)
    data_dir, meta = cached(args.rows, args.batch, args.days, args.rebuild)
    db = database_path(data_dir)
    with Store.open(db) as store:
        officer_id = store.officers()[0]["id"]
        total = store.count_requests(RequestFilter())
        log("timing saves, NIK lookups and name searches")
        save = measure_save(store, officer_id, args.saves)
        nik = measure_nik(store, meta, args.lookups)
        name, per_prefix = measure_name(store, args.repeats)
        log("timing the first page of every one- and two-letter name prefix")
        sweep = measure_sweep(store)
        exported = None
        if args.export:
            log("timing a CSV export of every request")
            exported = measure_export(store)
    log("timing cold starts of the app")
    starts, peaks, shown = measure_start(data_dir, args.starts)

    files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]  # no .bak
    size_mb = sum(p.stat().st_size for p in files if p.is_file()) / 2**20
    per_request_kb = size_mb * 1024 / max(total, 1)
    print(
        f"\nJempol store benchmark: {total:,} requests, database {size_mb:,.0f} MB "
        f"({per_request_kb:.2f} KB per request), built in {meta['build_seconds'] / 60:.1f} min "
        f"({meta['build_path']})"
    )
    if exported is not None:
        print(f"CSV export of {exported[1]:,} requests: {exported[0]:.1f} s")
    print()
    print(f"{'measure':<44} {'figure':>13} {'goal':>12}  result")
    worst = max(per_prefix, key=per_prefix.get)
    p95 = statistics.quantiles(save, n=20)[-1]
    results = [
        row(
            "save one request + outbox entry (median)",
            "save",
            statistics.median(save),
            f"p95 {p95:.2f} ms, n={len(save)}",
        ),
        row("NIK lookup (median)", "nik", statistics.median(nik), f"n={len(nik)}"),
        row(
            "name-prefix search, first page (median)",
            "name",
            statistics.median(name),
            f"slowest '{worst}' {per_prefix[worst]:.1f} ms",
        ),
        row(
            "name prefixes a-z, aa-zz, first page (slowest)",
            "name",
            max(sweep.values()),
            f"'{max(sweep, key=sweep.get)}'; median {statistics.median(sweep.values()):.2f} ms",
        ),
        row(
            "cold start to usable window (median)",
            "start",
            statistics.median(starts),
            f"runs {', '.join(f'{s:.2f}' for s in starts)} s",
        ),
        row(
            "app start to window shown, as printed (median)",
            "shown",
            statistics.median(shown),
            f"runs {', '.join(f'{s:.2f}' for s in shown)} s",
        ),
        row(
            "peak memory of the app (max)",
            "memory",
            max(peaks),
            f"runs {', '.join(f'{m:.0f}' for m in peaks)} MB",
        ),
    ]
    out = RESULTS / f"bench_store-{args.rows}.json"
    out.write_text(
        json.dumps(
            {
                "requests": total,
                "database_mb": round(size_mb, 1),
                "kb_per_request": round(per_request_kb, 2),
                "export_seconds": round(exported[0], 1) if exported else None,
                "build": meta,
                "results": results,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
