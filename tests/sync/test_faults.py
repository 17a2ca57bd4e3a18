"""Network faults between the client and the real server, injected by the loopback proxy.

Each fault is repeated with fixed seeds (the seed picks where the connection breaks).
After the network heals and a sync completes, every record is on the server exactly
once at its latest revision and the outbox is fully acknowledged.
"""

from __future__ import annotations

import random

import pytest

from sync.errors import EXIT_AUTH, EXIT_UNREACHABLE, AuthRefused, SyncError, Unreachable
from tests.sync.checks import assert_converged, local_batch_bodies
from tests.sync.conftest import fast_config

BATCHES = "/api/v1/batches"


def _prepare(laptop, proxy, count=120):
    laptop.register(proxy.url)
    records = laptop.add_requests(count)
    for record in records[::7]:
        laptop.edit(record["uuid"], notes="diperbarui")
    return records


def _body_size(laptop) -> int:
    """Size of the next batch body, to aim cuts inside it."""
    return max(len(b) for b in local_batch_bodies(laptop.store).values())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_request_cut_mid_body_is_retried(server, proxy, laptop, seed):
    _prepare(laptop, proxy)
    rng = random.Random(seed)
    proxy.cut_request(rng.randint(1, 3000), prefix=BATCHES)
    proxy.cut_request(rng.randint(1, 3000), prefix=BATCHES)
    with laptop.client() as client:
        report = client.run()
    assert proxy.pending_faults() == 0
    assert report.exit_code == 0
    assert_converged(server, laptop)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_response_cut_after_server_stored_the_batch(server, proxy, laptop, seed):
    _prepare(laptop, proxy)
    rng = random.Random(seed)
    # Status line and headers are ~150 bytes: cut anywhere from the head into the body.
    proxy.cut_response(rng.randint(20, 400), prefix=BATCHES, times=2)
    with laptop.client() as client:
        report = client.run()
    assert proxy.pending_faults() == 0
    assert report.duplicates >= 1  # the server had stored it; the resend was recognised
    assert_converged(server, laptop)
    assert server.batch_count() == len(local_batch_bodies(laptop.store))


def test_response_delayed_past_read_timeout(server, proxy, laptop):
    _prepare(laptop, proxy, count=30)
    proxy.delay_response(1.5, prefix=BATCHES)
    with laptop.client(config=fast_config(read_timeout=0.5)) as client:
        report = client.run()
    assert report.duplicates == 1
    assert_converged(server, laptop)


def test_503_with_retry_after_is_honoured(server, proxy, laptop):
    _prepare(laptop, proxy, count=30)
    proxy.fail(503, prefix=BATCHES, times=2, retry_after=1)
    with laptop.client() as client:
        report = client.run()
    assert report.exit_code == 0
    assert proxy.stats.paths.count(f"PUT {BATCHES}/{_first_batch(laptop)}") == 3
    assert_converged(server, laptop)


def _batch_puts(proxy) -> int:
    return sum(1 for p in proxy.stats.paths if p.startswith(f"PUT {BATCHES}/"))


def _first_batch(laptop) -> str:
    return laptop.store.batches()[0]["batch_uuid"]


def test_500_stops_the_run_and_the_resend_is_byte_identical(server, proxy, laptop):
    _prepare(laptop, proxy, count=30)
    proxy.fail(500, prefix=BATCHES)
    with laptop.client() as client, pytest.raises(SyncError) as failed:
        client.run()
    assert failed.value.code == "server_error" and failed.value.exit_code == EXIT_UNREACHABLE
    assert _batch_puts(proxy) == 1  # 500 is not retried at once
    status = laptop.store.sync_status()
    assert status["sealed_batches"] == 1
    assert status["last_error"]["code"] == "server_error"
    assert "server" in status["last_error"]["message"].lower()
    sealed_before = local_batch_bodies(laptop.store)

    with laptop.client() as client:
        client.run()
    assert_converged(server, laptop)
    stored = {
        r["batch_uuid"]: r["body"] for r in server.query("SELECT batch_uuid, body FROM batches")
    }
    for batch_uuid, body in sealed_before.items():
        assert stored[batch_uuid] == body
    assert laptop.store.sync_status()["last_error"] is None


def test_503_until_retries_run_out(server, proxy, laptop):
    _prepare(laptop, proxy, count=10)
    proxy.fail(503, prefix=BATCHES, times=10)
    with laptop.client() as client, pytest.raises(SyncError) as failed:
        client.run()
    assert failed.value.code == "unavailable"
    assert failed.value.exit_code == EXIT_UNREACHABLE
    assert _batch_puts(proxy) == 4  # one try + 3 retries
    proxy.clear_faults()
    with laptop.client() as client:
        client.run()
    assert_converged(server, laptop)


def test_other_4xx_is_never_retried(server, proxy, laptop):
    _prepare(laptop, proxy, count=10)
    proxy.fail(400, prefix=BATCHES, times=3)
    with laptop.client() as client, pytest.raises(SyncError) as failed:
        client.run()
    assert failed.value.code == "bad_request" and failed.value.action == "stop"
    assert _batch_puts(proxy) == 1


def test_offline_then_healed(server, proxy, laptop):
    _prepare(laptop, proxy, count=40)
    proxy.set_offline(True)
    with laptop.client() as client, pytest.raises(Unreachable) as failed:
        client.run()
    assert failed.value.exit_code == EXIT_UNREACHABLE
    assert "tidak dapat dihubungi" in failed.value.message("id")
    assert laptop.store.sync_status()["last_error"]["action"] == "retry"
    assert laptop.store.batch_size(0) < 50  # the next seal will be smaller
    proxy.set_offline(False)
    with laptop.client() as client:
        client.run()
    assert_converged(server, laptop)


def test_too_large_voids_the_batch_and_reseals_smaller(server, proxy, laptop):
    _prepare(laptop, proxy, count=40)
    proxy.fail(413, prefix=BATCHES)
    with laptop.client() as client:
        report = client.run()
    batches = laptop.store.batches()
    assert batches[0]["state"] == "void"
    assert batches[1]["outbox_first"] == batches[0]["outbox_first"]
    assert batches[1]["record_count"] < batches[0]["record_count"]
    assert report.exit_code == 0
    assert_converged(server, laptop)


def test_batch_size_adapts(server, proxy, laptop):
    _prepare(laptop, proxy, count=100)
    laptop.store.set_batch_size(40)
    proxy.set_offline(True)
    with laptop.client() as client, pytest.raises(Unreachable):
        client.push()
    assert laptop.store.batch_size(0) == 20
    with laptop.client() as client, pytest.raises(Unreachable):
        client.push()
    assert laptop.store.batch_size(0) == 10
    with laptop.client() as client, pytest.raises(Unreachable):
        client.push()
    assert laptop.store.batch_size(0) == 10  # floor
    assert [b["record_count"] for b in laptop.store.batches()] == [40]  # never resized
    proxy.set_offline(False)
    with laptop.client() as client:
        client.push()
    counts = [b["outbox_first"] for b in laptop.store.batches()]
    assert len(counts) > 2
    assert laptop.store.batch_size(0) > 10  # fast successes let it grow again
    assert_converged(server, laptop)


def test_revoked_device_must_register_again(server, proxy, laptop):
    from server.cli import main as server_main

    _prepare(laptop, proxy, count=5)
    device_id = laptop.store.registration()["device_id"]
    assert server_main(["device", "revoke", device_id, "--data-dir", str(server.data_dir)]) == 0
    with laptop.client() as client, pytest.raises(AuthRefused) as failed:
        client.run()
    assert failed.value.exit_code == EXIT_AUTH
    assert failed.value.code == "device_revoked"
    assert _batch_puts(proxy) == 1
    laptop.register(proxy.url)
    with laptop.client() as client:
        client.run()
    assert_converged(server, laptop)
