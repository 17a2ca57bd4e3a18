"""The layering rules of docs/architecture.md, checked on the source."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def files_under(*parts: str) -> list[Path]:
    return sorted(ROOT.joinpath(*parts).rglob("*.py"))


def offenders(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in files:
        for name in imported_modules(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
SQL = ("sqlite3", "sqlite_utils", "sqlalchemy", "psycopg")
HTTP = ("requests", "urllib3", "httpx", "fastapi", "uvicorn")


def test_domain_is_pure():
    assert (
        offenders(files_under("app", "domain"), QT + SQL + HTTP + ("app.store", "app.ui", "sync"))
        == []
    )


def test_store_imports_no_qt_no_http_no_sync_or_ui():
    assert offenders(files_under("app", "store"), QT + HTTP + ("app.ui", "sync", "server")) == []


def test_sync_imports_no_qt_no_ui():
    assert offenders(files_under("sync"), QT + ("app.ui", "server")) == []


def test_protocol_imports_no_store():
    assert offenders([ROOT / "sync" / "protocol.py"], ("app.store", "requests", "app.ui")) == []


def test_server_never_imports_ui_or_store():
    assert offenders(files_under("server"), QT + ("app.ui", "app.store", "sync.client")) == []


@pytest.mark.parametrize(
    "module", ["app", "app.domain.record", "app.store", "sync.protocol", "sync.client", "server"]
)
def test_headless_modules_do_not_load_qt(module):
    code = f"import sys, {module}; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_widgets_run_no_sql():
    ui = [p for p in files_under("app", "ui")]
    assert offenders(ui, SQL) == []
    for path in ui:
        text = path.read_text(encoding="utf-8")
        for keyword in (".execute(", "SELECT ", "INSERT INTO", "UPDATE requests"):
            assert keyword not in text, f"{path.relative_to(ROOT)} contains {keyword!r}"
