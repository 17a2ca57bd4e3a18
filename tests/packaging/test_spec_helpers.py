"""The pure parts of the packaging: version, Windows version resource, what the bundle drops."""

from __future__ import annotations

import ast
import re
from importlib import metadata
from pathlib import Path

import pytest
import spec_helpers as sh
from make_installer import makensis_command, setup_name

import app

ROOT = Path(__file__).resolve().parents[2]


def test_one_version_number_everywhere():
    version = sh.project_version(ROOT)
    assert app.__version__ == version == metadata.version("jempol")
    assert setup_name(version) == f"jempol-{version}-setup.exe"
    cmd = makensis_command(version, ROOT / "dist" / "jempol", ROOT / "dist")
    assert any(arg.endswith(f"DVERSION={version}") for arg in cmd)
    numbers = ".".join(map(str, sh.version_tuple(version)))
    assert any(arg.endswith(f"DVERSION4={numbers}") for arg in cmd)
    assert cmd[-1].endswith("jempol.nsi")


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1rc1", (2, 0, 1, 0)),
     ("1.2.3.4.5", (1, 2, 3, 4))],
)  # fmt: skip
def test_version_tuple(version, expected):
    assert sh.version_tuple(version) == expected


def test_version_tuple_refuses_garbage():
    with pytest.raises(ValueError, match="does not start with a number"):
        sh.version_tuple("dev")


def test_version_resource_is_what_pyinstaller_evaluates():
    text = sh.version_resource_text("1.4.2", "jempol", "Jempol - layanan jemput bola")
    calls: dict[str, list] = {}

    def recorder(name):
        def make(*args, **kwargs):
            calls.setdefault(name, []).append((args, kwargs))
            return name

        return make

    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct"]  # fmt: skip
    eval(compile(ast.parse(text, mode="eval"), "version", "eval"), {n: recorder(n) for n in names})
    assert calls["FixedFileInfo"][0][1]["filevers"] == (1, 4, 2, 0)
    assert calls["FixedFileInfo"][0][1]["prodvers"] == (1, 4, 2, 0)
    strings = dict(args for args, _ in calls["StringStruct"])
    assert strings["ProductVersion"] == strings["FileVersion"] == "1.4.2"
    assert strings["OriginalFilename"] == "jempol.exe"
    assert strings["CompanyName"] == sh.PUBLISHER


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt6Qml.dll",
        "libQt6Quick.so.6",  # the top-level symlink PyInstaller makes on Linux
        "PySide6/Qt6WebEngineCore.dll",
        "PySide6/Qt6Pdf.dll",
        "PySide6/plugins/tls/qschannelbackend.dll",
        "PySide6/Qt/lib/libQt6Multimedia.so.6",
        "PySide6/Qt/plugins/platforms/libqwayland-egl.so",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/plugins/imageformats/qpdf.dll",
        "PySide6/plugins/imageformats/qjpeg.dll",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/translations/qtbase_de.qm",
        "PySide6/opengl32sw.dll",
    ],
)
def test_unused_qt_parts_are_dropped(dest):
    assert not sh.keep_in_bundle(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt6Widgets.dll",
        "PySide6/Qt6Charts.dll",
        "PySide6/QtCharts.pyd",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/platforms/qoffscreen.dll",
        "PySide6/plugins/imageformats/qico.dll",
        "PySide6/plugins/imageformats/qsvg.dll",
        "PySide6/plugins/iconengines/qsvgicon.dll",
        "PySide6/QtNetwork.pyd",
        "PySide6/Qt6Network.dll",
        "PySide6/plugins/networkinformation/qnetworklistmanager.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/translations/qtbase_en.qm",
        "resources/translations/jempol_id.qm",
        "resources/data/NOTICE.md",
        "libpython3.11.so.1.0",
    ],
)
def test_used_parts_are_kept(dest):
    assert sh.keep_in_bundle(dest)
    assert sh.keep_in_bundle(dest.replace("/", "\\"))


def test_symlinks_go_with_their_targets():
    toc = [
        ("PySide6/Qt/lib/libQt6Quick.so.6", "/venv/libQt6Quick.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/venv/libQt6Core.so.6", "BINARY"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("sub/libfoo.so", "../libfoo.so.1", "SYMLINK"),
        ("libfoo.so.1", "/usr/lib/libfoo.so.1", "BINARY"),
        ("sub/libgone.so", "../libgone.so.1", "SYMLINK"),
    ]
    assert [entry[0] for entry in sh.filter_toc(toc)] == [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "libQt6Core.so.6",
        "sub/libfoo.so",
        "libfoo.so.1",
    ]


def test_prune_keeps_linked_and_dlopened_libraries_only():
    toc = [
        ("PySide6/QtGui.abi3.so", "/venv/PySide6/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/venv/plugins/libqxcb.so", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libfontconfig.so.1", "/usr/lib/libfontconfig.so.1", "BINARY"),
        ("libpango-1.0.so.0", "/usr/lib/libpango-1.0.so.0", "BINARY"),
        ("libssl.so.3", "/usr/lib/libssl.so.3", "BINARY"),
        ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),
    ]
    imports = {
        "/venv/PySide6/QtGui.abi3.so": [("libfontconfig.so.1", "/usr/lib/libfontconfig.so.1")],
        "/venv/plugins/libqxcb.so": [("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0")],
    }
    kept, dropped = sh.prune_unlinked_libraries(toc, lambda path: imports.get(path, []))
    assert dropped == ["libpango-1.0.so.0"]
    assert len(kept) == len(toc) - 1


def _imported_modules(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_bundle_excludes_no_module_the_app_imports():
    imported = _imported_modules(ROOT / "app") | _imported_modules(ROOT / "sync")
    excluded = set(sh.EXCLUDED_MODULES)
    clash = sorted(
        name for name in imported if any(name == e or name.startswith(e + ".") for e in excluded)
    )
    assert clash == [], f"remove these from installer/spec_helpers.py EXCLUDED_MODULES: {clash}"


def test_nsis_script_writes_every_apps_and_features_value():
    script = (ROOT / "installer" / "jempol.nsi").read_text(encoding="utf-8")
    for name in ("DisplayName", "DisplayVersion", "Publisher", "UninstallString",
                 "QuietUninstallString", "InstallLocation", "EstimatedSize", "NoModify"):  # fmt: skip
        assert re.search(rf'WriteReg(Str|DWORD) HKCU "\$\{{UNINSTALL_KEY\}}" "{name}"', script), (
            name
        )
    assert "RequestExecutionLevel user" in script
    assert 'OutFile "${OUTDIR}/jempol-${VERSION}-setup.exe"' in script
    assert "/REMOVEDATA" in script and "schtasks /Delete" in script
