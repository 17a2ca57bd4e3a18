"""The organisation's recovery key reaches laptops through the real server."""

from __future__ import annotations

import io
import sys

from app.store import vault
from app.store.vault import Vault
from server.cli import main as server_cli
from sync.recovery_key import key_id, open_recovery_key, public_key_of

PASSPHRASE = "brankas-kantor-dinas"


def recovery_init(server, out) -> int:
    old = sys.stdin
    sys.stdin = io.StringIO(PASSPHRASE + "\n")
    try:
        return server_cli(
            ["keys", "recovery-init", "--out", str(out), "--data-dir", str(server.data_dir)]
        )
    finally:
        sys.stdin = old


def test_laptops_seal_their_key_to_the_recovery_key_at_registration_and_sync(
    server, make_laptop, tmp_path, capsys
):
    early = make_laptop("early")
    early.register(server.base_url)
    assert early.store.recovery_key_id() is None  # no recovery key on the server yet

    out = tmp_path / "usb" / "recovery.json"
    assert recovery_init(server, out) == 0
    public = public_key_of(out)
    assert f"created recovery key {key_id(public)}" in capsys.readouterr().out
    try:  # never replaced by accident
        recovery_init(server, tmp_path / "again.json")
    except SystemExit as stop:
        assert "already set" in str(stop)
    else:
        raise AssertionError("a second recovery-init replaced the key")
    assert not (tmp_path / "again.json").exists()

    early.client(server.base_url).run()  # picks it up at the next sync
    assert early.store.recovery_key_id() == key_id(public)

    late = make_laptop("late", nip="198202022006042002", serial_base=100)
    late.register(server.base_url)  # gets it with the registration answer
    assert late.store.recovery_key_id() == key_id(public)

    private = open_recovery_key(out, PASSPHRASE)
    for laptop in (early, late):
        assert Vault.load(laptop.store.path).unlock_with_recovery(private) == laptop.store.key
        assert vault.key_for(laptop.store.path) == laptop.store.key
