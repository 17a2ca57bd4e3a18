"""Relay bundles: laptop A exports, laptop B relays, A later syncs directly - once each.

Real server on loopback, real laptop stores, the real CLIs of both ends.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from nacl.public import PrivateKey
from nacl.signing import SigningKey

from server.bundles import import_bundle
from server.cli import main as server_main
from server.db import make_engine
from server.keys import KeyFileError, ServerKeys, ensure_keys, key_file_path, load_keys
from sync import bundle
from sync.cli import main as sync_main
from sync.protocol import canonical_json
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


def test_header_resigned_by_another_device_is_refused(laptops, keyed_server, tmp_path):
    """B takes A's sealed payload, puts its own device id in the header and signs it with
    its own key: the signature holds, but the header hash sealed inside does not."""
    a, b = laptops
    a.add_requests(2)
    usb = tmp_path / "bundle.jempol"
    export_bundle(a.store, usb)
    parsed = bundle.parse_bundle(usb.read_bytes())
    b_device = b.store.registration()["device_id"]
    header = parsed.header.model_copy(update={"device_id": b_device})
    framed = bundle.MAGIC + len(raw := canonical_json(header)).to_bytes(4, "big") + raw
    signer = SigningKey(bundle.unb64(b.store.sync_get(bundle.KV_SIGNING_KEY)))
    signed = framed + parsed.ciphertext
    forged = signed + signer.sign(signed).signature

    reparsed = bundle.parse_bundle(forged)
    b_public = bundle.device_public_key(b.store.sync_get(bundle.KV_SIGNING_KEY))
    bundle.verify(reparsed, b_public)  # a valid signature by B
    keys = server_keys(keyed_server)
    with pytest.raises(bundle.BundleError) as err:
        bundle.decrypt(reparsed, keys.private_key)
    assert err.value.code == "bundle_damaged" and "header" in (err.value.detail or "")

    before = server_counts(keyed_server)
    engine = make_engine(keyed_server.db_url)
    try:
        result = import_bundle(engine, keys, forged)
    finally:
        engine.dispose()
    assert result.status == "refused" and result.code == "bundle_damaged"
    assert server_counts(keyed_server) == before
    # Untouched, A's bundle goes in.
    assert relay_bundle(b.store, usb, config=fast_config()).status == "ingested"


def test_sealed_payload_changed_by_the_device_key_holder_is_refused():
    """Even re-signed with the right device key, a changed sealed box fails its tag."""
    server_key = PrivateKey.generate()
    signing, public = bundle.new_device_key()
    body = b"\x1f\x8b" + bytes(range(200))
    data = bundle.write_bundle(
        "dev-1", signing, bundle.b64(bytes(server_key.public_key)), [("u-1", body)], "t"
    )
    parsed = bundle.parse_bundle(data)
    bundle.verify(parsed, public)
    assert bundle.decrypt(parsed, server_key) == [("u-1", body)]
    assert body not in data
    for position in (0, 31, 32, 47, 48, len(parsed.ciphertext) - 1):
        changed = bytearray(parsed.ciphertext)
        changed[position] ^= 0x01
        signed = parsed.framed + bytes(changed)
        resigned = signed + SigningKey(bundle.unb64(signing)).sign(signed).signature
        again = bundle.parse_bundle(resigned)
        bundle.verify(again, public)
        with pytest.raises(bundle.BundleError) as err:
            bundle.decrypt(again, server_key)
        assert err.value.code == "bundle_damaged", position
    # Two bundles of the same batches differ (a fresh ephemeral key each time).
    other = bundle.write_bundle(
        "dev-1", signing, bundle.b64(bytes(server_key.public_key)), [("u-1", body)], "t"
    )
    assert bundle.parse_bundle(other).ciphertext != parsed.ciphertext


def test_raw_keys_follow_the_rfc_encodings(tmp_path):
    """Keys are raw RFC 7748 / RFC 8032 bytes, so files and pinned keys written by any
    library stay valid (test vectors from the RFCs)."""
    x25519_private = bytes.fromhex(
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
    )
    x25519_public = bytes.fromhex(
        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
    )
    path = tmp_path / "server-keys.json"
    path.write_text(
        json.dumps(
            {
                "format": "jempol-server-keys",
                "version": 1,
                "x25519_private": bundle.b64(x25519_private),
                "x25519_public": bundle.b64(x25519_public),
            }
        ),
        encoding="utf-8",
    )
    keys = load_keys(path)
    assert keys.public_raw == x25519_public
    assert keys.key_id == bundle.key_id(x25519_public)
    ed25519_seed = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    ed25519_public = bytes.fromhex(
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    )
    assert bundle.device_public_key(bundle.b64(ed25519_seed)) == bundle.b64(ed25519_public)
    # A public half that does not belong to the private key is refused.
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["x25519_public"] = bundle.b64(ed25519_public)
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(KeyFileError, match="x25519_public"):
        load_keys(path)


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
        bundle.decrypt(parsed, PrivateKey.generate())
    assert wrong.value.code == "bundle_wrong_server"
    # A key id forged to match still cannot open the payload.
    impostor = PrivateKey.generate()
    forged = parsed.header.model_copy(
        update={"server_key_id": bundle.key_id(bytes(impostor.public_key))}
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
