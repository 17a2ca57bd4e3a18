"""Translation build commands (no Qt import).

UI strings are written in English in the code and wrapped in ``tr()``; the
Indonesian translation ``resources/translations/jempol_id.ts`` is the default
language. ``python -m app.i18n update`` refreshes the ``.ts`` sources from the
code with pyside6-lupdate (for Qt Linguist); ``python -m app.i18n build``
compiles them to ``.qm`` with pyside6-lrelease.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from app.resources import resource_path

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def _tool(name: str) -> str:
    exe = Path(sys.executable).parent / name
    for candidate in (exe, exe.with_suffix(".exe")):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install the project (python run.py setup)")
    return found


def ts_files() -> list[Path]:
    return sorted(resource_path("translations").glob("jempol_*.ts"))


def build() -> int:
    for ts in ts_files():
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
    return 0


def update() -> int:
    root = Path(__file__).resolve().parent
    sources = sorted(str(p) for p in (root / "ui").rglob("*.py"))
    for ts in ts_files():
        subprocess.run(
            [_tool("pyside6-lupdate"), "-no-obsolete", *sources, "-ts", str(ts)], check=True
        )
    return 0


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "build"
    raise SystemExit({"build": build, "update": update}[cmd]())
