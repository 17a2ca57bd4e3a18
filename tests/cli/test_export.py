"""`jempol export-csv`: BOM, NIK/KK as text, and a lossless round trip through import."""

from __future__ import annotations

import csv
from datetime import timedelta

from app.cli import main
from app.csvio import EXPORT_COLUMNS
from app.demo import ensure_demo_data
from app.store import RequestFilter
from tests.cli.conftest import OTHER_DESA, TODAY, make_data_dir, row, write_csv

COMPARED = (
    "visit_date",
    "desa_code",
    "nik",
    "kk",
    "name",
    "birth_date",
    "sex",
    "service",
    "status",
    "notes",
    "pending_reason",
    "mismatch_reason",
    "cancel_reason",
)


def source_rows() -> list[dict[str, str]]:
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    return [
        row(1),
        row(2, status="pending", notes="Menunggu sinyal"),
        row(3, birth_date="1990-01-04", notes="KOREKSI: akta kelahiran dikoreksi"),
        row(4, visit_date=yesterday, desa_code=OTHER_DESA, service="kk_change", status="done"),
        row(5, status="cancelled", cancel_reason="Data ganda"),
    ]


def source_file(tmp_path):
    rows = source_rows()
    rows[1]["pending_reason"] = "biometric_upload_waiting"
    columns = (*rows[0], "pending_reason", "cancel_reason")
    return write_csv(tmp_path / "in.csv", rows, columns=columns)


def read_export(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_export_then_import_round_trip(tmp_path, data_dir, open_store, capsys):
    assert main(["import-csv", str(source_file(tmp_path)), "--data-dir", str(data_dir)]) == 0
    out = tmp_path / "out.csv"
    assert main(["export-csv", str(out), "--data-dir", str(data_dir)]) == 0
    assert "5 permohonan diekspor" in capsys.readouterr().out

    exported = read_export(out)
    assert list(exported[0]) == list(EXPORT_COLUMNS)
    by_nik = {r["nik"]: r for r in exported}
    for original in source_rows():
        # NIK and KK stay 16-digit text, never a number in scientific notation
        got = by_nik[original["nik"]]
        assert got["nik"].isdigit() and len(got["nik"]) == 16 and got["kk"] == original["kk"]
        assert got["uuid"] and got["created_at"]
    assert by_nik[source_rows()[2]["nik"]]["mismatch_reason"] == "akta kelahiran dikoreksi"
    assert by_nik[source_rows()[1]["nik"]]["pending_reason"] == "biometric_upload_waiting"
    cancelled = by_nik[source_rows()[4]["nik"]]
    assert (cancelled["status"], cancelled["cancel_reason"], cancelled["revision"]) == (
        "cancelled",
        "Data ganda",
        "2",
    )

    # into a fresh laptop: every row comes back with the same contents
    other = make_data_dir(tmp_path / "other")
    assert main(["import-csv", str(out), "--data-dir", str(other)]) == 0
    again = tmp_path / "again.csv"
    assert main(["export-csv", str(again), "--data-dir", str(other)]) == 0

    def contents(rows):
        return sorted(tuple(r[c] for c in COMPARED) for r in rows)

    assert contents(read_export(again)) == contents(exported)
    # into the same data dir: rows already there are skipped, nothing doubles
    assert main(["import-csv", str(out), "--data-dir", str(data_dir)]) == 0
    assert "0 dari 5 baris diimpor, 0 ditolak, 5 sudah ada." in capsys.readouterr().out
    assert open_store(data_dir).count_requests(RequestFilter()) == 5


def test_excel_form_keeps_numbers_as_text_and_reimports(tmp_path, data_dir, open_store):
    assert main(["import-csv", str(source_file(tmp_path)), "--data-dir", str(data_dir)]) == 0
    out = tmp_path / "excel.csv"
    assert main(["export-csv", str(out), "--data-dir", str(data_dir), "--excel"]) == 0
    exported = read_export(out)
    assert all(r["nik"].startswith('="') and r["nik"].endswith('"') for r in exported)
    other = make_data_dir(tmp_path / "other")
    assert main(["import-csv", str(out), "--data-dir", str(other)]) == 0
    niks = {r["nik"] for r in open_store(other).page_requests(None, 0, 10)}
    assert niks == {r["nik"] for r in source_rows()}


def test_export_one_visit_date(tmp_path, data_dir, capsys):
    assert main(["import-csv", str(source_file(tmp_path)), "--data-dir", str(data_dir)]) == 0
    out = tmp_path / "day.csv"
    day = (TODAY - timedelta(days=1)).isoformat()
    assert main(["export-csv", str(out), "--data-dir", str(data_dir), "--date", day]) == 0
    assert [r["nik"] for r in read_export(out)] == [source_rows()[3]["nik"]]

    assert main(["export-csv", str(out), "--data-dir", str(data_dir), "--date", "kemarin"]) == 2
    assert "--date 'kemarin' bukan tanggal" in capsys.readouterr().err


def test_export_streams_past_one_page(tmp_path, data_dir):
    rows = [
        row(n, name=f"Warga {chr(65 + n % 26)}{chr(97 + n // 26 % 26)}{chr(97 + n // 676)}")
        for n in range(1, 2101)
    ]
    assert (
        main(["import-csv", str(write_csv(tmp_path / "in.csv", rows)), "--data-dir", str(data_dir)])
        == 0
    )
    out = tmp_path / "out.csv"
    assert main(["export-csv", str(out), "--data-dir", str(data_dir)]) == 0
    niks = [r["nik"] for r in read_export(out)]
    assert len(niks) == len(set(niks)) == 2100


def test_export_without_data_or_target_folder_exits_2(tmp_path, data_dir, capsys):
    assert main(["export-csv", str(tmp_path / "x.csv"), "--data-dir", str(tmp_path / "no")]) == 2
    assert "Tidak ada data Jempol" in capsys.readouterr().err
    target = tmp_path / "missing" / "x.csv"
    assert main(["export-csv", str(target), "--data-dir", str(data_dir)]) == 2
    assert "Folder tujuan" in capsys.readouterr().err


def test_demo_data_round_trips_through_csv(tmp_path, open_store):
    demo = tmp_path / "demo"
    ensure_demo_data(demo, today=TODAY)
    out = tmp_path / "demo.csv"
    assert main(["export-csv", str(out), "--data-dir", str(demo)]) == 0
    other = make_data_dir(tmp_path / "other")
    store = open_store(other)
    store.receive_stock(store.officers()[0]["id"], 100, "for the printings of the demo")
    assert main(["import-csv", str(out), "--data-dir", str(other)]) == 0
    again = tmp_path / "again.csv"
    assert main(["export-csv", str(again), "--data-dir", str(other)]) == 0
    details = [c for c in EXPORT_COLUMNS if c not in ("uuid", "created_at")]

    def contents(path):
        return sorted(tuple(r[c] for c in details) for r in read_export(path))

    assert contents(again) == contents(out)
    exported = read_export(out)
    assert {r["has_ektp"] for r in exported} == {"0", "1"}
    assert any(r["marital_status"] == "kawin" and r["phone"] for r in exported)
