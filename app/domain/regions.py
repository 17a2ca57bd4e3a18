"""Indonesian region codes (Kemendagri kode wilayah) and the villages of Kutai Kartanegara.

The data ships in ``resources/data`` (see NOTICE.md there) and is read once, with the csv
module, into a read-only :class:`RegionIndex` returned by :func:`regions`.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from app.resources import resource_path

KUKAR_CODE = "64.02"
AREA_TYPES = ("inland", "coastal")
DEFAULT_AREA = "inland"

# Region levels as they appear in the CSV files.
PROVINCE = "provinsi"
REGENCY = "kabupaten_kota"
DISTRICT = "kecamatan"
VILLAGE = "desa_kelurahan"


@dataclass(frozen=True)
class Region:
    code: str  # dotted Kemendagri code, e.g. "64.02.05.2002"
    level: str  # PROVINCE | REGENCY | DISTRICT | VILLAGE
    name: str
    parent_code: str | None
    type: str | None = None  # kabupaten/kota, kecamatan, desa/kelurahan/desa adat
    area_type: str | None = None  # Kukar only: "inland" | "coastal" | "unverified"


@dataclass(frozen=True)
class CodeChange:
    old_code: str
    old_name: str
    new_code: str  # equal to old_code when the region was only renamed
    new_name: str
    note: str


def dotted(code: str) -> str:
    """``"640205"`` -> ``"64.02.05"``; dotted codes are returned unchanged."""
    code = code.strip()
    if "." in code or len(code) < 2:
        return code
    parts = [code[0:2], code[2:4], code[4:6]]
    if len(code) > 6:
        parts.append(code[6:])
    return ".".join(p for p in parts if p)


def _rows(name: str) -> Iterator[dict[str, str]]:
    with resource_path("data", name).open(newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def _regency_type(name: str) -> str | None:
    if name.startswith("Kabupaten"):
        return "kabupaten"
    if name.startswith("Kota"):
        return "kota"
    return None


class RegionIndex:
    """Look-ups over the shipped region lists. Build it with :func:`regions`."""

    def __init__(self) -> None:
        current: dict[str, Region] = {}
        for row in _rows("indonesia_kecamatan.csv"):
            level = row["level"]
            kind = _regency_type(row["name"]) if level == REGENCY else None
            if level == DISTRICT:
                kind = "kecamatan"
            current[row["code"]] = Region(
                row["code"], level, row["name"], row["parent_code"] or None, kind
            )
        for row in _rows("kukar_regions.csv"):
            current[row["code"]] = Region(
                row["code"],
                row["level"],
                row["name"],
                row["parent_code"] or None,
                row["type"] or None,
                row["area_type"] or None,
            )
        self._current = current
        self._kukar_desa = frozenset(
            c for c, r in current.items() if r.level == VILLAGE and c.startswith(f"{KUKAR_CODE}.")
        )

        retired: dict[str, Region] = {}
        for row in _rows("indonesia_kecamatan_retired.csv"):
            code = row["code"]
            parent = code.rsplit(".", 1)[0] if "." in code else None
            retired[code] = Region(code, row["level"], row["name"], parent)
        self._retired = retired
        self._provinces = {c for c, r in current.items() if r.level == PROVINCE} | {
            c[:2] for c in retired
        }

        changes: dict[str, CodeChange] = {}
        for row in _rows("kukar_code_changes_2020_to_2025.csv"):
            old = row["old_code_2020"]
            if not old:
                continue  # a brand-new code with no 2020 predecessor
            new = row["new_code_2025"] or old
            new_name = row["new_name"] or row["note"].split(":", 1)[-1].strip()
            changes[old] = CodeChange(old, row["old_name"], new, new_name, row["note"])
        self._changes = changes

        self._kecamatan = sorted(
            (r for r in current.values() if r.level == DISTRICT and r.parent_code == KUKAR_CODE),
            key=lambda r: r.code,
        )
        desa: dict[str, list[Region]] = {k.code: [] for k in self._kecamatan}
        for r in current.values():
            if r.level == VILLAGE and r.parent_code in desa:
                desa[r.parent_code].append(r)
        for items in desa.values():
            items.sort(key=lambda r: r.code)
        self._desa = desa
        self._all_desa = [d for k in self._kecamatan for d in desa[k.code]]

    # --- look-ups ----------------------------------------------------------------------
    def get(self, code: str) -> Region | None:
        """A current region (any level in Indonesia, villages only for Kukar)."""
        return self._current.get(dotted(code))

    def retired(self, code: str) -> Region | None:
        """A code that was in the 2016-2023 lists but is not current (splits, renumbering)."""
        return self._retired.get(dotted(code))

    def is_retired(self, code: str) -> bool:
        return dotted(code) in self._retired

    def by_level(self, level: str, retired: bool = False) -> list[Region]:
        """Every current (or, with ``retired=True``, retired) region of a level, by code."""
        source = self._retired if retired else self._current
        return sorted((r for r in source.values() if r.level == level), key=lambda r: r.code)

    def is_known_province(self, code: str) -> bool:
        """A current province code, or the province part of a retired code."""
        return code in self._provinces

    def kukar_kecamatan(self) -> list[Region]:
        return list(self._kecamatan)

    def desa_of(self, kecamatan_code: str) -> list[Region]:
        return list(self._desa.get(dotted(kecamatan_code), ()))

    def kukar_desa(self) -> list[Region]:
        return list(self._all_desa)

    def is_kukar_desa(self, code: str) -> bool:
        """A current village of Kukar."""
        return dotted(code) in self._kukar_desa

    def search_desa(
        self, text: str, kecamatan_code: str | None = None, limit: int = 20
    ) -> list[Region]:
        """Kukar villages whose name (or code) matches ``text``, best matches first.

        Names starting with the text come first, then names with a word starting with it,
        then names containing it anywhere; ties are sorted by name.
        """
        needle = " ".join(text.lower().split())
        pool = self.desa_of(kecamatan_code) if kecamatan_code else self._all_desa
        if not needle:
            return sorted(pool, key=lambda r: r.name)[:limit]
        ranked: list[tuple[int, str, Region]] = []
        for region in pool:
            name = region.name.lower()
            if region.code.startswith(needle) or name.startswith(needle):
                rank = 0
            elif f" {needle}" in f" {name}":
                rank = 1
            elif needle in name:
                rank = 2
            else:
                continue
            ranked.append((rank, region.name, region))
        ranked.sort(key=lambda item: (item[0], item[1]))
        return [region for _, _, region in ranked[:limit]]

    def code_change(self, old_code: str) -> CodeChange | None:
        """The 2020 -> 2025 change recorded for a Kukar code, if any."""
        return self._changes.get(dotted(old_code))

    def current_code(self, old_code: str) -> str | None:
        """The current code for a Kukar code: itself when current, its 2025 code when it
        was moved or renamed between 2020 and 2025, None when unknown."""
        code = dotted(old_code)
        if code in self._current:
            return code
        change = self._changes.get(code)
        if change and change.new_code in self._current:
            return change.new_code
        return None

    def default_area(self, desa_code: str) -> str:
        """Default visit area ("inland" | "coastal") for a Kukar village or kecamatan.

        Regions whose area is unverified or unknown default to "inland".
        """
        code = self.current_code(desa_code) or dotted(desa_code)
        region = self._current.get(code)
        if region is not None and region.area_type in AREA_TYPES:
            return region.area_type
        return DEFAULT_AREA


@functools.cache
def regions() -> RegionIndex:
    """The shared, read-only region index (loaded on first use)."""
    return RegionIndex()
