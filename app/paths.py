"""Where the user's data lives (no Qt).

``%LOCALAPPDATA%\\Jempol`` on Windows, ``~/.local/share/Jempol`` on Linux,
``~/Library/Application Support/Jempol`` on macOS; ``--data-dir`` or the
``JEMPOL_DATA_DIR`` environment variable override it.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_FILENAME = "jempol.sqlite3"


def default_data_dir() -> Path:
    env = os.environ.get("JEMPOL_DATA_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("Jempol", appauthor=False, roaming=False))


def demo_data_dir() -> Path:
    return default_data_dir().parent / "Jempol-demo"


def resolve_data_dir(data_dir: str | os.PathLike | None) -> Path:
    path = Path(data_dir) if data_dir else default_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME
