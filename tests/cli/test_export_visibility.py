"""`jempol export-csv` on a shared laptop: one officer's view, their own work and their team's."""

from __future__ import annotations

import csv

from app.cli import main
from app.paths import database_path
from app.store import Store
from app.store.officers import PROFILE_OFFICER_SETTING
from tests.cli.conftest import KECAMATAN, NIP, row, write_csv

NIPS = {"A": NIP[:-1] + "1", "B": NIP[:-1] + "2", "C": NIP[:-1] + "3"}
TEAMS = {"A": "Tim 1", "B": "TIM 1 ", "C": ""}


def shared_laptop(tmp_path):
    """A, B (one team) and C (no team), each with requests imported under their NIP."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with Store.open(database_path(data_dir)) as store:
        for letter, nip in NIPS.items():
            store.create_officer(f"Petugas {letter}", nip, TEAMS[letter], KECAMATAN, "rahasia-1")
    niks = {}
    for i, letter in enumerate(NIPS):
        rows = [row(10 * i + n) for n in range(1, 3 + i)]  # A 2, B 3, C 4 rows
        niks[letter] = {r["nik"] for r in rows}
        source = write_csv(tmp_path / f"{letter}.csv", rows)
        args = ["import-csv", str(source), "--data-dir", str(data_dir)]
        assert main([*args, "--officer-nip", NIPS[letter]]) == 0
    return data_dir, niks


def exported_niks(path) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["nik"] for r in csv.DictReader(fh)}


def test_export_writes_one_officers_view(tmp_path, capsys):
    data_dir, niks = shared_laptop(tmp_path)
    out = tmp_path / "out.csv"
    base = ["export-csv", str(out), "--data-dir", str(data_dir)]

    assert main([*base, "--officer-nip", NIPS["C"]]) == 0
    assert exported_niks(out) == niks["C"]
    assert "4 permohonan diekspor" in capsys.readouterr().out

    assert main([*base, "--officer-nip", NIPS["B"], "--lang", "en"]) == 0
    assert exported_niks(out) == niks["A"] | niks["B"]
    assert "5 requests exported" in capsys.readouterr().out

    # Without --officer-nip: the officer the app signs in; no such officer yet: asked.
    out.unlink()
    assert main(base) == 2
    assert "--officer-nip" in capsys.readouterr().err and not out.exists()
    with Store.open(database_path(data_dir)) as store:
        store.set_setting(PROFILE_OFFICER_SETTING, store.get_officer_by_nip(NIPS["A"])["id"])
    assert main(base) == 0
    assert exported_niks(out) == niks["A"] | niks["B"]

    assert main([*base, "--officer-nip", "000"]) == 2
    assert "Tidak ada petugas dengan NIP 000" in capsys.readouterr().err
