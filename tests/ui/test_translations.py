"""Indonesian is complete, compiles, and is what the window speaks when installed."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from app.i18n import _tool
from app.resources import resource_path
from app.ui.i18n import install_translator, normalize_language, remove_translators
from app.ui.main import run_gui

ID_TS = resource_path("translations", "jempol_id.ts")
UI_SOURCES = sorted(str(p) for p in Path(__file__).resolve().parents[2].glob("app/ui/**/*.py"))


def unfinished(ts: Path) -> list[str]:
    root = ET.parse(ts).getroot()
    missing = []
    for message in root.iter("message"):
        translation = message.find("translation")
        forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(forms):
            missing.append(message.findtext("source"))
    return missing


def test_every_indonesian_string_is_translated():
    assert unfinished(ID_TS) == []


def test_the_ts_file_holds_every_ui_string(tmp_path):
    """lupdate on the current sources adds nothing untranslated to the committed file."""
    copy = tmp_path / "jempol_id.ts"
    shutil.copy(ID_TS, copy)
    subprocess.run(
        [_tool("pyside6-lupdate"), "-silent", "-no-obsolete", *UI_SOURCES, "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    assert unfinished(copy) == []


@pytest.fixture
def indonesian(qapp, tmp_path):
    qm = tmp_path / "jempol_id.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(ID_TS), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def test_indonesian_translation_is_used(indonesian, qtbot, store, officer, make_window):
    tr = QCoreApplication.translate
    assert tr("MainWindow", "Today") == "Hari ini"
    assert tr("MainWindow", "%n change(s) waiting for sync", "", 3) == (
        "3 perubahan menunggu sinkronisasi"
    )
    window = make_window(store)
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["Hari ini", "Semua permohonan", "Blanko KTP-el", "Ringkasan harian", "Sasaran"]
    assert window.sync_menu.title().replace("&", "") == "Sinkronisasi"
    assert window.form.use_nik_button.text() == "Pakai data NIK"
    assert "menunggu sinkronisasi" in window.pending_status.text()


def test_install_translator_loads_the_shipped_file(qapp, tmp_path, monkeypatch):
    """install_translator finds jempol_<lang>.qm through resource_path."""
    built = tmp_path / "translations"
    built.mkdir()
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(ID_TS), "-qm", str(built / "jempol_id.qm")],
        check=True,
        capture_output=True,
    )
    monkeypatch.setattr("app.ui.i18n.qm_path", lambda lang: built / f"jempol_{lang}.qm")
    try:
        assert install_translator(qapp, "id") is True
        assert QCoreApplication.translate("MainWindow", "Today") == "Hari ini"
        assert install_translator(qapp, "en") is False  # no English file there: source text
        assert QCoreApplication.translate("MainWindow", "Today") == "Today"
    finally:
        remove_translators(qapp)


def test_language_names_normalise():
    assert normalize_language(None) == "id"
    assert normalize_language("EN") == "en"
    assert normalize_language("fr") == "id"


def test_run_gui_smoke_test(qapp, tmp_path):
    try:
        assert run_gui(tmp_path / "smoke", smoke_test=True, lang="en") == 0
    finally:
        remove_translators(qapp)
    assert (tmp_path / "smoke" / "jempol.sqlite3").exists()
