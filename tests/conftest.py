"""Shared test setup: Qt runs headless everywhere; encryption keys stay per test.

Every laptop database in the tests is encrypted like a real one. Two things are made
cheap or local: the Argon2id cost of an officer's key slot (the real cost is measured
by bench/bench_store.py's unlock figure), and the operating system's credential store,
replaced by a JSON file per test (tests/support/file_keyring.py) that the processes a
test starts (``jempol-sync``, ``jempol``) use too.
"""

import os
from pathlib import Path

import pytest

from app.store import vault

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.support.file_keyring.FileKeyring"
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
)

TEST_ARGON2 = {"t": 1, "m": 8 * 1024, "p": 1}


@pytest.fixture(autouse=True)
def _isolated_keys(tmp_path_factory, monkeypatch):
    """Cheap key slots, a fresh credential store, and no key carried to the next test."""
    monkeypatch.setattr(vault, "ARGON2_PARAMS", dict(TEST_ARGON2))
    keyring_file = tmp_path_factory.mktemp("keyring") / "keyring.json"
    monkeypatch.setenv("JEMPOL_TEST_KEYRING_FILE", str(keyring_file))
    vault.forget()
    yield
    vault.forget()
