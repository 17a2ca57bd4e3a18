"""`jempol --demo --smoke-test`: demo data made once, the window opens and closes, exit 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.cli import main
from app.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def run_app(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        timeout=120,
    )


def test_demo_smoke_test_in_the_demo_folder(tmp_path):
    env = {"JEMPOL_DATA_DIR": str(tmp_path / "Jempol")}
    first = run_app("--demo", "--smoke-test", env=env)
    assert first.returncode == 0, first.stderr
    assert f"kata sandi offline: {DEMO_PASSWORD}" in first.stdout
    demo_dir = tmp_path / "Jempol-demo"  # beside the real data, never inside it
    assert (demo_dir / "jempol.sqlite3").is_file()
    assert not (tmp_path / "Jempol").exists()

    again = run_app("--demo", "--smoke-test", "--lang", "en", env=env)
    assert again.returncode == 0, again.stderr
    assert DEMO_PASSWORD not in again.stdout  # existing data is left alone


def test_usage_errors_exit_2(capsys):
    assert main(["--lang", "fr"]) == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err
    assert main(["export-csv"]) == 2
