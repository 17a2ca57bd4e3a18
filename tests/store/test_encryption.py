"""Encryption at rest: what a stolen disk shows, who can open the file, and upgrades.

Every test here works on real SQLCipher files; the key slots use the tests' cheap
Argon2id cost (tests/conftest.py), the rest is the production path.
"""

from __future__ import annotations

import pytest

from app.store import Store, vault
from app.store import encryption as enc
from app.store.database import CIPHER_PRAGMAS, WrongKey, cipher_profile, connect, is_plaintext
from app.store.vault import StoreLocked, Vault, WrongPassword
from sync.recovery_key import open_recovery_key, write_recovery_key
from tests.store.factories import NIP, PASSWORD, new_officer, new_visit, request_input
from tests.store.test_database import OLD_PASSWORD, make_old_file

RESIDENT = "Kartini Wulandari"
CHEAP_KDF = {"t": 1, "m": 8 * 1024, "p": 1}


def files_holding(folder, needles: list[bytes]) -> list[str]:
    """Every file under ``folder`` whose bytes contain one of ``needles``."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {n!r}" for n in needles if n in data]
    return found


def locked_out(db_path) -> None:
    """As after a restart with no one signed in and no scheduled-sync key."""
    vault.clear_unattended_key(db_path)
    vault.forget()


@pytest.fixture
def saved(db_path):
    """A store with one officer and one request for a known resident, still open."""
    store = Store.open(db_path)
    officer = new_officer(store)
    visit = new_visit(store, officer["id"])
    data = request_input(7, name=RESIDENT)
    record = store.save_request(officer["id"], visit["uuid"], data)
    yield store, record, data
    store.close()


def test_no_file_in_the_data_folder_shows_a_nik_or_a_name(db_path, saved):
    store, record, data = saved
    needles = [data.nik.encode(), data.kk.encode(), RESIDENT.encode(), RESIDENT.upper().encode()]
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the new pages are in the WAL now
    assert files_holding(db_path.parent, needles) == []
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert files_holding(db_path.parent, needles) == []
    assert not is_plaintext(db_path)
    # the readable part of the key file: officer names for the sign-in, nothing else
    keyfile = vault.keyfile_path(db_path).read_text(encoding="utf-8")
    assert "Siti Aminah" in keyfile and data.nik not in keyfile


def test_wrong_password_is_refused_and_the_right_one_opens(db_path, saved):
    store, record, _ = saved
    store.close()
    locked_out(db_path)
    with pytest.raises(StoreLocked):
        Store.open(db_path)
    keys = Vault.load(db_path)
    with pytest.raises(WrongPassword):
        keys.unlock(NIP, "not-the-password")
    with pytest.raises(WrongKey):
        connect(db_path, vault.new_key())
    with Store.open(db_path, key=keys.unlock(NIP, PASSWORD)) as reopened:
        assert reopened.get_request(record["uuid"])["name"] == RESIDENT


def test_the_first_officer_replaces_the_setup_key(db_path):
    store = Store.open(db_path)
    setup_key = store.key
    assert Vault.load(db_path).setup_key() == setup_key  # no officer yet: no password
    new_officer(store)
    assert store.key != setup_key
    keys = Vault.load(db_path)
    assert keys.setup_key() is None
    assert [s.nip for s in keys.officers()] == [NIP]
    store.close()
    with pytest.raises(WrongKey):
        connect(db_path, setup_key)
    assert keys.unlock(NIP, PASSWORD) == vault.key_for(db_path)


def test_an_interrupted_rekey_is_finished_by_the_next_open(db_path, monkeypatch):
    store = Store.open(db_path)
    setup_key = store.key
    real_execute = store.db.execute

    def crash_on_rekey(sql, *args):
        if sql.startswith("PRAGMA rekey"):
            raise KeyboardInterrupt  # the power goes off right here
        return real_execute(sql, *args)

    monkeypatch.setattr(store.db, "execute", crash_on_rekey)
    with pytest.raises(KeyboardInterrupt):
        new_officer(store)
    store.db.conn.close()
    locked_out(db_path)
    keys = Vault.load(db_path)
    assert keys.setup_key() == setup_key  # both keys written before the rekey
    key = keys.unlock(NIP, PASSWORD)
    with Store.open(db_path, key=key) as reopened:
        assert reopened.get_officer_by_nip(NIP) is not None
    assert Vault.load(db_path).setup_key() is None
    with pytest.raises(WrongKey):
        connect(db_path, setup_key)


def test_an_administrator_recovers_a_forgotten_password(db_path, saved, tmp_path):
    store, record, _ = saved
    recovery_file = tmp_path / "usb" / "recovery.json"
    public = write_recovery_key(recovery_file, "brankas-kantor-dinas", CHEAP_KDF)
    store.set_recovery_key(public)
    other = write_recovery_key(tmp_path / "other.json", "kunci-lain-sekali", CHEAP_KDF)
    store.close()
    locked_out(db_path)
    keys = Vault.load(db_path)
    with pytest.raises(WrongPassword):  # somebody else's recovery key
        keys.unlock_with_recovery(open_recovery_key(tmp_path / "other.json", "kunci-lain-sekali"))
    assert other != public
    key = keys.unlock_with_recovery(open_recovery_key(recovery_file, "brankas-kantor-dinas"))
    with Store.open(db_path, key=key) as recovered:
        officer = recovered.get_officer_by_nip(NIP)
        recovered.reset_password(officer["id"], "kata-sandi-baru")
        assert recovered.verify_password(officer["id"], "kata-sandi-baru")
        assert recovered.get_request(record["uuid"]) is not None
    keys = Vault.load(db_path)
    with pytest.raises(WrongPassword):
        keys.unlock(NIP, PASSWORD)
    assert keys.unlock(NIP, "kata-sandi-baru") == key


def test_scheduled_sync_opens_with_the_credential_store_only_when_allowed(db_path, saved):
    store, _, _ = saved
    assert store.unattended()  # the default: Task Scheduler's jempol-sync needs it
    store.close()
    vault.forget()
    with Store.open(db_path) as reopened:  # the key came from the credential store
        reopened.set_unattended(False)
    vault.forget()
    with pytest.raises(StoreLocked):
        Store.open(db_path)


def test_an_earlier_plain_file_is_encrypted_in_place_keeping_rows_and_passwords(db_path):
    rows = make_old_file(db_path)
    backup_of_older = db_path.with_name(db_path.name + ".pre-m001_initial.bak")
    backup_of_older.write_bytes(db_path.read_bytes())  # a plain backup an update left
    assert is_plaintext(db_path) and is_plaintext(backup_of_older)
    with Store.open(db_path) as store:
        assert {r["uuid"] for r in store.db.query("SELECT uuid FROM requests")} == set(rows)
        assert cipher_profile(store.db.conn) == CIPHER_PRAGMAS  # 2 KiB pages, no HMAC
        key = store.key
    assert not is_plaintext(db_path) and not is_plaintext(backup_of_older)
    assert not db_path.with_name(db_path.name + "-wal").exists() or not is_plaintext(db_path)
    assert files_holding(db_path.parent, [b"Siti Aminah", b"Abdul Rahman"]) == []
    locked_out(db_path)
    keys = Vault.load(db_path)
    assert keys.unlock("1980", OLD_PASSWORD) == key  # same password as before
    assert keys.needs_slot("1980")  # scrypt slot: re-made with Argon2id at sign-in
    with pytest.raises(WrongPassword):
        keys.unlock("1980", "guess")


def test_a_crash_while_encrypting_is_finished_by_the_next_open(db_path, monkeypatch):
    rows = make_old_file(db_path)
    finish = enc._finish

    def crash(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(enc, "_finish", crash)
    with pytest.raises(KeyboardInterrupt):
        Store.open(db_path)
    assert is_plaintext(db_path)  # the original is untouched so far
    monkeypatch.setattr(enc, "_finish", finish)
    locked_out(db_path)
    key = Vault.load(db_path).unlock("1980", OLD_PASSWORD)
    vault.remember(db_path, key)
    with Store.open(db_path) as store:
        assert {r["uuid"] for r in store.db.query("SELECT uuid FROM requests")} == set(rows)
    assert not is_plaintext(db_path)
    assert list(db_path.parent.glob("*" + enc.PENDING_SUFFIX)) == []


def test_an_encrypted_file_without_its_key_file_is_refused_clearly(db_path, saved):
    store, _, _ = saved
    store.close()
    vault.keyfile_path(db_path).unlink()
    locked_out(db_path)
    with pytest.raises(vault.VaultError, match="key file"):
        Store.open(db_path)


def test_the_language_is_readable_before_sign_in_and_nothing_else_is(db_path, saved):
    store, _, _ = saved
    store.set_setting("language", "en")
    store.set_setting("idle_lock_minutes", 5)
    store.close()
    locked_out(db_path)
    assert Store.peek_setting(db_path, "language", "id") == "en"  # the sign-in's language
    assert Store.peek_setting(db_path, "idle_lock_minutes", "unknown") == "unknown"
