"""`jempol import-csv`: good rows saved, bad rows refused whole with line and reason."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from app.cli import main
from app.csvio import import_csv
from app.store import RequestFilter
from tests.cli.conftest import DESA, NIP, OTHER_DESA, TODAY, make_data_dir, person, row, write_csv

ROOT = Path(__file__).resolve().parents[2]
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
CHILD = date(TODAY.year - 8, 5, 6)


def mixed_rows() -> list[dict[str, str]]:
    return [
        row(1),  # line 2: good
        row(2, nik="12345"),  # line 3: NIK too short
        row(3, service="kia"),  # line 4: KIA for an adult
        row(4, birth_date="1990-01-05"),  # line 5: differs from the NIK, no reason
        row(5, birth_date="1990-01-05", notes="KOREKSI: tanggal lahir dikoreksi"),  # 6: good
        row(6, visit_date="17-13-2025", desa_code=OTHER_DESA),  # line 7: bad date
        row(7, visit_date=YESTERDAY, desa_code=OTHER_DESA),  # line 8: good, 2nd visit
        row(8, service="passport", visit_date=YESTERDAY, desa_code="64.02.06.1003"),  # 9
        row(9, **person(9, CHILD, "P"), service="kia"),  # line 10: good, a child's KIA
        row(10, status="pending"),  # line 11: pending without its reason
    ]


def test_good_rows_saved_bad_rows_reported_with_line_and_reason(
    tmp_path, data_dir, open_store, capsys
):
    source = write_csv(tmp_path / "in.csv", mixed_rows())
    assert main(["import-csv", str(source), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "baris 3: nik: NIK harus 16 angka" in err
    assert "baris 4: service:" in err and "KIA" in err
    assert "baris 5: birth_date: Tanggal lahir" in err and "KOREKSI:" in err
    assert "baris 7: visit_date: tanggal kunjungan '17-13-2025' bukan tanggal" in err
    assert "baris 9: service:" in err
    assert "baris 11: pending_reason:" in err
    for good in (2, 6, 8, 10):
        assert f"baris {good}:" not in err

    store = open_store(data_dir)
    saved = {r["nik"]: r for r in store.page_requests(None, 0, 100)}
    expected = {row(n)["nik"] for n in (1, 5, 7)} | {person(9, CHILD, "P")["nik"]}
    assert set(saved) == expected
    assert saved[row(5)["nik"]]["mismatch_reason"] == "tanggal lahir dikoreksi"
    # one visit per visit date + desa, none for the refused rows (e.g. line 9's desa)
    visits = {(v["visit_date"], v["desa_code"]) for v in store.visits()}
    assert visits == {(TODAY.isoformat(), DESA), (YESTERDAY, OTHER_DESA)}
    # saved like real work: each request has its outbox entry
    entries = store.outbox_entries(limit=100)
    assert {e["entity_uuid"] for e in entries if e["entity"] == "request"} == {
        r["uuid"] for r in saved.values()
    }


def test_messages_in_english(tmp_path, data_dir, capsys):
    source = write_csv(tmp_path / "in.csv", [row(1), row(2, nik="12345")])
    assert main(["import-csv", str(source), "--data-dir", str(data_dir), "--lang", "en"]) == 1
    captured = capsys.readouterr()
    assert "line 3: nik: A NIK has 16 digits" in captured.err
    assert "1 of 2 rows imported, 1 refused" in captured.out


def test_semicolon_and_bom_from_excel(tmp_path, data_dir, open_store):
    rows = [row(1), row(2, name="Siti Aminah")]
    source = write_csv(tmp_path / "in.csv", rows, delimiter=";", encoding="utf-8-sig")
    assert source.read_bytes().startswith(b"\xef\xbb\xbf")
    assert main(["import-csv", str(source), "--data-dir", str(data_dir)]) == 0
    names = {r["name"] for r in open_store(data_dir).page_requests(None, 0, 10)}
    assert names == {rows[0]["name"], "Siti Aminah"}


def test_number_mangled_by_excel_is_named(tmp_path, data_dir, capsys):
    source = write_csv(tmp_path / "in.csv", [row(1, nik="6.40206E+15")])
    assert main(["import-csv", str(source), "--data-dir", str(data_dir)]) == 1
    assert "baris 2: nik: NIK sudah diubah Excel menjadi angka" in capsys.readouterr().err


def test_row_failing_inside_the_store_leaves_nothing(tmp_path, data_dir, open_store, capsys):
    # Valid on paper, but completing a printing needs a blank card and there is none:
    # the store refuses it, and the visit started for it is rolled back with it.
    printing = row(2, service="ktp_printing", status="done", visit_date=YESTERDAY)
    source = write_csv(tmp_path / "in.csv", [row(1), printing])
    assert main(["import-csv", str(source), "--data-dir", str(data_dir)]) == 1
    assert "baris 3: status: Stok blanko KTP-el habis" in capsys.readouterr().err
    store = open_store(data_dir)
    assert store.count_requests(RequestFilter()) == 1
    assert [v["visit_date"] for v in store.visits()] == [TODAY.isoformat()]


def test_chunks_commit_good_rows_around_bad_ones(tmp_path, data_dir, open_store):
    rows = [row(n, nik="1" if n % 4 == 0 else row(n)["nik"]) for n in range(1, 12)]
    source = write_csv(tmp_path / "in.csv", rows)
    store = open_store(data_dir)
    officer = store.officers()[0]
    seen: list[tuple[int, int]] = []
    report = import_csv(
        store, officer["id"], source, chunk_rows=3, progress=lambda d, t: seen.append((d, t))
    )
    assert [r.line for r in report.refused] == [5, 9]
    assert report.imported == 9 and report.total == 11
    assert seen == [(3, 11), (6, 11), (9, 11), (11, 11)]
    assert store.count_requests(RequestFilter()) == 9
    assert len(store.visits()) == 1


def test_progress_shown_for_long_files(tmp_path, data_dir, capsys):
    rows = [
        row(n, name=f"Warga {chr(65 + n % 26)}{chr(97 + n // 26 % 26)}{chr(97 + n // 676)}")
        for n in range(1, 1102)
    ]
    source = write_csv(tmp_path / "in.csv", rows)
    assert main(["import-csv", str(source), "--data-dir", str(data_dir)]) == 0
    captured = capsys.readouterr()
    assert "500/1101 baris" in captured.err and "1101/1101 baris" in captured.err
    assert "1101 dari 1101 baris diimpor" in captured.out


def test_officer_choice(tmp_path, capsys):
    source = write_csv(tmp_path / "in.csv", [row(1)])
    empty = make_data_dir(tmp_path / "empty", officers=0)
    assert main(["import-csv", str(source), "--data-dir", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "Belum ada profil petugas" in err and "--officer-nip" in err

    two = make_data_dir(tmp_path / "two", officers=2)
    assert main(["import-csv", str(source), "--data-dir", str(two)]) == 2
    assert "--officer-nip" in capsys.readouterr().err
    args = ["import-csv", str(source), "--data-dir", str(two)]
    assert main([*args, "--officer-nip", "000"]) == 2
    assert "Tidak ada petugas dengan NIP 000" in capsys.readouterr().err
    assert main([*args, "--officer-nip", "198001012005012002"]) == 0


def test_unusable_file_or_data_dir_exits_2(tmp_path, data_dir, capsys):
    missing = tmp_path / "missing.csv"
    assert main(["import-csv", str(missing), "--data-dir", str(data_dir)]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err

    source = write_csv(tmp_path / "in.csv", [row(1)])
    nowhere = tmp_path / "nowhere"
    assert main(["import-csv", str(source), "--data-dir", str(nowhere)]) == 2
    assert "Tidak ada data Jempol" in capsys.readouterr().err
    assert not nowhere.exists()

    latin = tmp_path / "latin.csv"
    write_csv(latin, [row(1, name="Jos\u00e9 Rahman")], encoding="latin-1")
    assert main(["import-csv", str(latin), "--data-dir", str(data_dir)]) == 2
    assert "bukan teks UTF-8 (baris 2)" in capsys.readouterr().err


def test_header_errors_name_the_columns(tmp_path, data_dir, open_store, capsys):
    columns = ("visit_date", "desa_code", "nik", "name", "birth_date", "sex", "service", "notes")
    source = write_csv(tmp_path / "a.csv", [row(1)], columns=columns)
    assert main(["import-csv", str(source), "--data-dir", str(data_dir)]) == 2
    assert "Kolom wajib tidak ada di baris judul: kk, status." in capsys.readouterr().err

    columns = (*row(1), "telepon")
    source = write_csv(tmp_path / "b.csv", [row(1)], columns=columns)
    assert main(["import-csv", str(source), "--data-dir", str(data_dir), "--lang", "en"]) == 2
    assert "Unknown columns in the header: telepon." in capsys.readouterr().err

    empty = tmp_path / "c.csv"
    empty.write_text("", encoding="utf-8")
    assert main(["import-csv", str(empty), "--data-dir", str(data_dir)]) == 2
    assert "kosong" in capsys.readouterr().err
    assert open_store(data_dir).count_requests(RequestFilter()) == 0


def test_help_documents_the_correction_prefix(capsys):
    assert main(["import-csv", "--help"]) == 0
    out = capsys.readouterr().out
    assert "KOREKSI:" in out and "visit_date,desa_code,nik,kk,name" in out
    assert main(["--version"]) == 0


def test_entry_point_runs_headless(tmp_path, data_dir):
    source = write_csv(tmp_path / "in.csv", [row(1), row(2, nik="12")])
    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "app",
            "import-csv",
            str(source),
            "--data-dir",
            str(data_dir),
            "--officer-nip",
            NIP,
        ],
        input="rahasia-1\n",  # the officer's offline password unlocks the data
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "baris 3: nik:" in result.stderr
    assert "1 dari 2 baris diimpor" in result.stdout
    assert "PySide6" not in result.stderr  # -X importtime lists every module loaded


def test_cancelled_row_needs_its_reason(tmp_path, data_dir, open_store, capsys):
    rows = [row(1, status="cancelled"), row(2, status="cancelled", cancel_reason="Salah input")]
    source = write_csv(tmp_path / "in.csv", rows, columns=(*rows[1],))
    assert main(["import-csv", str(source), "--data-dir", str(data_dir)]) == 1
    assert "baris 2: cancel_reason: status cancelled perlu alasan" in capsys.readouterr().err
    (saved,) = open_store(data_dir).page_requests(None, 0, 10)
    assert (saved["nik"], saved["status"], saved["revision"]) == (rows[1]["nik"], "cancelled", 2)
    assert saved["cancel_reason"] == "Salah input"
