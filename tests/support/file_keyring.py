"""A keyring backend for tests: a JSON file named by ``$JEMPOL_TEST_KEYRING_FILE``.

Stands in for Windows Credential Manager (what scheduled sync uses) in this process and
in the ``jempol-sync`` / ``jempol`` processes tests start: tests/conftest.py points
``PYTHON_KEYRING_BACKEND`` here. Without the variable it behaves as "no keyring".
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import NoKeyringError, PasswordDeleteError

ENV = "JEMPOL_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    priority = 1  # only ever chosen through PYTHON_KEYRING_BACKEND

    def _path(self) -> Path:
        value = os.environ.get(ENV)
        if not value:
            raise NoKeyringError(f"{ENV} is not set")
        return Path(value)

    def _load(self) -> dict:
        try:
            return json.loads(self._path().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\n{username}"] = password
        self._path().write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("not stored")
        self._path().write_text(json.dumps(data), encoding="utf-8")
