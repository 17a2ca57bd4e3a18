"""Crash-test writer: saves requests in a loop until it is killed.

Run as ``python -m tests.store.crash_writer <db path> <seed>``. After every
committed change it prints ``<entity> <uuid> <revision>`` and flushes, so the
parent can kill it at a random point counted in saves, and later check that
every change it heard about survived.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from app.store import StockError, Store
from tests.store.factories import NIP, TODAY, new_officer, new_visit, request_input


def report(entity: str, record: dict) -> None:
    print(entity, record["uuid"], record["revision"], flush=True)


def main(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = Store.open(path)
    officer = store.get_officer_by_nip(NIP) or new_officer(store)
    oid = officer["id"]
    visit = store.open_visit(oid)
    if visit is None:
        visit = new_visit(store, oid)
        report("visit", visit)
    serial = store.count_requests() + 1
    while True:
        action = rng.random()
        live = store.page_requests(None, 0, 20)
        live = [r for r in live if r["status"] != "cancelled"]
        if action < 0.45 or not live:
            service = rng.choice(["ktp_recording", "ktp_printing", "kk_change"])
            status = rng.choice(["received", "done"])
            try:
                record = store.save_request(
                    oid,
                    visit["uuid"],
                    request_input(serial, service=service, status=status),
                    today=TODAY,
                )
            except StockError:
                report("stock", store.receive_stock(oid, rng.randint(1, 5)) | {"revision": 1})
                continue
            serial += 1
        elif action < 0.85:
            old = rng.choice(live)
            data = request_input(
                int(old["nik"][-4:]),
                service=old["service"],
                status=old["status"],
                notes=f"catatan {rng.randint(0, 10**6)}",
            )
            record = store.save_request(oid, None, data, uuid=old["uuid"], today=TODAY)
        elif action < 0.95:
            record = store.cancel_request(oid, rng.choice(live)["uuid"], "Pemohon batal")
        else:
            if store.stock_balance(oid) > 0:
                report("stock", store.record_spoiled(oid, 1, "Rusak") | {"revision": 1})
            continue
        report("request", record)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
