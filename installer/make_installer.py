"""Compile the NSIS installer dist/jempol-<version>-setup.exe from the built bundle.

    python installer/make_installer.py [--fast] [--bundle DIR] [--outdir DIR]

The version comes from pyproject.toml (passed to makensis as -DVERSION and
-DVERSION4); build the bundle first (installer/build_bundle.py). ``--fast``
uses zlib instead of solid LZMA: a bigger file, built several times faster
(for the installer checks). Works with makensis on Linux and on Windows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from spec_helpers import project_version, version_tuple  # noqa: E402

SCRIPT = HERE / "jempol.nsi"
WINDOWS_MAKENSIS = (
    Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")) / "NSIS" / "makensis.exe",
    Path(os.environ.get("ProgramFiles", r"C:\Program Files")) / "NSIS" / "makensis.exe",
)


def find_makensis() -> str:
    found = shutil.which("makensis")
    if found:
        return found
    for candidate in WINDOWS_MAKENSIS:
        if candidate.exists():
            return str(candidate)
    raise SystemExit(
        "makensis not found: apt-get install nsis (Debian/Ubuntu) or choco install nsis (Windows)"
    )


def setup_name(version: str) -> str:
    return f"jempol-{version}-setup.exe"


def makensis_command(
    version: str, bundle: Path, outdir: Path, fast: bool = False, makensis: str = "makensis"
) -> list[str]:
    """The makensis call; defines use "/" paths, which makensis accepts on both systems."""
    dash = "/" if os.name == "nt" else "-"
    numbers = ".".join(str(n) for n in version_tuple(version))
    cmd = [
        makensis,
        f"{dash}V2",
        f"{dash}DVERSION={version}",
        f"{dash}DVERSION4={numbers}",
        f"{dash}DBUNDLE_DIR={bundle.resolve().as_posix()}",
        f"{dash}DOUTDIR={outdir.resolve().as_posix()}",
    ]
    if fast:
        cmd.append(f"{dash}DCOMPRESSOR=zlib")
    return [*cmd, str(SCRIPT)]


def make_installer(
    bundle: Path = ROOT / "dist" / "jempol", outdir: Path = ROOT / "dist", fast: bool = False
) -> Path:
    """Compile the installer; returns the path of the setup exe."""
    exe = "jempol.exe" if (bundle / "jempol.exe").exists() else "jempol"
    if not (bundle / exe).exists():
        raise SystemExit(f"no bundle in {bundle}: run installer/build_bundle.py first")
    version = project_version(ROOT)
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / setup_name(version)
    target.unlink(missing_ok=True)
    subprocess.run(
        makensis_command(version, bundle, outdir, fast, find_makensis()), check=True, cwd=ROOT
    )
    if not target.exists():
        raise SystemExit(f"makensis finished but {target} is missing")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "jempol")
    parser.add_argument("--outdir", type=Path, default=ROOT / "dist")
    parser.add_argument("--fast", action="store_true", help="zlib instead of solid LZMA")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    target = make_installer(args.bundle, args.outdir, args.fast)
    size = target.stat().st_size / 1_000_000
    print(f"[make_installer] {target} ({size:.1f} MB) in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
