"""Relay bundles: laptop A exports, laptop B relays, A later syncs directly - once each.

Real server on loopback, real laptop stores, the real CLIs of both ends.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from server.bundles import import_bundle
from server.cli import main as server_main
from server.db import make_engine
from server.keys import KeyFileError, ServerKeys, ensure_keys, key_file_path, load_keys
from sync import bundle
from sync.cli import main as sync_main
from sync.relay import export_bundle, relay_bundle
from tests.store.factories import request_input
from tests.sync.checks import assert_converged, local_batch_bodies
from tests.sync.conftest import OTHER_OFFICER, fast_config


def run_server_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = server_main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def keyed_server(server, monkeypatch):
    """The live server with a bundle key made by ``jempol-server keys init``."""
    monkeypatch.delenv("JEMPOL_SERVER_KEY_FILE", raising=False)
    code, out, _err = run_server_cli("keys", "init", "--data-dir", str(server.data_dir))
    assert code == 0 and "created bundle key" in out
    return server


@pytest.fixture
def laptops(keyed_server, make_laptop):
    """A (offline officer, 'siti') and B (colleague 'budi' at the kecamatan office)."""
    a = make_laptop("a")
    b = make_laptop("b", nip="198502022010012002", serial_base=5000)
    a.register(keyed_server.base_url)
    b.register(keyed_server.base_url, OTHER_OFFICER)
    return a, b


def server_counts(server) -> dict[str, int]:
    return {
        table: server.query(f"SELECT count(*) AS n FROM {table}")[0]["n"]
        for table in ("batches", "records", "record_revisions")
    }


def server_keys(server) -> ServerKeys:
    return load_keys(Path(server.data_dir) / "server-keys.json")


def test_registration_exchanges_keys(laptops, keyed_server):
    a, _b = laptops
    pinned = a.store.sync_get(bundle.KV_SERVER_KEY)
    assert pinned == server_keys(keyed_server).public_key
    signing = a.store.sync_get(bundle.KV_SIGNING_KEY)
    device_id = a.store.registration()["device_id"]
    rows = keyed_server.query("SELECT public_key FROM devices WHERE id = :d", d=device_id)
    assert rows[0]["public_key"] == bundle.device_public_key(signing)
    assert "bundle_signing_key" not in str(a.store.sync_status())


def test_export_relay_then_direct_sync_stores_every_record_once(laptops, keyed_server, tmp_path):
    a, b = laptops
    first = a.add_requests(2)
    with a.client() as client:  # a last direct sync before the team goes inland
        client.run()
    offline = a.add_requests(5)
    a.edit(offline[0]["uuid"], phone="081234567890")  # revision 2
    a.edit(first[0]["uuid"], notes="koreksi alamat")  # a synced record edited offline

    config = fast_config()
    config.max_batch_size = 3  # several batches in one bundle
    usb = tmp_path / "usb" / "tabang.jempol"
    report = export_bundle(a.store, usb, config=config)
    assert report.path == usb and report.batches >= 3
    assert report.records == sum(b_.record_count for b_ in a.store.unacked_batches())
    assert a.store.sync_status()["unsealed_changes"] == 0
    assert a.store.pending_changes() > 0  # nothing is marked done by an export
    before = server_counts(keyed_server)

    # Laptop B relays it with its own token (CLI), and cannot read it.
    code = sync_main(["relay-bundle", str(usb), "--data-dir", str(b.data_dir)])
    assert code == 0
    on_server = keyed_server.records()
    for record in offline:
        assert record["uuid"] in on_server
    assert on_server[offline[0]["uuid"]]["revision"] == 2
    assert on_server[first[0]["uuid"]]["revision"] == 2
    officer_ids = keyed_server.query(
        "SELECT DISTINCT u.username FROM records r JOIN users u ON u.id = r.officer_id"
    )
    assert [r["username"] for r in officer_ids] == ["siti"]  # filed as A's officer, not B's
    after_relay = server_counts(keyed_server)
    assert after_relay["batches"] == before["batches"] + report.batches

    # Relaying the same file again changes nothing.
    again = relay_bundle(b.store, usb, config=fast_config())
    assert {item.status for item in again.batches} == {"duplicate"}
    assert server_counts(keyed_server) == after_relay

    # A comes back into signal: one more record, then a direct sync.
    a.add_requests(1)
    with a.client() as client:
        sync = client.run()
    assert sync.duplicates == report.batches
    assert sync.rejected == 0
    assert_converged(keyed_server, a)
    assert server_counts(keyed_server)["batches"] == after_relay["batches"] + 1
    states = {batch["state"] for batch in a.store.batches()}
    assert states == {"acked"}


def test_cli_export_and_admin_import(laptops, keyed_server, tmp_path, capsys):
    a, _b = laptops
    records = a.add_requests(3)
    usb = tmp_path / "kembang-janggut.jempol"
    assert sync_main(["export-bundle", str(usb), "--data-dir", str(a.data_dir)]) == 0
    assert "Paket ditulis" in capsys.readouterr().out

    code, out, _err = run_server_cli(
        "import-bundle", str(usb), "--data-dir", str(keyed_server.data_dir)
    )
    assert code == 0, out
    assert "1 batch(es) imported, 0 refused" in out
    assert set(keyed_server.records()) >= {r["uuid"] for r in records}

    with a.client() as client:
        assert client.run().duplicates == 1
    assert_converged(keyed_server, a)
    # Nothing left: the next export writes no file.
    empty = tmp_path / "empty.jempol"
    assert sync_main(["export-bundle", str(empty), "--data-dir", str(a.data_dir)]) == 0
    assert "tidak dibuat" in capsys.readouterr().out
    assert not empty.exists()


def test_flipped_byte_anywhere_is_refused_and_nothing_written(laptops, keyed_server, tmp_path):
    a, b = laptops
    a.add_requests(4)
    config = fast_config()
    config.max_batch_size = 2
    usb = tmp_path / "bundle.jempol"
    export_bundle(a.store, usb, config=config)
    good = usb.read_bytes()
    before = server_counts(keyed_server)
    keys = server_keys(keyed_server)
    engine = make_engine(keyed_server.db_url)
    try:
        positions = sorted(
            {0, 7, 8, 11, 12, len(good) - 65, len(good) - 64, len(good) - 1}
            | set(range(13, len(good), max(1, len(good) // 40)))
        )
        for position in positions:
            bad = bytearray(good)
            bad[position] ^= 0x01
            result = import_bundle(engine, keys, bytes(bad))
            assert result.status == "refused", position
            assert result.code.startswith("bundle_"), position
            assert result.batches == []
        assert server_counts(keyed_server) == before
    finally:
        engine.dispose()

    # Over HTTP (B relays a damaged copy) and through the admin CLI: refused too.
    bad = bytearray(good)
    bad[len(good) // 2] ^= 0x80
    damaged = tmp_path / "damaged.jempol"
    damaged.write_bytes(bytes(bad))
    with pytest.raises(bundle.BundleError) as refused:
        relay_bundle(b.store, damaged, config=fast_config())
    assert refused.value.code == "bundle_damaged"
    assert "rusak" in refused.value.message("id")
    assert sync_main(["relay-bundle", str(damaged), "--data-dir", str(b.data_dir)]) == 1
    code, _out, err = run_server_cli(
        "import-bundle", str(damaged), "--data-dir", str(keyed_server.data_dir), "--lang", "en"
    )
    assert code == 1 and "damaged or was altered" in err
    assert server_counts(keyed_server) == before

    # The untouched file still goes in: the refusals were about the flipped byte.
    result = relay_bundle(b.store, usb, config=fast_config())
    assert result.status == "ingested"
    assert {item.status for item in result.batches} == {"stored"}


def test_bundle_of_a_revoked_device_is_refused(laptops, keyed_server, tmp_path):
    a, b = laptops
    a.add_requests(2)
    usb = tmp_path / "bundle.jempol"
    export_bundle(a.store, usb)
    before = server_counts(keyed_server)
    device_id = a.store.registration()["device_id"]
    code, _out, _err = run_server_cli(
        "device", "revoke", device_id, "--data-dir", str(keyed_server.data_dir)
    )
    assert code == 0
    with pytest.raises(bundle.BundleError) as refused:
        relay_bundle(b.store, usb, config=fast_config())
    assert refused.value.code == "bundle_device_revoked"
    assert server_counts(keyed_server) == before


def test_bundle_is_unreadable_without_the_server_key(laptops, keyed_server, tmp_path):
    a, _b = laptops
    records = a.add_requests(3)
    usb = tmp_path / "bundle.jempol"
    export_bundle(a.store, usb)
    data = usb.read_bytes()
    for record in records:
        resident = request_input(a.serials[record["uuid"]])
        for secret in (resident.nik, resident.name, resident.kk):
            assert secret.encode("utf-8") not in data
    parsed = bundle.parse_bundle(data)
    assert parsed.header.device_id == a.store.registration()["device_id"]

    with pytest.raises(bundle.BundleError) as wrong:
        bundle.decrypt(parsed, X25519PrivateKey.generate())
    assert wrong.value.code == "bundle_wrong_server"
    # A key id forged to match still cannot open the payload.
    impostor = X25519PrivateKey.generate()
    forged = parsed.header.model_copy(
        update={"server_key_id": bundle.key_id(impostor.public_key().public_bytes_raw())}
    )
    with pytest.raises(bundle.BundleError) as forged_err:
        bundle.decrypt(
            bundle.ParsedBundle(forged, parsed.framed, parsed.ciphertext, parsed.signature),
            impostor,
        )
    assert forged_err.value.code == "bundle_damaged"

    # With the server key, the payload is the stored batch bodies, byte-identical.
    bodies = dict(bundle.decrypt(parsed, server_keys(keyed_server).private_key))
    assert bodies == local_batch_bodies(a.store)


def test_export_needs_a_pinned_server_key(server, make_laptop, tmp_path, monkeypatch):
    monkeypatch.delenv("JEMPOL_SERVER_KEY_FILE", raising=False)
    laptop = make_laptop()
    laptop.register(server.base_url)  # the server has no key file yet
    laptop.add_requests(1)
    target = tmp_path / "x.jempol"
    with pytest.raises(bundle.BundleError) as err:
        export_bundle(laptop.store, target)
    assert err.value.code == "bundle_not_ready"
    assert "Daftarkan ulang" in str(err.value)
    assert not target.exists()
    assert sync_main(["export-bundle", str(target), "--data-dir", str(laptop.data_dir)]) == 1


def test_server_key_file_commands(tmp_path, monkeypatch):
    monkeypatch.delenv("JEMPOL_SERVER_KEY_FILE", raising=False)
    data_dir = tmp_path / "srv"
    code, out, _err = run_server_cli("keys", "init", "--data-dir", str(data_dir))
    assert code == 0
    path = data_dir / "server-keys.json"
    assert path.stat().st_mode & 0o077 == 0
    code, _out, err = run_server_cli("keys", "init", "--data-dir", str(data_dir))
    assert code == 2 and "already exists" in err
    keys = load_keys(path)
    code, out, _err = run_server_cli("keys", "show", "--data-dir", str(data_dir))
    assert code == 0 and keys.key_id in out and keys.public_key in out
    assert ensure_keys(path).public_key == keys.public_key  # never replaced
    assert key_file_path(database_url=f"sqlite:///{data_dir}/x.sqlite3") == path
    monkeypatch.setenv("JEMPOL_SERVER_KEY_FILE", str(tmp_path / "other.json"))
    assert key_file_path(data_dir) == tmp_path / "other.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(KeyFileError):
        load_keys(path)


def open_window(qtbot, laptop):
    from app.ui.main_window import MainWindow

    laptop.store.set_setting("officer_id", laptop.officer["id"])
    window = MainWindow(laptop.store, lang="id", sign_in=False)
    qtbot.addWidget(window)
    window.sync_controller.timer.stop()  # no automatic sync: this laptop is "offline"
    return window


def test_app_menu_exports_and_imports_bundles(qtbot, laptops, keyed_server, tmp_path):
    a, b = laptops
    records = a.add_requests(3)
    win_a, win_b = open_window(qtbot, a), open_window(qtbot, b)
    try:
        texts = [action.text() for action in win_a.sync_menu.actions()]
        assert "Ekspor paket…" in texts and "Impor paket…" in texts
        usb = tmp_path / "usb.jempol"
        actions_a = win_a.sync_controller.bundle_actions
        with qtbot.waitSignal(actions_a.finished, timeout=30000) as done:
            actions_a.export_to(str(usb))
        ok, message = done.args
        assert ok and "Paket ditulis" in message and usb.exists()

        actions_b = win_b.sync_controller.bundle_actions
        with qtbot.waitSignal(actions_b.finished, timeout=30000) as done:
            actions_b.relay_from(str(usb))
        ok, message = done.args
        assert ok and "1 batch baru" in message
        assert set(keyed_server.records()) >= {r["uuid"] for r in records}

        data = usb.read_bytes()
        usb.write_bytes(data[:-1] + bytes([data[-1] ^ 0x01]))  # damaged on the way
        with qtbot.waitSignal(actions_b.finished, timeout=30000) as done:
            actions_b.relay_from(str(usb))
        ok, message = done.args
        assert not ok and "rusak" in message
    finally:
        win_a.sync_controller.shutdown()
        win_b.sync_controller.shutdown()
