#!/usr/bin/env python3
"""Sync over a slow link: Jempol's sealed gzip batches against one POST per record.

    .venv/bin/python bench/bench_slow_link.py                   # 5,000 requests, 64 kbit/s, 600 ms
    .venv/bin/python bench/bench_slow_link.py --records 1000 --baseline-sample 50   # quick

Set-up (not timed): the real server (``python -m server serve``) in a child process with
an officer account; a laptop store filled through ``Store.save_request`` with
``--records`` valid requests made like the demo data (``app.demo``: one kecamatan, one
visit a day in a desa, ~40 requests per visit); the laptop registered over an unshaped link.

Then, through a loopback proxy (tests/support/netproxy.py) shaping a shared half-duplex
link of ``--kbit`` kbit/s with ``--rtt`` ms round trip:

* **Jempol**: ``SyncClient.push()`` with the default configuration (batches of 500
  growing after fast answers), timed from the first byte to the last acknowledgement;
* **baseline**: a naive client that sends each record on its own as an uncompressed
  one-record batch (``Content-Encoding: identity``, the only uncompressed form the
  server accepts) on a keep-alive session, one request after another. It sends
  ``--baseline-sample`` records and its time is extrapolated linearly to ``--records``
  (each record costs the same: a round trip plus its bytes); the output says so.

Reported against the goals:

| measure | goal |
| --- | --- |
| speed ratio: baseline time / Jempol time | >= 20x |
| Jempol time / time the link needs for Jempol's bytes (both directions) | <= 1.25x |
| bytes on the wire per record, both directions (HTTP headers included) | <= 150 |

Results are also written to ``bench/results/bench_slow_link-<records>.json``; the exit
status is 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from app.demo import DEMO_TEAM_MEMBERS, PeopleFactory, make_request  # noqa: E402
from app.domain.regions import regions  # noqa: E402
from app.paths import database_path  # noqa: E402
from app.store import Store  # noqa: E402
from app.store.syncstate import latest_envelopes  # noqa: E402
from sync import protocol  # noqa: E402
from sync.client import SyncClient, SyncConfig, register_device  # noqa: E402
from tests.support.live_server import ProcessServer  # noqa: E402
from tests.support.netproxy import FaultProxy  # noqa: E402

RESULTS = ROOT / "bench" / "results"
KECAMATAN = "64.02.06"
TODAY = date(2025, 6, 30)
USERNAME = "bench-officer"
PASSWORD = "bench-rahasia-1"
PER_VISIT = 40
GOALS = {"ratio": 20.0, "link_overhead": 1.25, "bytes_per_record": 150.0}


def fill_laptop(data_dir: Path, count: int, seed: int) -> Store:
    """An officer's laptop after weeks of field days: one visit a day, ~40 requests each."""
    rng = random.Random(seed)
    people = PeopleFactory(rng, TODAY)
    store = Store.open(database_path(data_dir))
    officer = store.create_officer(
        "Petugas Bench", "199001012015011001", "Tim Bench", KECAMATAN, "bench12345"
    )
    store.receive_stock(officer["id"], count + 10)
    days = max(1, count // PER_VISIT)
    saved = 0
    with store.transaction():
        for day_number in range(days):
            day = TODAY - timedelta(days=days - day_number)
            place = rng.choice(regions().desa_of(KECAMATAN))
            visit = store.start_visit(
                officer["id"],
                visit_date=day,
                kecamatan_code=KECAMATAN,
                desa_code=place.code,
                site="balai_desa",
                area_type=regions().default_area(place.code),
                team_members=DEMO_TEAM_MEMBERS,
            )
            target = count if day_number == days - 1 else saved + PER_VISIT
            while saved < target:
                for person in people.household(KECAMATAN, day)[: rng.randint(1, 3)]:
                    if saved >= target:
                        break
                    data = make_request(rng, person, place.code, day)
                    store.save_request(officer["id"], visit["uuid"], data, today=TODAY)
                    saved += 1
            store.end_visit(visit["uuid"], officer["id"])
    return store


def time_jempol(store: Store, proxy: FaultProxy) -> dict:
    before = (proxy.stats.bytes_up, proxy.stats.bytes_down)
    records = store.pending_changes()
    started = time.perf_counter()
    with SyncClient(store, server_url=proxy.url, config=SyncConfig()) as client:
        report = client.push()
    seconds = time.perf_counter() - started
    up = proxy.stats.bytes_up - before[0]
    down = proxy.stats.bytes_down - before[1]
    assert store.pending_changes() == 0, "push left changes behind"
    assert report.rejected == 0, f"{report.rejected} records rejected"
    return {
        "seconds": seconds,
        "outbox_entries": records,
        "records": report.records_sent,
        "batches": report.batches_sent,
        "bytes_up": up,
        "bytes_down": down,
        "body_bytes": report.bytes_sent,
    }


def baseline_envelopes(store: Store, sample: int) -> list[dict]:
    """Copies of the laptop's first records under new uuids (the originals are on the
    server already after the Jempol run; copies keep the baseline's work real)."""
    rows = store.outbox_entries(0, sample * 2)
    envelopes = [e for e in latest_envelopes(rows) if e["kind"] == "request"][:sample]
    visits = [e for e in latest_envelopes(rows) if e["kind"] == "visit"]
    out = []
    for env in visits + envelopes:
        new_uuid = str(uuid.uuid4())
        data = {**env["data"], "uuid": new_uuid}
        out.append({**env, "uuid": new_uuid, "data": data})
    # requests keep pointing at the original (already stored) visits
    return out[len(visits) :]


def time_baseline(store: Store, proxy: FaultProxy, sample: int) -> dict:
    registration = store.registration()
    session = requests.Session()
    session.headers.update(
        {
            "Authorization": f"Bearer {registration['token']}",
            protocol.PROTOCOL_HEADER: "1",
            "Content-Type": "application/json",
            "Content-Encoding": "identity",
        }
    )
    envelopes = baseline_envelopes(store, sample)
    before = (proxy.stats.bytes_up, proxy.stats.bytes_down)
    started = time.perf_counter()
    for i, env in enumerate(envelopes):
        batch_uuid = str(uuid.uuid4())
        batch, _gz = protocol.seal_batch(
            batch_uuid, registration["device_id"], i + 1, i + 1, [env], protocol.utc_now_iso()
        )
        answer = session.put(
            f"{proxy.url}{protocol.API_PREFIX}/batches/{batch_uuid}",
            data=protocol.canonical_json(batch),
            timeout=(30, 120),
        )
        answer.raise_for_status()
        outcome = answer.json()["results"][0]["outcome"]
        assert outcome == "accepted", answer.text
    seconds = time.perf_counter() - started
    session.close()
    return {
        "seconds": seconds,
        "records": len(envelopes),
        "bytes_up": proxy.stats.bytes_up - before[0],
        "bytes_down": proxy.stats.bytes_down - before[1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--baseline-sample", type=int, default=200)
    parser.add_argument("--kbit", type=float, default=64.0, help="link rate in kbit/s")
    parser.add_argument("--rtt", type=float, default=600.0, help="round trip in ms")
    parser.add_argument("--seed", type=int, default=64)
    args = parser.parse_args(argv)
    rate = args.kbit * 1000 / 8  # bytes per second
    rtt = args.rtt / 1000

    work = Path(tempfile.mkdtemp(prefix="jempol-bench-link-"))
    server = ProcessServer(work / "server")
    try:
        print(f"filling a laptop store with {args.records} requests ...", flush=True)
        store = fill_laptop(work / "laptop", args.records, args.seed)
        server.start()
        server.add_user(USERNAME, "officer", KECAMATAN, PASSWORD)
        register_device(store, server.base_url, USERNAME, PASSWORD, "bench-laptop")

        with FaultProxy(server.port) as proxy:
            proxy.set_shaping(rate, rtt)
            print(f"link: {args.kbit:g} kbit/s shared, {args.rtt:g} ms RTT", flush=True)
            print("Jempol push ...", flush=True)
            jempol = time_jempol(store, proxy)
            print(f"baseline: {args.baseline_sample} one-record POSTs ...", flush=True)
            base = time_baseline(store, proxy, args.baseline_sample)
        store.close()
    finally:
        server.kill()
        shutil.rmtree(work, ignore_errors=True)

    n = args.records
    wire = jempol["bytes_up"] + jempol["bytes_down"]
    link_seconds = wire / rate
    base_per_record = base["seconds"] / base["records"]
    base_total = base_per_record * n
    results = {
        "records": n,
        "link_kbit_s": args.kbit,
        "rtt_ms": args.rtt,
        "jempol": jempol,
        "baseline_sample": base,
        "baseline_seconds_extrapolated": base_total,
        "ratio": base_total / jempol["seconds"],
        "link_seconds_for_jempol_bytes": link_seconds,
        "link_overhead": jempol["seconds"] / link_seconds,
        "bytes_per_record": wire / n,
        "bytes_up_per_record": jempol["bytes_up"] / n,
        "bytes_down_per_record": jempol["bytes_down"] / n,
        "baseline_bytes_per_record": (base["bytes_up"] + base["bytes_down"]) / base["records"],
    }
    checks = {
        "ratio": results["ratio"] >= GOALS["ratio"],
        "link_overhead": results["link_overhead"] <= GOALS["link_overhead"],
        "bytes_per_record": results["bytes_per_record"] <= GOALS["bytes_per_record"],
    }
    results["goals_met"] = checks

    def mark(key: str) -> str:
        return "ok" if checks[key] else "MISSED"

    print()
    print(
        f"Jempol:   {jempol['seconds']:8.1f} s  {n} requests ({jempol['records']} records with"
        f" visits and stock movements) in {jempol['batches']} batches"
    )
    print(
        f"baseline: {base_total:8.1f} s  extrapolated from {base['records']} records in "
        f"{base['seconds']:.1f} s ({base_per_record:.3f} s/record)"
    )
    print(f"speed ratio:               {results['ratio']:7.1f}x   goal >= 20x    {mark('ratio')}")
    print(
        f"Jempol / link time:        {results['link_overhead']:7.2f}x   goal <= 1.25x  "
        f"{mark('link_overhead')}  (link needs {link_seconds:.1f} s for {wire} bytes)"
    )
    print(
        f"bytes on the wire/record:  {results['bytes_per_record']:7.1f}    goal <= 150    "
        f"{mark('bytes_per_record')}  (up {results['bytes_up_per_record']:.1f}, down "
        f"{results['bytes_down_per_record']:.1f}; baseline "
        f"{results['baseline_bytes_per_record']:.0f})"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench_slow_link-{n}.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"results written to {out.relative_to(ROOT)}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
