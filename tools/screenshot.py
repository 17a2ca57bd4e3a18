"""Save docs/screenshot.png: the real main window, in Indonesian, on demo data.

    .venv/bin/python tools/screenshot.py [output.png]

Builds the demo data dir in a temporary folder (app.demo), marks one request as
returned by a supervisor (so the highlight shows), types a resident whose birth date
disagrees with the NIK (so the inline check shows), and grabs the window.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTranslator  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.demo import ensure_demo_data  # noqa: E402
from app.domain.nik import make_nik  # noqa: E402
from app.i18n import _tool  # noqa: E402
from app.paths import database_path  # noqa: E402
from app.resources import resource_path  # noqa: E402
from app.store import RequestFilter, Store  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.widgets import select_data  # noqa: E402


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def main(out: Path) -> int:
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        qm = Path(tmp) / "jempol_id.qm"
        ts = resource_path("translations", "jempol_id.ts")
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        translator = QTranslator()
        translator.load(str(qm))
        app.installTranslator(translator)

        data_dir = Path(tmp) / "demo"
        ensure_demo_data(data_dir)
        store = Store.open(database_path(data_dir))
        officer = store.officers()[0]
        visit = store.open_visit(officer["id"])
        todays = store.page_requests(RequestFilter(visit_uuid=visit["uuid"]), 0, 3)
        store.apply_changes(
            [
                {
                    "kind": "review",
                    "entity_uuid": todays[1]["uuid"],
                    "data": {"decision": "return", "comment": "Foto KK tidak terbaca"},
                }
            ],
            store.pull_cursor() + 1,
        )
        window = MainWindow(store, lang="id", sign_in=False)
        window.resize(1366, 820)
        window.show()
        window.refresh_all()
        form = window.form
        form.nik_edit.setText(make_nik(visit["kecamatan_code"], date(1988, 5, 21), "P", 31))
        form.kk_edit.setText(todays[0]["kk"])
        form.name_edit.setText("Nurhayati")
        form.birth_edit.setText("12-05-1988")
        select_data(form.sex_combo, "P")
        select_data(form.marital_combo, "kawin")
        form.address_edit.setText("Jl. Danau Semayang Gg. 3")
        form.rt_edit.setText("007")
        form.rw_edit.setText("002")
        select_data(form.service_combo, "ktp_printing")
        form.validate_now()
        settle(app)
        window.grab().save(str(out))
        window.close()
        store.close()
    print(out)
    return 0


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png"
    raise SystemExit(main(target))
