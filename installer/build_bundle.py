"""Build the PyInstaller bundle from build_installer.spec and smoke-test it.

    .venv/bin/python installer/build_bundle.py              # Linux
    .venv\\Scripts\\python installer\\build_bundle.py         # Windows

Installs PyInstaller from the project's ``build`` extra when it is missing,
builds ``dist/jempol/`` (``--clean`` to start from scratch), then runs the
bundled ``jempol --smoke-test`` offscreen on a throw-away data folder and
``jempol-sync --help``, and prints the bundle size and the start-to-window
time. Exits non-zero when the build or a check fails or the bundle is larger
than ``--max-mb`` (150). ``--json FILE`` writes the figures for other tools.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_installer.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "jempol"
WINDOWS = os.name == "nt"
MAX_MB = 150
SMOKE_TIMEOUT = 180
# "window shown in 812 ms", printed on stdout by jempol --smoke-test (app.ui.main.run_gui)
WINDOW_MS = re.compile(r"window shown in (\d+(?:\.\d+)?)\s*ms\b")


@dataclass
class BundleReport:
    version: str
    bundle: str
    size_bytes: int
    file_count: int
    build_seconds: float | None = None
    smoke_seconds: float | None = None  # process start to exit, measured here
    window_ms: float | None = None  # start-to-window reported by the app, when it prints it
    sync_ok: bool | None = None

    @property
    def size_mb(self) -> float:
        return self.size_bytes / 1_000_000


def log(message: str) -> None:
    print(f"[build_bundle] {message}", flush=True)


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def exe_path(name: str, bundle: Path = BUNDLE) -> Path:
    return bundle / (f"{name}.exe" if WINDOWS else name)


def ensure_pyinstaller() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        with (ROOT / "pyproject.toml").open("rb") as fh:
            requirements = tomllib.load(fh)["project"]["optional-dependencies"]["build"]
        log("installing " + " ".join(requirements) + " (the project's build extra)")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *requirements], check=True)


def build(clean: bool = False) -> float:
    """Run PyInstaller on the spec; returns the seconds it took."""
    ensure_pyinstaller()
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(DIST), "--workpath", str(WORK)]
    if clean:
        cmd.append("--clean")
    log("building the bundle: " + " ".join(cmd[2:] + [SPEC.name]))
    start = time.perf_counter()
    subprocess.run([*cmd, str(SPEC)], check=True, cwd=ROOT)
    return time.perf_counter() - start


def bundle_size(bundle: Path = BUNDLE) -> tuple[int, int]:
    """Total bytes and number of files under ``bundle``."""
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def smoke_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JEMPOL_DATA_DIR=str(data_dir))
    env.pop("PYTHONPATH", None)  # the bundle must run on its own
    return env


def smoke_test(bundle: Path = BUNDLE) -> tuple[float, float | None, str]:
    """Run ``jempol --smoke-test``; returns (seconds to exit, window ms if printed, output)."""
    exe = exe_path("jempol", bundle)
    with tempfile.TemporaryDirectory(prefix="jempol-smoke-") as tmp:
        start = time.perf_counter()
        proc = subprocess.run(
            [str(exe), "--smoke-test", "--data-dir", tmp],
            env=smoke_env(Path(tmp)),
            capture_output=True,
            text=True,
            timeout=SMOKE_TIMEOUT,
        )
        seconds = time.perf_counter() - start
        output = proc.stdout + proc.stderr
        logged = "\n".join(p.read_text() for p in Path(tmp).glob("logs/*.log"))
        if proc.returncode != 0:
            raise RuntimeError(
                f"{exe.name} --smoke-test exited with {proc.returncode}:\n{output}\n{logged}"
            )
    # stdout first; a windowed Windows build has none, but its log has the same line
    found = WINDOW_MS.findall(proc.stdout) or WINDOW_MS.findall(logged)
    return seconds, (float(found[-1]) if found else None), output


def sync_check(bundle: Path = BUNDLE) -> bool:
    """``jempol-sync --help`` runs from the bundle (imports and resources resolve)."""
    exe = exe_path("jempol-sync", bundle)
    with tempfile.TemporaryDirectory(prefix="jempol-sync-") as tmp:
        proc = subprocess.run(
            [str(exe), "--help"], env=smoke_env(Path(tmp)), capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"{exe.name} --help exited with {proc.returncode}:\n{proc.stderr}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", action="store_true", help="rebuild from scratch")
    parser.add_argument("--skip-build", action="store_true", help="check the existing bundle")
    parser.add_argument("--no-smoke", action="store_true", help="do not run the bundled app")
    parser.add_argument("--max-mb", type=float, default=MAX_MB, help="size limit (MB)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    args = parser.parse_args(argv)

    build_seconds = None if args.skip_build else build(clean=args.clean)
    if not exe_path("jempol").exists():
        log(f"no bundle at {BUNDLE}: build it first")
        return 1
    size, count = bundle_size()
    report = BundleReport(project_version(), str(BUNDLE), size, count, build_seconds)
    failures = []
    if not args.no_smoke:
        try:
            report.smoke_seconds, report.window_ms, output = smoke_test()
            for line in output.strip().splitlines()[-5:]:
                log(f"  | {line}")
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            failures.append(str(exc))
        try:
            report.sync_ok = sync_check()
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            report.sync_ok = False
            failures.append(str(exc))

    if build_seconds is not None:
        log(f"build took {build_seconds:.0f} s")
    log(f"bundle {BUNDLE}: {report.size_mb:.1f} MB in {count} files (limit {args.max_mb:.0f} MB)")
    if report.smoke_seconds is not None:
        shown = f"{report.window_ms:.0f} ms" if report.window_ms is not None else "not printed"
        log(
            f"smoke test: process start to exit {report.smoke_seconds:.2f} s; "
            f"start-to-window reported by the app: {shown}"
        )
    if report.size_mb > args.max_mb:
        failures.append(f"bundle is {report.size_mb:.1f} MB, over the {args.max_mb:.0f} MB limit")
    if args.json:
        data = asdict(report) | {"size_mb": round(report.size_mb, 1), "failures": failures}
        args.json.write_text(json.dumps(data, indent=2))
    for failure in failures:
        log(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
