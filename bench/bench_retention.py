#!/usr/bin/env python3
"""Retention purge and ``secure_delete`` at field scale.

    .venv/bin/python bench/bench_retention.py                  # 100,000 requests
    .venv/bin/python bench/bench_retention.py --rows 750000    # a full laptop (slow build)

Builds (once, cached in ``bench/results/retention-<rows>/``) a store like
bench/bench_store.py does, then works on a copy:

1. ``save_request`` (a new request, then an edit of it) with ``PRAGMA secure_delete``
   ON (SQLCipher's default, what the app runs with) and OFF, alternating rounds of 20;
   medians per mode;
2. marks every request sent, accepted and approved through the store's own sync API
   (``seal_next_batch`` / ``ack_batch`` / ``apply_changes``, answers shaped as the
   server's), ``--daily`` of them approved 45 days earlier than the rest;
3. times ``purge_expired`` three times: with nothing old enough (what every sync and
   start costs on most days), with only the ``--daily`` early approvals old enough (a
   day's purge on a full laptop), then with everything old enough (the first purge of
   a laptop full of approved records). Each reports its chunks and how long the FTS
   merge (``optimize``) took.

Results are printed and written to ``bench/results/bench_retention-<rows>.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import shutil
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_store  # noqa: E402

from app.demo import iter_requests  # noqa: E402
from app.domain.regions import regions  # noqa: E402
from app.paths import database_path  # noqa: E402
from app.store import Store  # noqa: E402
from app.store.vault import Vault, keyfile_path  # noqa: E402
from sync import protocol  # noqa: E402

RESULTS = ROOT / "bench" / "results"
RECEIVED = datetime(2024, 1, 1, tzinfo=UTC)
EARLY = RECEIVED + timedelta(days=1)  # the --daily approvals
LATE = EARLY + timedelta(days=45)  # every other approval


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def server_time(at: datetime) -> str:
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def open_copy(source: Path, work: Path) -> Store:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = database_path(source)
    for path in (db, keyfile_path(db)):
        shutil.copy2(path, work / path.name)
    key = Vault.load(db).unlock(bench_store.OFFICER["nip"], bench_store.OFFICER["password"])
    return Store.open(database_path(work), key=key)


def measure_saves(store: Store, rounds: int) -> dict:
    officer_id = store.officers()[0]["id"]
    today = date.today()
    fresh = iter_requests(int(time.time()), today, days=1)
    first = next(fresh)
    desa = regions().desa_of(bench_store.OFFICER["kecamatan_code"])[0].code
    visit = store.find_or_start_visit(officer_id, first.visit_date, desa)["uuid"]
    times: dict[str, dict[str, list[float]]] = {
        m: {"create": [], "edit": []} for m in ("on", "off")
    }
    for n in range(rounds):
        for mode in ("on", "off") if n % 2 == 0 else ("off", "on"):
            store.db.execute(f"PRAGMA secure_delete = {mode.upper()}")
            for data in itertools.islice(fresh, 20):
                started = time.perf_counter()
                record = store.save_request(officer_id, visit, data, today=today)
                times[mode]["create"].append((time.perf_counter() - started) * 1000)
                edited = dataclasses.replace(data, notes=f"catatan {n}")
                started = time.perf_counter()
                store.save_request(officer_id, visit, edited, uuid=record["uuid"], today=today)
                times[mode]["edit"].append((time.perf_counter() - started) * 1000)
    store.db.execute("PRAGMA secure_delete = ON")
    return {
        mode: {kind: round(statistics.median(v), 3) for kind, v in kinds.items()}
        for mode, kinds in times.items()
    }


def sync_and_approve(store: Store, daily: int) -> None:
    """Every request sent, accepted and approved (``daily`` of them at EARLY)."""
    started = time.perf_counter()
    received = server_time(RECEIVED)
    while (batch := store.seal_next_batch("bench", 2000, protocol.seal_batch)) is not None:
        opened = protocol.open_batch(batch.body)
        answer = {
            "batch_uuid": batch.batch_uuid,
            "duplicate": False,
            "received_at": received,
            "server_time": received,
            "results": [
                {"uuid": r.uuid, "kind": r.kind, "revision": r.revision, "outcome": "accepted"}
                for r in opened.records
            ],
        }
        store.ack_batch(batch.batch_uuid, answer)
    log(f"  synced in {time.perf_counter() - started:.0f} s")
    uuids = [row[0] for row in store.db.execute("SELECT uuid FROM requests ORDER BY id")]
    seq = 0
    for start in range(0, len(uuids), 5000):
        changes = []
        for i, uuid in enumerate(uuids[start : start + 5000], start):
            seq += 1
            at = EARLY if i < daily else LATE
            data = {"decision": "approve", "decided_by": "spv", "decided_at": server_time(at)}
            changes.append({"seq": seq, "kind": "review", "entity_uuid": uuid, "data": data})
        store.apply_changes(changes, seq)
    log(f"  synced and approved in {time.perf_counter() - started:.0f} s")


def timed_purge(store: Store, now: datetime) -> dict:
    result = store.purge_expired(now=now)
    return {
        "requests": result.requests,
        "chunks": result.chunks,
        "batch_bodies": result.batch_bodies,
        "seconds": round(result.seconds, 3),
        "fts_merge_seconds": round(result.merge_seconds, 3),
        "checkpointed": result.checkpointed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--daily", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=10, help="save rounds of 20 per mode")
    parser.add_argument("--days", type=int, default=730, help="visit days the rows span")
    args = parser.parse_args(argv)
    source = RESULTS / f"retention-{args.rows}"
    if not (source / "bench.json").is_file():
        log(f"building a store with {args.rows:,} requests in {source} (once; cached)")
        bench_store.build(source, args.rows, 10_000, args.days)
    work = RESULTS / f"retention-{args.rows}.work"
    with open_copy(source, work) as store:
        log("save_request, secure_delete ON vs OFF")
        saves = measure_saves(store, args.rounds)
        log(f"  {saves}")
        log("marking every request sent, accepted and approved")
        sync_and_approve(store, args.daily)
        log("purges")
        purges = {
            "nothing_due": timed_purge(store, EARLY + timedelta(days=10)),
            "daily": timed_purge(store, EARLY + timedelta(days=31)),
            "backlog": timed_purge(store, LATE + timedelta(days=31)),
        }
        for name, figures in purges.items():
            log(f"  {name}: {figures}")
        left = store.db.execute("SELECT count(*) FROM requests").fetchone()[0]
        assert left == 0, f"{left} requests left after the backlog purge"
    shutil.rmtree(work, ignore_errors=True)
    out = {"rows": args.rows, "daily": args.daily, "save_ms": saves, "purge": purges}
    (RESULTS / f"bench_retention-{args.rows}.json").write_text(json.dumps(out, indent=2))
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
