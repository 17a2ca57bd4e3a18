"""``jempol recover`` and a locked data folder on the command line (real processes)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.paths import database_path
from app.store import Store, vault
from app.store.vault import Vault, WrongPassword
from sync.recovery_key import write_recovery_key
from tests.cli.conftest import KECAMATAN, NIP, row, write_csv
from tests.store.factories import PASSWORD

PASSPHRASE = "brankas-kantor-dinas"


def jempol(args: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def laptop(tmp_path):
    """A data folder sealed to a recovery key, as after registration; nobody signed in;
    the key kept for scheduled sync in the (test) credential store."""
    data_dir = tmp_path / "data"
    public = write_recovery_key(
        tmp_path / "usb" / "recovery.json", PASSPHRASE, {"t": 1, "m": 8 * 1024, "p": 1}
    )
    with Store.open(database_path(data_dir)) as store:
        store.create_officer("Siti Aminah", NIP, "Tim 1", KECAMATAN, PASSWORD)
        store.set_recovery_key(public)
    vault.forget()
    return data_dir, tmp_path / "usb" / "recovery.json"


def test_admin_sets_a_new_password_with_the_recovery_key(laptop):
    data_dir, key_file = laptop
    args = ["recover", "--data-dir", str(data_dir), "--recovery-key", str(key_file)]
    args += ["--officer-nip", NIP, "--lang", "en"]
    wrong = jempol(args, "not the passphrase\nbaru-sekali-1\nbaru-sekali-1\n")
    assert wrong.returncode == 1
    assert "Recovery failed: wrong passphrase" in wrong.stderr
    done = jempol(args, f"{PASSPHRASE}\nbaru-sekali-1\nbaru-sekali-1\n")
    assert done.returncode == 0, done.stderr
    assert "New offline password for Siti Aminah" in done.stdout
    keys = Vault.load(database_path(data_dir))
    with pytest.raises(WrongPassword):
        keys.unlock(NIP, PASSWORD)
    with Store.open(database_path(data_dir), key=keys.unlock(NIP, "baru-sekali-1")) as store:
        officer = store.get_officer_by_nip(NIP)
        assert store.verify_password(officer["id"], "baru-sekali-1")


@pytest.mark.parametrize("credential_store", [False, True])
def test_a_locked_folder_asks_for_the_officer_and_the_password(laptop, tmp_path, credential_store):
    """Even with the key kept for scheduled sync, the CLI reads residents' data only for
    an officer who types the password."""
    data_dir, _ = laptop
    if not credential_store:
        vault.clear_unattended_key(database_path(data_dir))
    csv_file = write_csv(tmp_path / "in.csv", [row(1)])
    base = ["import-csv", str(csv_file), "--data-dir", str(data_dir), "--lang", "en"]
    locked = jempol(base)
    assert locked.returncode == 2
    assert "encrypted. Pass --officer-nip" in locked.stderr
    wrong = jempol([*base, "--officer-nip", NIP], "salah-tebak\n")
    assert wrong.returncode == 2
    assert f"Wrong offline password for NIP {NIP}" in wrong.stderr
    right = jempol([*base, "--officer-nip", NIP], f"{PASSWORD}\n")
    assert right.returncode == 0, right.stderr


def test_jempol_sync_on_a_locked_laptop_says_how_to_unlock(laptop):
    data_dir, _ = laptop
    vault.clear_unattended_key(database_path(data_dir))  # scheduled sync not allowed

    def sync(args, stdin=""):
        return subprocess.run(
            [sys.executable, "-m", "sync", *args, "--data-dir", str(data_dir), "--lang", "en"],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "JEMPOL_TEST_KEYRING_FILE": ""},  # no credential store
        )

    locked = sync(["status"])
    assert locked.returncode == 7
    assert "locked (encrypted)" in locked.stderr
    wrong = sync(["status", "--officer-nip", NIP], "salah-tebak\n")
    assert wrong.returncode == 7
    assert "Wrong offline password" in wrong.stderr
    right = sync(["status", "--officer-nip", NIP, "--json"], f"{PASSWORD}\n")
    assert right.returncode == 0, right.stderr
