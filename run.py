#!/usr/bin/env python3
"""One entry point for a fresh machine: ``python run.py app`` or ``python run.py test``.

Needs only Python >= 3.11. It creates ``.venv`` beside this file, installs the
project with its dev extras into it (again whenever pyproject.toml changes), on
Debian/Ubuntu installs the few system libraries Qt needs (when run as root; it
prints the command otherwise), compiles the Qt translations, and then runs the
app or the test suite. Works the same on Windows and Linux.

    python run.py app [jempol args...]   # the desktop app (demo data if nothing is set up)
    python run.py test [pytest args...]  # every test
    python run.py server [args...]       # jempol-server
    python run.py setup                  # only install
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
WINDOWS = os.name == "nt"
BIN = VENV / ("Scripts" if WINDOWS else "bin")
PY = BIN / ("python.exe" if WINDOWS else "python")
STAMP = VENV / ".install-stamp"

# Shared libraries PySide6 loads on Linux, and the Debian package providing each.
LINUX_LIBS = {
    "EGL": "libegl1",
    "GL": "libgl1",
    "xkbcommon": "libxkbcommon0",
    "fontconfig": "libfontconfig1",
    "dbus-1": "libdbus-1-3",
    "glib-2.0": "libglib2.0-0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
}


def log(msg: str) -> None:
    print(f"[run.py] {msg}", flush=True)


def ensure_system_libs() -> None:
    if not sys.platform.startswith("linux"):
        return
    missing = sorted({pkg for lib, pkg in LINUX_LIBS.items() if not ctypes.util.find_library(lib)})
    if not missing:
        return
    if shutil.which("apt-get") is None:
        log(f"Qt may need these system libraries: {' '.join(missing)}")
        return
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        log("installing system libraries for Qt: " + " ".join(missing))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env)
        subprocess.run(cmd, check=True, env=env)
    else:
        log("Qt needs system libraries; please run: sudo " + " ".join(cmd))


def ensure_venv() -> None:
    if not PY.exists():
        log(f"creating virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    log("installing Jempol and its dependencies (first run takes a few minutes)")
    subprocess.run([PY, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([PY, "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def build_translations() -> None:
    subprocess.run([PY, "-m", "app.i18n", "build"], check=True, cwd=ROOT)


def _configured() -> bool:
    """True when the default data dir already holds a Jempol database."""
    code = "from app.paths import database_path, default_data_dir as d; print(database_path(d()).exists())"
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return out.stdout.strip() == "True"


def run(args: list[str]) -> int:
    return subprocess.run(args, cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test", "server", "sync", "setup"}:
        print(__doc__)
        return 2
    what, rest = argv[0], argv[1:]
    ensure_system_libs()
    ensure_venv()
    build_translations()
    if what == "setup":
        return 0
    if what == "app":
        if not rest and not _configured():
            log("no Jempol data on this machine yet: opening the demo (password: demo12345)")
            rest = ["--demo"]
        return run([PY, "-m", "app", *rest])
    if what == "server":
        return run([PY, "-m", "server", *rest])
    if what == "sync":
        return run([PY, "-m", "sync", *rest])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return run([PY, "-m", "pytest", *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
