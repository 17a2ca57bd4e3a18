"""A zip an officer can send to support: logs, versions, settings. No Qt.

``export_diagnostics(data_dir, zip_path)`` never includes personal data: the
logs are masked again line by line (:func:`app.logs.mask_text`, in case an old
file predates the filter), settings whose names look secret (tokens,
passwords) are left out entirely, settings whose names look personal are
redacted, and every other value is scanned for NIK/KK-like numbers. The
database itself is never copied.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import zipfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from app.logs import FIELD_MASK, is_personal_key, log_dir, mask_text, mask_value

# Settings whose name contains one of these tokens are dropped, not even named.
SECRET_TOKENS = (
    "token", "secret", "password", "passwd", "pwd", "credential", "auth", "cookie",
    "session", "apikey", "api_key", "private", "salt", "hash",
)  # fmt: skip
DISTRIBUTIONS = (
    "jempol", "PySide6-Essentials", "PySide6-Addons", "shiboken6", "sqlite-utils",
    "pydantic", "requests", "urllib3", "platformdirs", "zstandard", "filelock", "PyNaCl",
    "sqlcipher3", "argon2-cffi", "keyring",
)  # fmt: skip
MAX_LOG_BYTES = 20_000_000

README = """Jempol diagnostics
==================

versions.json  program, Python, Qt and library versions, operating system
settings.json  application settings and sync status, without secrets (tokens,
               passwords) and with personal values redacted
files.json     names and sizes of the files in the data folder (no content)
logs/          the application logs, with NIK/KK and phone numbers masked

No database, no NIK, KK or resident names are included.
"""


def is_secret_key(key: str) -> bool:
    lowered = key.lower()
    return any(token in lowered for token in SECRET_TOKENS)


def clean_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Settings safe to share: secrets dropped, personal values redacted, text masked."""
    cleaned: dict[str, Any] = {}
    for key, value in sorted(settings.items(), key=lambda kv: str(kv[0])):
        key = str(key)
        if is_secret_key(key):
            continue
        if isinstance(value, Mapping):
            cleaned[key] = clean_settings(value)
        elif is_personal_key(key):
            cleaned[key] = FIELD_MASK
        else:
            cleaned[key] = mask_value(key, value)
    return cleaned


def _distribution_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def collect_versions() -> dict[str, Any]:
    """Versions of the app, Python, Qt (from package metadata; Qt is not imported) and OS."""
    from app import __version__

    info: dict[str, Any] = {
        "app": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": sys.version,
        "python_implementation": platform.python_implementation(),
        "executable": Path(sys.executable).name,
        "os": platform.platform(),
        "os_release": platform.release(),
        "machine": platform.machine(),
        "packages": {name: _distribution_version(name) for name in DISTRIBUTIONS},
    }
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:  # already loaded by the GUI: report the runtime Qt too
        info["qt_runtime"] = qtcore.qVersion()
    from app.store.database import dbapi  # SQLCipher: the laptop database's engine

    info["sqlite"] = dbapi.sqlite_version
    return info


def read_store_state(data_dir: Path) -> dict[str, Any]:
    """The store's settings (``Store.all_settings()``) and sync status, cleaned.

    Each part is a dict, or a note saying why it is missing: a database that
    will not open is exactly when diagnostics are needed, so nothing here raises.
    The database is opened without migrating it.
    """
    from app.paths import database_path

    path = database_path(data_dir)
    if not path.exists():
        return {"settings": "no database yet", "sync": "no database yet"}
    try:
        from app.store import Store

        store = Store.open(path, migrate=False)
    except Exception as exc:
        note = _failure("cannot open the database", exc)
        return {"settings": note, "sync": note}
    state: dict[str, Any] = {}
    try:
        for part, method in (("settings", "all_settings"), ("sync", "sync_status")):
            try:
                state[part] = clean_settings(dict(getattr(store, method)()))
            except Exception as exc:
                state[part] = _failure(f"cannot read {part}", exc)
    finally:
        store.close()
    return state


def _failure(what: str, exc: Exception) -> str:
    return mask_text(f"{what}: {type(exc).__name__}: {exc}")


def list_files(data_dir: Path) -> list[dict[str, Any]]:
    """Name and size of each file in the data folder and its logs folder (no content)."""
    rows = []
    for folder in (data_dir, log_dir(data_dir)):
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if entry.is_file():
                stat = entry.stat()
                rows.append(
                    {
                        "path": mask_text(entry.relative_to(data_dir).as_posix()),
                        "bytes": stat.st_size,
                        "modified": datetime.fromtimestamp(stat.st_mtime, UTC).isoformat(),
                    }
                )
    return rows


def _disk_free(data_dir: Path) -> int | None:
    try:
        return shutil.disk_usage(data_dir).free
    except OSError:
        return None


def _masked_log(path: Path) -> bytes:
    with path.open("rb") as fh:
        if path.stat().st_size > MAX_LOG_BYTES:
            fh.seek(-MAX_LOG_BYTES, os.SEEK_END)
        raw = fh.read()
    text = raw.decode("utf-8", errors="replace")
    return "".join(mask_text(line) for line in text.splitlines(keepends=True)).encode("utf-8")


def export_diagnostics(
    data_dir: str | os.PathLike,
    zip_path: str | os.PathLike,
    settings: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
) -> Path:
    """Write ``zip_path`` with the logs, versions and settings of ``data_dir``.

    ``settings`` (a mapping or a function returning one) adds settings the
    caller holds, e.g. the UI's QSettings; the store's settings table is read
    in any case. Returns ``zip_path``. Written to a temporary name first, so a
    failed export never leaves a half-written zip.
    """
    data_dir, zip_path = Path(data_dir), Path(zip_path)
    state = read_store_state(data_dir)
    extra = settings() if callable(settings) else settings
    if extra:
        state["ui"] = clean_settings(extra)
    versions = collect_versions()
    versions["exported_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    versions["disk_free_bytes"] = _disk_free(data_dir)

    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_name(zip_path.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("README.txt", README)
            zf.writestr("versions.json", _json(versions))
            zf.writestr("settings.json", _json(state))
            zf.writestr("files.json", _json(list_files(data_dir)))
            logs = log_dir(data_dir)
            if logs.is_dir():
                for path in sorted(logs.iterdir()):
                    if path.is_file() and ".log" in path.name:
                        zf.writestr(f"logs/{path.name}", _masked_log(path))
        tmp.replace(zip_path)
    finally:
        tmp.unlink(missing_ok=True)
    return zip_path


def _json(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n"
