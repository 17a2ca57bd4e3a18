"""Crashes in the middle of a sync: the server killed and restarted, the client SIGKILLed,
two laptops syncing while the network fails under them. Kill points are driven by what
the proxy sees (bytes forwarded, answers started), drawn from fixed seeds."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading

import pytest

from app.store import Store
from sync.client import open_store
from sync.errors import SyncError
from tests.support.live_server import ROOT, ProcessServer
from tests.support.netproxy import FaultProxy
from tests.sync.checks import assert_converged
from tests.sync.conftest import OFFICER, OTHER_OFFICER, fast_config, server_copy

pytestmark = pytest.mark.slow


def _small_batches(laptop, size: int) -> None:
    laptop.store.set_batch_size(size)


def test_server_killed_and_restarted_mid_sync(server_template, tmp_path, laptop):
    server = ProcessServer(server_copy(server_template, tmp_path / "server")).start()
    try:
        with FaultProxy(server.port) as proxy:
            laptop.register(proxy.url)
            laptop.add_requests(240)
            config = fast_config()
            config.max_batch_size = 20  # many batches, so the kill lands mid-push
            _small_batches(laptop, 20)

            def kill_after_third_answer():
                proxy.wait_for(lambda s: s.responses_started >= 4, timeout=60)
                server.kill()

            killer = threading.Thread(target=kill_after_third_answer)
            killer.start()
            with laptop.client(config=config) as client, pytest.raises(SyncError) as failed:
                client.run()
            killer.join()
            assert failed.value.retryable
            acked = laptop.store.sync_status()["acked_batches"]
            assert 2 <= acked < 13

            server.start()  # same database, new port
            proxy.retarget(server.port)
            with laptop.client(config=config) as client:
                assert client.run().exit_code == 0
            assert_converged(server, laptop)
    finally:
        server.kill()


def _push_process(data_dir) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sync", "push", "--data-dir", str(data_dir)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("seed", [7, 11])
def test_client_sigkilled_at_random_points_of_a_push(server, proxy, laptop, seed):
    laptop.register(proxy.url)
    records = laptop.add_requests(300)
    for record in records[::5]:
        laptop.edit(record["uuid"], notes="revisi kedua")
    _small_batches(laptop, 25)
    rng = random.Random(seed)
    kills = 0
    for _ in range(4):
        start = proxy.stats
        up, answers = start.bytes_up, start.responses_started
        if rng.random() < 0.5:
            target = up + rng.randint(200, 12000)
            point = lambda s, target=target: s.bytes_up >= target  # noqa: E731
        else:
            target = answers + rng.randint(1, 3)
            point = lambda s, target=target: s.responses_started >= target  # noqa: E731
        proc = _push_process(laptop.data_dir)
        watcher = threading.Thread(target=lambda p=proc: (p.wait(), proxy.notify()))
        watcher.start()
        proxy.wait_for(lambda s, p=proc, point=point: point(s) or p.poll() is not None, 120)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        watcher.join()
    assert kills >= 1
    with Store.open(laptop.store.path) as fresh:
        assert fresh.integrity_check() == "ok"
    with laptop.client() as client:
        assert client.run().exit_code == 0
    assert_converged(server, laptop)


def test_two_laptops_sync_while_the_network_fails(server, proxy, make_laptop):
    siti = make_laptop("siti", nip="198001012005012001", serial_base=0)
    budi = make_laptop("budi", nip="198502022010011002", serial_base=5000)
    siti.register(proxy.url, OFFICER)
    budi.register(proxy.url, OTHER_OFFICER)
    for laptop in (siti, budi):
        laptop.add_requests(150)
        _small_batches(laptop, 20)
    rng = random.Random(5)
    for _ in range(3):
        proxy.cut_request(rng.randint(50, 3000), prefix="/api/v1/batches")
    proxy.cut_response(rng.randint(20, 300), prefix="/api/v1/batches", times=2)
    proxy.fail(503, prefix="/api/v1/batches", times=2, retry_after=1)

    outage_over = threading.Event()

    def outage():
        proxy.wait_for(lambda s: s.responses_started >= 6, timeout=60)
        proxy.set_offline(True)
        dropped = proxy.stats.connections
        proxy.wait_for(lambda s: s.connections >= dropped + 10, timeout=60)
        proxy.set_offline(False)
        outage_over.set()

    errors: dict[str, list[str]] = {"siti": [], "budi": []}

    def sync(name, data_dir):
        with open_store(data_dir) as store:
            from sync.client import SyncClient

            for _ in range(12):
                try:
                    with SyncClient(store, config=fast_config()) as client:
                        client.run()
                    if outage_over.is_set() or errors[name]:
                        return
                except SyncError as err:
                    assert err.retryable, err.code
                    errors[name].append(err.code)
                    proxy.notify()

    threads = [
        threading.Thread(target=outage),
        threading.Thread(target=sync, args=("siti", siti.data_dir)),
        threading.Thread(target=sync, args=("budi", budi.data_dir)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert outage_over.is_set()
    assert errors["siti"] or errors["budi"]  # the outage was felt
    # A last run for each once the network is healthy.
    for laptop in (siti, budi):
        with laptop.client() as client:
            client.run()
    assert_converged(server, siti, budi)
    owners = {
        r["uuid"]: r["username"]
        for r in server.query(
            "SELECT records.uuid, users.username FROM records"
            " JOIN users ON users.id = records.officer_id"
        )
    }
    assert {owners[u] for u in siti.serials} == {OFFICER}
    assert {owners[u] for u in budi.serials} == {OTHER_OFFICER}
