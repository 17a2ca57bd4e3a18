"""A smaller ICU data library for the Linux bundle.

PySide6's Linux wheels carry ``libicudata.so.73``: 31 MB of ICU data, a fifth of the
bundle. Qt uses a small part of it (break iterators, normalisation, the collation root
and a few locales); its own CLDR tables serve QLocale, and Jempol only converts UTF-8.
``trim_icu_data`` keeps that part and rebuilds the library under the same soname and
symbol (``icudt73_dat``): 8 MB.

Left out: the legacy-charset converters (``*.cnv``), unit/currency/language/region/
zone names, transliterators, spelled-out numbers (``rbnf``), and the locale and
collation data of every locale but root, English and Indonesian. The UI test suite
passes against the trimmed library (checked when this was written, with the library
swapped into the virtual environment) and the bundle's smoke test runs on it.

Needs ``icupkg`` (Debian: icu-devtools, installed with apt-get when missing and run as
root), ``nm`` and ``gcc``. Windows bundles are not touched (Qt uses the ICU of Windows).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

APT_PACKAGES = ("icu-devtools",)
DROPPED_TREES = ("unit", "curr", "lang", "region", "translit", "rbnf", "zone")
KEPT_LOCALES = re.compile(r"^(root|pool|res_index|en|en_US|en_GB|en_001|en_150|id|id_ID)\.res$")
# Locale-independent resources ICU loads by name (kept at the top level).
KEPT_TOP = {
    "supplementalData.res",
    "likelySubtags.res",
    "metadata.res",
    "keyTypeData.res",
    "numberingSystems.res",
    "plurals.res",
    "pluralRanges.res",
    "dayPeriods.res",
    "genderList.res",
    "grammaticalFeatures.res",
    "icuver.res",
    "icustd.res",
    "timezoneTypes.res",
    "windowsZones.res",
    "metaZones.res",
    "units.res",
    "zoneinfo64.res",
    "langInfo.res",
    "currencyNumericCodes.res",
}
LIB_PATTERN = re.compile(r"^libicudata\.so\.(\d+)$")


class TrimError(RuntimeError):
    pass


def ensure_tools() -> bool:
    """``icupkg`` on PATH, installing icu-devtools with apt-get when root; False if not."""
    if shutil.which("icupkg"):
        return True
    if shutil.which("apt-get") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *APT_PACKAGES]
    if subprocess.run(cmd, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        subprocess.run(cmd, env=env, capture_output=True)
    return shutil.which("icupkg") is not None


def removed_items(items: list[str]) -> list[str]:
    """The package items ``trim_icu_data`` leaves out (names as ``icupkg -l`` lists them)."""
    removed = []
    for item in items:
        tree, _, leaf = item.rpartition("/")
        if tree in DROPPED_TREES:
            if leaf not in ("root.res", "pool.res", "res_index.res"):
                removed.append(item)
        elif tree == "coll":
            if not (KEPT_LOCALES.match(leaf) or leaf.endswith(".icu")):
                removed.append(item)
        elif not tree:
            if leaf.endswith(".cnv"):
                removed.append(item)
            elif leaf.endswith(".res") and not KEPT_LOCALES.match(leaf) and leaf not in KEPT_TOP:
                removed.append(item)
    return removed


def _symbol(lib: Path, name: str) -> tuple[int, int]:
    """(address, size) of a dynamic symbol, from ``nm``."""
    out = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(lib)], capture_output=True, text=True, check=True
    ).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] == name:
            return int(parts[0], 16), int(parts[1], 16)
    raise TrimError(f"{lib.name} has no symbol {name}")


def trim_icu_data(lib: Path, workdir: Path) -> Path:
    """A trimmed copy of ``lib`` (``libicudata.so.N``) in ``workdir``; returns its path."""
    match = LIB_PATTERN.match(lib.name)
    if not match:
        raise TrimError(f"{lib.name} is not libicudata.so.N")
    version = match.group(1)
    symbol = f"icudt{version}_dat"
    address, size = _symbol(lib, symbol)
    raw = lib.read_bytes()[address : address + size]
    if raw[2:4] != b"\xda\x27" or raw[12:16] != b"CmnD":
        raise TrimError(f"{lib.name}: {symbol} is not ICU common data at its address")
    work = Path(workdir) / "icu"
    shutil.rmtree(work, ignore_errors=True)
    (work / "out").mkdir(parents=True)
    package = f"icudt{version}l.dat"
    (work / package).write_bytes(raw)
    listed = subprocess.run(
        ["icupkg", "-l", package], cwd=work, capture_output=True, text=True, check=True
    ).stdout.split()
    (work / "remove.txt").write_text("\n".join(removed_items(listed)) + "\n", encoding="utf-8")
    subprocess.run(
        ["icupkg", "-r", "remove.txt", package, f"out/{package}"],
        cwd=work,
        capture_output=True,
        check=True,
    )
    (work / "icudata.S").write_text(
        "\n".join(
            [
                "    .section .rodata",
                f"    .globl {symbol}",
                f"    .type {symbol}, @object",
                "    .balign 16",
                f"{symbol}:",
                f'    .incbin "out/{package}"',
                f"    .size {symbol}, . - {symbol}",
                '    .section .note.GNU-stack,"",@progbits',
                "",
            ]
        ),
        encoding="utf-8",
    )
    target = work / lib.name
    subprocess.run(
        ["gcc", "-shared", "-o", lib.name, "icudata.S", f"-Wl,-soname,{lib.name}"],
        cwd=work,
        capture_output=True,
        check=True,
    )
    return target


def trim_in_toc(binaries: list, workdir: Path, log=print) -> list:
    """``binaries`` (a PyInstaller TOC) with libicudata replaced by a trimmed copy.

    Unchanged (with a message) when the tools are missing or trimming fails: the bundle
    is then larger, and the size check says so.
    """
    result = []
    for entry in binaries:
        dest, src, kind = entry[0], entry[1], entry[2]
        if LIB_PATTERN.match(Path(dest).name) and src:
            if not ensure_tools():
                log("icu_trim: icupkg not found (Debian: icu-devtools); ICU data kept whole")
            else:
                try:
                    trimmed = trim_icu_data(Path(src), workdir)
                    log(
                        f"icu_trim: {Path(dest).name} {Path(src).stat().st_size / 1e6:.1f} MB"
                        f" -> {trimmed.stat().st_size / 1e6:.1f} MB"
                    )
                    entry = (dest, str(trimmed), kind)
                except (OSError, subprocess.CalledProcessError, TrimError) as exc:
                    log(f"icu_trim: not trimmed ({exc}); ICU data kept whole")
        result.append(entry)
    return result
