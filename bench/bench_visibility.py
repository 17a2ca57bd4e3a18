#!/usr/bin/env python3
"""Officers sharing a laptop at field scale: each sees their own and their team's work.

    .venv/bin/python bench/bench_visibility.py                 # 750,000 rows (built once, cached)
    .venv/bin/python bench/bench_visibility.py --rows 50000    # quick run

The first run builds ``bench/results/visibility-<rows>/`` through
``Store.save_requests_bulk`` (as ``bench_store.py`` does), with four officers working
side by side: each visit day's requests are split among them, so their rows interleave
in time as on a shared laptop.

    A  team "Tim Bench"      60 %    sees A + B (85 % of the rows)
    B  team " tim  BENCH "   25 %    (A's team, written differently)
    C  no team               14.5 %  sees C
    D  team "Tim Lain"        0.5 %  sees D

Then, for each viewer (``everyone`` is no ``visible_to``: what ``bench_store.py``
measures), it prints medians of what the app runs (``RequestFilter(visible_to=...)``):

* NIK lookup: ``find_by_nik(nik, visible_to=...)`` for NIKs of the viewer's team
* name prefix, first page: ``page_requests`` (50 rows) over bench_store's 12 prefixes
* name prefix as the list runs it: ``count_requests`` + first page of 200
* the slowest of those two over every one- and two-letter prefix (a-z, aa-zz; median
  of 3 runs each)
* the "All requests" list opening (count + 200 rows), a page 10,000 rows down, the
  "Today" list (visit date today) and the daily summary

against bench_store's goals (NIK <= 1 ms, name search <= 30 ms). Results also go to
``bench/results/bench_visibility-<rows>.json``; the exit status is 1 when a goal is
missed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import statistics
import string
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.demo import iter_requests  # noqa: E402
from app.domain.regions import regions  # noqa: E402
from app.paths import database_path  # noqa: E402
from app.store import RequestFilter, Store  # noqa: E402
from app.store.vault import Vault  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SEED = 750_001
KECAMATAN = "64.02.06"
PASSWORD = "bench12345"
# letter, name, NIP, team, share of the rows
OFFICERS = (
    ("A", "Petugas Bench A", "199001012015011001", "Tim Bench", 0.60),
    ("B", "Petugas Bench B", "199001012015011002", " tim  BENCH ", 0.25),
    ("C", "Petugas Bench C", "199001012015011003", "", 0.145),
    ("D", "Petugas Bench D", "199001012015011004", "Tim Lain", 0.005),
)
VIEWERS = ("everyone", "A", "C", "D")
PREFIXES = ("sit", "rah", "mu", "andi", "nur", "wah", "sri d", "abdul r", "ke", "z", "syah", "pu")
GOALS = {"nik": 1.0, "name": 30.0}  # ms


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- building -----------------------------------------------------------------------------
def split(inputs: list, offset: int) -> dict[str, list]:
    """Share ``inputs`` among the officers by their row shares (a fixed 200-slot cycle)."""
    slots = [letter for letter, *_, share in OFFICERS for _ in range(max(1, round(share * 200)))]
    out: dict[str, list] = {}
    for i, data in enumerate(inputs):
        out.setdefault(slots[(offset + i) % len(slots)], []).append(data)
    return out


def build(data_dir: Path, rows: int, batch: int, days: int) -> dict:
    tmp = data_dir.with_name(data_dir.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    today = date.today()
    started = time.perf_counter()
    desa = regions().desa_of(KECAMATAN)[0].code
    with Store.open(database_path(tmp)) as store:
        ids = {}
        for letter, name, nip, team, _ in OFFICERS:
            officer = store.create_officer(name, nip, team, KECAMATAN, PASSWORD)
            ids[letter] = officer["id"]
            store.receive_stock(officer["id"], rows, "bench: enough blank cards")
        visits: dict[tuple[str, date], str] = {}
        requests = iter_requests(SEED, today, days)
        done = 0
        while done < rows:
            n = min(batch, rows - done)
            by_day: dict[date, list] = {}
            for data in itertools.islice(requests, n):
                by_day.setdefault(data.visit_date, []).append(data)
            with store.transaction():
                offset = done
                for day, inputs in by_day.items():  # a day at a time, every officer in it
                    for letter, part in split(inputs, offset).items():
                        key = (letter, day)
                        if key not in visits:
                            visit = store.find_or_start_visit(ids[letter], day, desa)
                            visits[key] = visit["uuid"]
                        store.save_requests_bulk(ids[letter], visits[key], part, today=today)
                    offset += len(inputs)
            done += n
            rate = done / (time.perf_counter() - started)
            log(f"  built {done:,}/{rows:,} rows, {rate:,.0f} rows/s")
    meta = {
        "rows": rows,
        "seed": SEED,
        "today": today.isoformat(),
        "days": days,
        "officers": {letter: share for letter, *_, share in OFFICERS},
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    (tmp / "bench.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    shutil.rmtree(data_dir, ignore_errors=True)
    tmp.rename(data_dir)
    return meta


def open_store(data_dir: Path) -> Store:
    """The cached store, unlocked with officer A's password (the file is encrypted)."""
    path = database_path(data_dir)
    key = Vault.load(path).unlock(OFFICERS[0][2], PASSWORD)
    return Store.open(path, key=key)


def cached(rows: int, batch: int, days: int, rebuild: bool) -> tuple[Path, dict]:
    data_dir = RESULTS / f"visibility-{rows}"
    meta_file = data_dir / "bench.json"
    if rebuild or not meta_file.is_file():
        log(f"building a shared laptop with {rows:,} requests in {data_dir} (once; cached)")
        return data_dir, build(data_dir, rows, batch, days)
    return data_dir, json.loads(meta_file.read_text(encoding="utf-8"))


# --- measuring ----------------------------------------------------------------------------
def timed_ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def median_ms(fn, runs: int) -> float:
    return statistics.median(timed_ms(fn) for _ in range(runs))


def list_refresh(store: Store, f: RequestFilter) -> None:
    """What ``RequestTableModel.refresh`` runs: the count, then the first 200 rows."""
    store.count_requests(f)
    store.page_requests(f, 0, 200)


def measure(store: Store, viewer: int | None, args) -> dict[str, float | str]:
    out: dict[str, float | str] = {}
    base = RequestFilter(visible_to=viewer)
    total = store.count_requests(base)
    out["visible rows"] = total

    recent = store.page_requests(base, 0, 5000)
    rng = random.Random(1)
    niks = [rng.choice(recent)["nik"] for _ in range(args.lookups)]
    times = []
    for nik in niks:
        found: list = []
        times.append(timed_ms(lambda n=nik, o=found: o.extend(store.find_by_nik(n, viewer))))
        assert found, "a NIK of the viewer's team was not found"
    out["nik"] = statistics.median(times)

    first_page, refresh = [], {}
    for prefix in PREFIXES:
        f = RequestFilter(name_prefix=prefix, visible_to=viewer)
        first_page.extend(timed_ms(lambda f=f: store.page_requests(f, 0, 50)) for _ in range(5))
        refresh[prefix] = median_ms(lambda f=f: list_refresh(store, f), 3)
    out["name"] = statistics.median(first_page)
    out["name_list"] = statistics.median(refresh.values())
    slowest = max(refresh, key=refresh.get)
    out["name_list_slowest"] = f"{refresh[slowest]:.1f} '{slowest}'"

    if args.sweep:
        pages, lists = {}, {}
        letters = string.ascii_lowercase
        for prefix in [*letters, *(a + b for a in letters for b in letters)]:
            f = RequestFilter(name_prefix=prefix, visible_to=viewer)
            pages[prefix] = median_ms(lambda f=f: store.page_requests(f, 0, 50), 3)
            lists[prefix] = median_ms(lambda f=f: list_refresh(store, f), 3)
        worst_page, worst_list = max(pages, key=pages.get), max(lists, key=lists.get)
        out["sweep"] = pages[worst_page]
        out["sweep_at"] = worst_page
        out["sweep_list"] = lists[worst_list]
        out["sweep_list_at"] = worst_list

    out["all_list"] = median_ms(lambda: list_refresh(store, base), 11)
    deep = min(10_000, max(total - 200, 0))
    out["deep_page"] = median_ms(lambda: store.page_requests(base, deep, 200), 5)
    today = RequestFilter(visit_date=date.today(), visible_to=viewer)
    out["today_list"] = median_ms(lambda: list_refresh(store, today), 11)
    out["summary"] = median_ms(lambda: store.daily_summary(date.today(), visible_to=viewer), 11)
    return out


LINES = (  # key, label, goal key
    ("visible rows", "requests the viewer sees", None),
    ("nik", "NIK lookup (median)", "nik"),
    ("name", "name prefix, first page of 50 (median)", "name"),
    ("name_list", "name prefix, count + 200 rows (median)", "name"),
    ("name_list_slowest", "  slowest of the 12 prefixes", None),
    ("sweep", "a-z, aa-zz first page of 50 (slowest)", "name"),
    ("sweep_at", "  at prefix", None),
    ("sweep_list", "a-z, aa-zz count + 200 rows (slowest)", "name"),
    ("sweep_list_at", "  at prefix", None),
    ("all_list", "All requests list: count + 200 rows", None),
    ("deep_page", "200 rows 10,000 down the list", None),
    ("today_list", "Today list (visit date): count + 200", None),
    ("summary", "daily summary of today", None),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=750_000, help="requests in the store")
    parser.add_argument("--batch", type=int, default=10_000, help="rows per build transaction")
    parser.add_argument("--days", type=int, default=730, help="visit dates spread over days")
    parser.add_argument("--lookups", type=int, default=300, help="NIK lookups per viewer")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached store")
    parser.add_argument(
        "--sweep",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time every one- and two-letter prefix per viewer",
    )
    args = parser.parse_args(argv)

    RESULTS.mkdir(parents=True, exist_ok=True)
    data_dir, meta = cached(args.rows, args.batch, args.days, args.rebuild)
    results: dict[str, dict] = {}
    with open_store(data_dir) as store:
        by_nip = {o["nip"]: o["id"] for o in store.officers()}
        for viewer in VIEWERS:
            log(f"timing the view of {viewer}")
            nip = next((o[2] for o in OFFICERS if o[0] == viewer), None)
            results[viewer] = measure(store, by_nip[nip] if nip else None, args)

    print(f"\nJempol shared-laptop benchmark: {args.rows:,} requests, officers {meta['officers']}")
    print(f"(times in ms; goals: NIK <= {GOALS['nik']} ms, name search <= {GOALS['name']} ms)\n")
    print(f"{'measure':<42}" + "".join(f"{v:>14}" for v in VIEWERS))
    ok = True
    for key, label, goal in LINES:
        if key not in results[VIEWERS[0]]:
            continue
        cells = []
        for viewer in VIEWERS:
            value = results[viewer][key]
            if isinstance(value, float):
                missed = goal is not None and value > GOALS[goal]
                ok = ok and not missed
                cells.append(f"{value:.2f}{'!' if missed else ''}")
            else:
                cells.append(f"{value:,}" if isinstance(value, int) else str(value))
        print(f"{label:<42}" + "".join(f"{c:>14}" for c in cells))
    print("\n'!' marks a missed goal")
    out = RESULTS / f"bench_visibility-{args.rows}.json"
    out.write_text(json.dumps({"build": meta, "results": results}, indent=2), encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
