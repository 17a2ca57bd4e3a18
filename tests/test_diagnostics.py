"""app.diagnostics: the support zip holds logs, versions and settings, never personal data."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import zipfile
from importlib import metadata

import pytest

import app
from app import logs
from app.diagnostics import clean_settings, export_diagnostics
from app.paths import database_path
from app.store import Store

NIK = "6402051201900001"
NAME = "Siti Rahmawati"
TOKEN = "dev-tok-7f3a9c2e5b1d4e8f"
UI_TOKEN = "ui-secret-0a1b2c3d"
USERNAME = "siti.rahma"
PASSWORD = "rahasia123"


def zip_texts(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name).decode("utf-8") for name in zf.namelist()}


@pytest.fixture
def data_dir(tmp_path):
    root = logging.getLogger()
    level = root.level
    directory = tmp_path / "Jempol"
    directory.mkdir()
    store = Store.open(database_path(directory))
    store.create_officer(NAME, "199001012015031002", "Tim 1", "64.02.05", PASSWORD)
    store.set_setting("language", "id")
    store.set_setting("last_search", NIK)
    store.save_registration("https://jempol.example.id", "dev-42", TOKEN, "Laptop 3", USERNAME)
    store.close()
    logs.setup_logging(directory, console=False, capture_exceptions=False)
    logging.getLogger("jempol.test").info(
        "saved request %s", NIK, extra={"resident_name": NAME, "officer_username": USERNAME}
    )
    logs.remove_handlers()
    root.setLevel(level)
    # a line from an older build that logged without the filter
    with logs.log_path(directory).open("a", encoding="utf-8") as fh:
        fh.write("2024-12-01 INFO old line for 6402 0512 0190 0001\n")
    return directory


def test_zip_holds_no_personal_data_and_no_secrets(data_dir, tmp_path):
    zip_path = export_diagnostics(
        data_dir,
        tmp_path / "out" / "diag.zip",
        settings={"window": "maximized", "api_token": UI_TOKEN, "officer_name": NAME},
    )
    texts = zip_texts(zip_path)
    assert {"README.txt", "versions.json", "settings.json", "files.json", "logs/jempol.log"} <= set(
        texts
    )
    everything = "\n".join(texts.values())
    for secret in (NIK, "6402 0512 0190 0001", NAME, TOKEN, UI_TOKEN, USERNAME, PASSWORD):
        assert secret not in everything, secret
    with zipfile.ZipFile(zip_path) as zf:  # also the raw (compressed) bytes of the file
        assert NIK.encode() not in zip_path.read_bytes()
        assert all(NIK.encode() not in zf.read(n) for n in zf.namelist())
    assert "saved request [NIK/KK]" in texts["logs/jempol.log"]
    assert "old line for [NIK/KK]" in texts["logs/jempol.log"]
    settings = json.loads(texts["settings.json"])
    assert settings["ui"] == {"officer_name": "[REDACTED]", "window": "maximized"}
    assert settings["sync"]["registered"] is True
    assert settings["sync"]["server_url"] == "https://jempol.example.id"
    assert settings["sync"]["officer_username"] == "[REDACTED]"
    assert not list(zip_path.parent.glob("*.part"))


def test_store_settings_are_included(data_dir, tmp_path):
    settings = json.loads(
        zip_texts(export_diagnostics(data_dir, tmp_path / "d.zip"))["settings.json"]
    )
    assert settings["settings"]["language"] == "id"
    assert settings["settings"]["last_search"] == "[NIK/KK]"


def test_versions_come_from_metadata_without_importing_qt(data_dir, tmp_path):
    zip_path = tmp_path / "d.zip"
    code = (
        "import sys; from app.diagnostics import export_diagnostics; "
        f"export_diagnostics({str(data_dir)!r}, {str(zip_path)!r}); "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    versions = json.loads(zip_texts(zip_path)["versions.json"])
    assert versions["app"] == app.__version__
    assert versions["packages"]["PySide6-Essentials"] == metadata.version("PySide6-Essentials")
    assert versions["python"].startswith(f"{sys.version_info.major}.{sys.version_info.minor}")
    assert versions["os"] and versions["sqlite"]


def test_export_works_without_a_database(tmp_path):
    texts = zip_texts(export_diagnostics(tmp_path / "empty", tmp_path / "d.zip"))
    assert json.loads(texts["settings.json"]) == {
        "settings": "no database yet",
        "sync": "no database yet",
    }
    assert json.loads(texts["files.json"]) == []


def test_export_works_with_a_broken_database(tmp_path):
    data = tmp_path / "Jempol"
    data.mkdir()
    database_path(data).write_bytes(b"this is not a database " * 100)
    texts = zip_texts(export_diagnostics(data, tmp_path / "d.zip"))
    settings = json.loads(texts["settings.json"])
    assert "cannot" in settings["settings"] and "cannot" in settings["sync"]
    assert json.loads(texts["files.json"])[0]["path"] == "jempol.sqlite3"


def test_clean_settings():
    cleaned = clean_settings(
        {
            "device_token": "x",
            "Password": "y",
            "server": {"url": "https://a", "auth_header": "z", "note": f"nik {NIK}"},
            "nik": NIK,
            "resident_phone": "0812",
            "batch_size": 200,
        }
    )
    assert cleaned == {
        "batch_size": 200,
        "nik": "[REDACTED]",
        "resident_phone": "[REDACTED]",
        "server": {"note": "nik [NIK/KK]", "url": "https://a"},
    }
