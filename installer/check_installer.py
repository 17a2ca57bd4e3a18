"""Check the NSIS installer's mechanics: on Linux under wine, on Windows for real.

    .venv/bin/python installer/check_installer.py [--skip-build] [--keep]     # Linux
    python installer\\check_installer.py --setup dist\\jempol-<version>-setup.exe  # Windows CI

Installs nsis and wine with apt-get when missing (as root), builds the bundle
(installer/build_bundle.py) unless ``--skip-build``, compiles the installer
(zlib, for speed) and, in a throw-away WINEPREFIX (Windows 10, WINEDEBUG=-all,
HOME in the same temp folder so nothing lands in the real home):

1. silent install: program files, uninstaller, Start-menu and desktop
   shortcuts, the HKCU Uninstall entry with its values;
2. a fake user data folder %LOCALAPPDATA%\\Jempol, then a silent upgrade
   (the same setup again): program still there, user data untouched;
3. silent uninstall: program files, shortcuts and registry entry gone, user
   data kept;
4. install with /NODESKTOP (no desktop shortcut), uninstall with /REMOVEDATA:
   the user data is gone too.

The bundle built on Linux holds Linux binaries: its two executables are copied
under their Windows names so the installer's layout matches, and nothing of
the app is run under wine. The scheduled task is not checked here (wine's
schtasks does not implement /Create with /SC).

On Windows (the CI workflow) the same steps run against the real user profile,
plus: the scheduled task exists after install and is gone after uninstall, and
the installed jempol.exe passes --smoke-test. It refuses to run when
%LOCALAPPDATA%\\Jempol already exists (it would be deleted by step 4).
Prints the time of each phase and the total; exits 1 on the first failure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import build_bundle  # noqa: E402
from make_installer import make_installer  # noqa: E402

APT_PACKAGES = ("nsis", "wine", "wine64")
UNINSTALL_KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\Jempol"
TASK_NAME = "Jempol Sync"
REQUIRED_VALUES = (
    "DisplayName", "DisplayVersion", "Publisher", "UninstallString", "QuietUninstallString",
    "InstallLocation", "EstimatedSize", "NoModify",
)  # fmt: skip
TIMEOUT = 300
UNINSTALL_WAIT = 90


class CheckFailed(AssertionError):
    pass


def log(message: str) -> None:
    print(f"[check_installer] {message}", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


# ----------------------------------------------------------------------------- tools
def _find(names: tuple[str, ...], extra: tuple[str, ...] = ()) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in extra if Path(path).exists()), None)


def wine_binary() -> str | None:
    return _find(("wine64", "wine"), ("/usr/lib/wine/wine64",))


def wineserver_binary() -> str | None:
    return _find(("wineserver",), ("/usr/lib/wine/wineserver", "/usr/lib/wine/wineserver64"))


def ensure_tools() -> None:
    """apt-get install nsis wine wine64 when makensis or wine is missing (idempotent)."""
    if shutil.which("makensis") and wine_binary() and wineserver_binary():
        return
    cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *APT_PACKAGES]
    if shutil.which("apt-get") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        raise SystemExit("makensis and wine are needed; please run: sudo " + " ".join(cmd))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    log("installing " + " ".join(APT_PACKAGES))
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)


# ----------------------------------------------------------------------------- wine
@dataclass
class WinePrefix:
    """A throw-away wine prefix whose HOME is inside the same temp folder."""

    base: Path
    wine: str
    wineserver: str
    env: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        home = self.base / "home"
        home.mkdir(parents=True, exist_ok=True)
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("WINE", "XDG_", "DISPLAY", "WAYLAND"))
        }
        self.env.update(
            WINEPREFIX=str(self.base / "prefix"),
            WINEARCH="win64",
            WINEDEBUG="-all",
            # no Mono/Gecko install prompts, no .desktop files in the real home
            WINEDLLOVERRIDES="mscoree=;mshtml=;winemenubuilder.exe=d",
            HOME=str(home),
        )

    @property
    def prefix(self) -> Path:
        return Path(self.env["WINEPREFIX"])

    def run(self, *args: str) -> int:
        """Run a Windows program and wait until every wine process of the prefix is done
        (the NSIS uninstaller re-launches itself from %TEMP% and returns at once)."""
        proc = subprocess.run(
            [self.wine, *args], env=self.env, timeout=TIMEOUT,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.wait()
        return proc.returncode

    def wait(self) -> None:
        subprocess.run([self.wineserver, "-w"], env=self.env, timeout=TIMEOUT, check=False)

    def init(self) -> None:
        self.run("wineboot", "--init")
        self.run("winecfg", "-v", "win10")  # Debian's wine defaults to Windows 7

    def shutdown(self) -> None:
        subprocess.run([self.wineserver, "-k"], env=self.env, timeout=60, check=False)

    def user_dir(self) -> Path:
        users = [p for p in (self.prefix / "drive_c" / "users").iterdir() if p.name != "Public"]
        check(len(users) == 1, f"expected one wine user, found {[p.name for p in users]}")
        return users[0]

    def local_appdata(self) -> Path:
        return self.user_dir() / "AppData" / "Local"

    def install_dir(self) -> Path:
        return self.local_appdata() / "Programs" / "Jempol"

    def data_dir(self) -> Path:
        return self.local_appdata() / "Jempol"

    def start_menu_link(self) -> Path:
        roaming = self.user_dir() / "AppData" / "Roaming"
        return roaming / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Jempol.lnk"

    def desktop_link(self) -> Path:
        return self.user_dir() / "Desktop" / "Jempol.lnk"

    def registry_values(self, key: str) -> dict[str, str | int] | None:
        """Values of an HKCU key as written in user.reg, None when the key is absent."""
        self.wait()  # wineserver saves the registry when idle
        text = (self.prefix / "user.reg").read_text(encoding="utf-8", errors="replace")
        header = "[" + key.replace("\\", "\\\\") + "]"
        values: dict[str, str | int] | None = None
        for line in text.splitlines():
            if line.startswith("["):
                if values is not None:
                    break
                if line.split("]")[0] + "]" == header:
                    values = {}
            elif values is not None and line.startswith('"') and "=" in line:
                name, _, raw = line.partition("=")
                values[name.strip('"')] = _reg_value(raw)
        return values

    def check_task(self, present: bool) -> None:
        """wine's schtasks cannot create a task with /SC: nothing to check here."""

    def smoke_installed(self) -> None:
        """The bundle holds Linux binaries: the installed app is not run under wine."""


def _reg_value(raw: str) -> str | int:
    if raw.startswith("dword:"):
        return int(raw[len("dword:") :], 16)
    if raw.startswith('"') and raw.endswith('"'):
        return raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return raw


class WindowsHost:
    """The real Windows user profile (CI runner): same interface as WinePrefix."""

    def __init__(self) -> None:
        self.local = Path(os.environ["LOCALAPPDATA"])
        self.roaming = Path(os.environ["APPDATA"])

    def init(self) -> None:
        check(not self.data_dir().exists(),
              f"{self.data_dir()} exists: run this check only on a clean machine (CI)")  # fmt: skip

    def shutdown(self) -> None:
        pass

    def run(self, *args: str) -> int:
        code = subprocess.run(list(args), timeout=TIMEOUT, check=False).returncode
        if Path(args[0]).name.lower() == "uninstall.exe":
            # The NSIS uninstaller re-launches itself from %TEMP% and returns at once:
            # wait for the end state it works towards (the checks then say what is wrong).
            deadline = time.monotonic() + UNINSTALL_WAIT
            while not self._uninstalled(args) and time.monotonic() < deadline:
                time.sleep(0.5)
        return code

    def _uninstalled(self, args: tuple[str, ...]) -> bool:
        data_gone = "/REMOVEDATA" not in args or not self.data_dir().exists()
        program_gone = not self.install_dir().exists()
        return program_gone and data_gone and self.registry_values(UNINSTALL_KEY) is None

    def install_dir(self) -> Path:
        return self.local / "Programs" / "Jempol"

    def data_dir(self) -> Path:
        return self.local / "Jempol"

    def start_menu_link(self) -> Path:
        return self.roaming / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Jempol.lnk"

    def desktop_link(self) -> Path:
        import winreg

        folders = r"Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders"
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, folders) as key:
            desktop = os.path.expandvars(winreg.QueryValueEx(key, "Desktop")[0])
        return Path(desktop) / "Jempol.lnk"

    def registry_values(self, key: str) -> dict[str, str | int] | None:
        import winreg

        try:
            handle = winreg.OpenKey(winreg.HKEY_CURRENT_USER, key)
        except FileNotFoundError:
            return None
        values: dict[str, str | int] = {}
        with handle:
            index = 0
            while True:
                try:
                    name, value, _type = winreg.EnumValue(handle, index)
                except OSError:
                    return values
                values[name] = value
                index += 1

    def check_task(self, present: bool) -> None:
        query = subprocess.run(["schtasks", "/Query", "/TN", TASK_NAME], capture_output=True)
        state = "missing" if present else "left behind"
        check((query.returncode == 0) == present, f"scheduled task {TASK_NAME!r} {state}")

    def smoke_installed(self) -> None:
        exe = self.install_dir() / "jempol.exe"
        with tempfile.TemporaryDirectory(prefix="jempol-smoke-") as tmp:
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
            proc = subprocess.run([str(exe), "--smoke-test", "--data-dir", tmp], env=env,
                                  timeout=TIMEOUT, check=False)  # fmt: skip
        check(proc.returncode == 0, f"installed jempol.exe --smoke-test exited {proc.returncode}")


Host = WinePrefix | WindowsHost


# ----------------------------------------------------------------------------- steps
def stage_bundle(bundle: Path, target: Path) -> Path:
    """A copy of the Linux bundle with its executables under their Windows names."""
    shutil.copytree(bundle, target, symlinks=True, copy_function=_link_or_copy)
    for name in ("jempol", "jempol-sync"):
        exe = target / name
        if exe.exists():
            exe.rename(target / f"{name}.exe")
    return target


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def assert_installed(host: Host, version: str, desktop: bool) -> None:
    inst = host.install_dir()
    for name in ("jempol.exe", "jempol-sync.exe", "uninstall.exe"):
        check((inst / name).is_file(), f"{inst / name} missing after install")
    check(
        (inst / "_internal" / "resources" / "data" / "NOTICE.md").is_file(),
        "bundle resources (_internal/resources/data/NOTICE.md) missing after install",
    )
    check(
        host.start_menu_link().is_file(), f"Start-menu shortcut missing: {host.start_menu_link()}"
    )
    check(
        host.desktop_link().is_file() == desktop,
        f"desktop shortcut {'missing' if desktop else 'present despite /NODESKTOP'}",
    )
    values = host.registry_values(UNINSTALL_KEY)
    check(values is not None, "HKCU Uninstall\\Jempol key missing")
    assert values is not None
    missing = [name for name in REQUIRED_VALUES if name not in values]
    check(not missing, f"Uninstall key lacks {missing}")
    check(values["DisplayVersion"] == version, f"DisplayVersion is {values['DisplayVersion']!r}")
    check(values["DisplayName"] == "Jempol", f"DisplayName is {values['DisplayName']!r}")
    location = str(values["InstallLocation"]).rstrip("\\").lower()
    check(location.endswith("\\programs\\jempol"), f"InstallLocation is {location!r}")
    quiet = str(values["QuietUninstallString"])
    check(quiet.lower().endswith('\\uninstall.exe" /s'), f"QuietUninstallString is {quiet!r}")
    check(values["NoModify"] == 1, "NoModify is not 1")
    check(int(values["EstimatedSize"]) > 1000, "EstimatedSize (KB) is not set")
    host.check_task(present=True)


def assert_uninstalled(host: Host) -> None:
    inst = host.install_dir()
    left = sorted(p.name for p in inst.iterdir()) if inst.exists() else []
    check(not inst.exists(), f"{inst} still exists after uninstall (holds {left})")
    check(not host.start_menu_link().exists(), "Start-menu shortcut left after uninstall")
    check(not host.desktop_link().exists(), "desktop shortcut left after uninstall")
    check(host.registry_values(UNINSTALL_KEY) is None, "Uninstall\\Jempol key left behind")
    host.check_task(present=False)


def write_user_data(host: Host) -> dict[Path, bytes]:
    data = host.data_dir()
    files = {
        data / "jempol.sqlite3": b"SQLite format 3\0 fake user data",
        data / "logs" / "jempol.log": b"2025-01-01 INFO jempol started\n",
    }
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return files


def assert_data_kept(files: dict[Path, bytes], when: str) -> None:
    for path, content in files.items():
        check(path.is_file() and path.read_bytes() == content, f"user data {path.name} lost {when}")


@contextmanager
def phase(name: str, timings: dict[str, float]) -> Iterator[None]:
    start = time.perf_counter()
    log(f"{name} ...")
    yield
    timings[name] = time.perf_counter() - start


def run_steps(host: Host, setup: Path, version: str, timings: dict[str, float]) -> None:
    """Install, upgrade, uninstall, reinstall and uninstall with /REMOVEDATA, checking each."""
    with phase("install", timings):
        check(host.run(str(setup), "/S") == 0, "silent install failed")
        assert_installed(host, version, desktop=True)
        host.smoke_installed()
    with phase("upgrade", timings):
        files = write_user_data(host)
        check(host.run(str(setup), "/S") == 0, "silent upgrade failed")
        assert_installed(host, version, desktop=True)
        assert_data_kept(files, "by the upgrade")
    with phase("uninstall", timings):
        check(host.run(str(host.install_dir() / "uninstall.exe"), "/S") == 0,
              "silent uninstall failed")  # fmt: skip
        assert_uninstalled(host)
        assert_data_kept(files, "by the uninstall")
    with phase("remove data", timings):
        check(host.run(str(setup), "/S", "/NODESKTOP") == 0, "install /NODESKTOP failed")
        assert_installed(host, version, desktop=False)
        uninstaller = str(host.install_dir() / "uninstall.exe")
        check(host.run(uninstaller, "/S", "/REMOVEDATA") == 0, "uninstall /REMOVEDATA failed")
        assert_uninstalled(host)
        check(not host.data_dir().exists(), "user data still there after /REMOVEDATA")


def run_check(skip_build: bool = False, keep: bool = False) -> dict[str, float]:
    """The Linux check under wine; returns the seconds of each phase (and "total")."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    with phase("tools", timings):
        ensure_tools()
    if not skip_build:
        with phase("bundle", timings):
            build_bundle.build()
    tmp = Path(tempfile.mkdtemp(prefix="jempol-wine-"))
    wine = WinePrefix(tmp / "wine", wine_binary() or "wine", wineserver_binary() or "wineserver")
    try:
        with phase("makensis", timings):
            staged = stage_bundle(build_bundle.BUNDLE, tmp / "bundle")
            setup = make_installer(staged, tmp / "out", fast=True)
        with phase("wineboot", timings):
            wine.init()
        run_steps(wine, setup, build_bundle.project_version(), timings)
    finally:
        wine.shutdown()
        if keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    timings["total"] = time.perf_counter() - start
    return timings


def run_windows_check(setup: Path) -> dict[str, float]:
    """The same steps on a real Windows profile (CI), with the given setup exe."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    host = WindowsHost()
    host.init()
    run_steps(host, setup, build_bundle.project_version(), timings)
    timings["total"] = time.perf_counter() - start
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-build", action="store_true", help="use the existing dist/jempol")
    parser.add_argument("--keep", action="store_true", help="keep the temp prefix for a look")
    parser.add_argument("--setup", type=Path, help="Windows: the setup exe to check")
    args = parser.parse_args(argv)
    try:
        if os.name == "nt":
            if not args.setup:
                parser.error("on Windows, pass --setup dist\\jempol-<version>-setup.exe")
            timings = run_windows_check(args.setup.resolve())
        else:
            timings = run_check(skip_build=args.skip_build, keep=args.keep)
    except CheckFailed as exc:
        log(f"FAILED: {exc}")
        return 1
    log("passed: " + ", ".join(f"{name} {secs:.0f} s" for name, secs in timings.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
