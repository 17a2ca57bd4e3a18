"""The transport's public calls against the real server: register, post_bundle, and the
laptop clock sent with every batch (``X-Jempol-Device-Time``) for the clock-skew flag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sync import bundle, transport
from sync.transport import Transport
from tests.support.live_server import PASSWORD
from tests.sync.conftest import OFFICER, fast_config


def review_flags(server) -> dict[str, str]:
    rows = server.query("SELECT uuid, flag_codes FROM record_review")
    return {row["uuid"]: row["flag_codes"] for row in rows}


def test_every_batch_carries_the_laptop_clock(server, make_laptop, monkeypatch):
    sent: list[str] = []
    real_device_time = transport.device_time

    def recorded() -> str:
        sent.append(real_device_time())
        return sent[-1]

    monkeypatch.setattr(transport, "device_time", recorded)
    laptop = make_laptop("on-time")
    laptop.register(server.base_url)
    made = laptop.add_requests(3)
    config = fast_config()
    config.initial_batch_size = 2  # two batches: the header goes with each
    with laptop.client(config=config) as client:
        report = client.run()
    assert report.batches_sent == 2 and len(sent) == 2
    now = datetime.now(UTC)
    assert all(abs((now - transport.protocol.parse_utc(t)).total_seconds()) < 60 for t in sent)
    flags = review_flags(server)
    assert all("clock_skew" not in flags[r["uuid"]] for r in made)


def test_a_laptop_clock_two_hours_off_flags_its_records(server, make_laptop, monkeypatch):
    late = (datetime.now(UTC) - timedelta(hours=2)).isoformat().replace("+00:00", "Z")
    monkeypatch.setattr(transport, "device_time", lambda: late)
    laptop = make_laptop("slow-clock")
    laptop.register(server.base_url)
    made = laptop.add_requests(2)
    with laptop.client() as client:
        client.run()
    flags = review_flags(server)
    assert all("clock_skew" in flags[r["uuid"]].split(",") for r in made)


def test_register_and_post_bundle_are_public_calls(server):
    _signing, public = bundle.new_device_key()
    with Transport(server.base_url, config=fast_config().transport) as api:
        answer = api.register(OFFICER, PASSWORD, "laptop-api", device_public_key=public)
        rows = server.query("SELECT public_key FROM devices WHERE id = :d", d=answer.device_id)
        assert rows[0]["public_key"] == public
        assert answer.officer.username == OFFICER

        api.token = answer.token
        result = api.post_bundle(b"not a bundle at all")
    assert result.status == "refused" and result.code == "bundle_damaged"
