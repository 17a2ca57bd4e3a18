"""Where the server keeps its data and which database it talks to."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_FILENAME = "jempol-server.sqlite3"
ENV_DATABASE_URL = "JEMPOL_DATABASE_URL"
ENV_DATA_DIR = "JEMPOL_SERVER_DATA_DIR"
SESSION_HOURS = 12


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("Jempol-server", appauthor=False, roaming=False))


def normalize_database_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 (``postgresql+psycopg://``)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def resolve_database_url(
    data_dir: str | os.PathLike | None = None, database_url: str | None = None
) -> str:
    """``--database-url`` wins, then ``$JEMPOL_DATABASE_URL``, else SQLite in the data dir."""
    url = database_url or os.environ.get(ENV_DATABASE_URL)
    if url:
        return normalize_database_url(url)
    directory = Path(data_dir) if data_dir else default_data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(directory / DB_FILENAME).resolve()}"


def describe_url(url: str) -> str:
    """The URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
