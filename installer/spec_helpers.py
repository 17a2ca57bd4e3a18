"""Helpers for build_installer.spec, kept here so they can be tested without a build.

Pure Python (no PyInstaller, no Qt imports): reading the one version number
from pyproject.toml, writing the Windows version resource as the text file
PyInstaller's ``EXE(version=...)`` loads, and deciding which collected Qt
files the bundle leaves out.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

PUBLISHER = "Disdukcapil Kutai Kartanegara"
PRODUCT = "Jempol"

# Qt shared libraries (any platform's naming) the app never uses. Matched on
# the file name with "lib"/"Qt6"/"Qt" prefixes and extensions stripped.
EXCLUDED_QT_LIBRARIES = re.compile(
    r"^(Quick|Qml|WebEngine|WebChannel|WebSockets|WebView|Multimedia|SpatialAudio|3D|Pdf|"
    r"Designer|VirtualKeyboard|Wayland|Location|Positioning|Sensors|Bluetooth|Nfc|"
    r"SerialPort|SerialBus|RemoteObjects|Scxml|StateMachine|TextToSpeech|Graphs|"
    r"DataVisualization|ShaderTools|Help|UiTools|Sql|Test|HttpServer|Labs|EglFS|EglFs|"
    r"WlShell|NetworkAuth)",
    re.IGNORECASE,
)
# PySide6 Python modules left out of the analysis (the app imports none of them).
EXCLUDED_MODULES = [
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2",
    "PySide6.QtQuick3D", "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DInput",
    "PySide6.Qt3DLogic", "PySide6.Qt3DExtras", "PySide6.Qt3DAnimation",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.QtWebView",
    "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtSpatialAudio",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtDesigner", "PySide6.QtUiTools",
    "PySide6.QtHelp", "PySide6.QtBluetooth", "PySide6.QtNfc", "PySide6.QtPositioning",
    "PySide6.QtLocation", "PySide6.QtSensors", "PySide6.QtSerialPort", "PySide6.QtSerialBus",
    "PySide6.QtRemoteObjects", "PySide6.QtScxml", "PySide6.QtStateMachine",
    "PySide6.QtTextToSpeech", "PySide6.QtGraphs", "PySide6.QtGraphsWidgets",
    "PySide6.QtDataVisualization", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtHttpServer",
    "PySide6.QtAxContainer", "PySide6.QtNetworkAuth",
    # Python bindings only (QtCharts' C++ library still links Qt6OpenGL*, kept as libraries)
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtDBus",
    # the central server and developer tools are not part of the laptop app
    "server", "fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg",
    "psycopg_binary", "httpx", "pytest", "pytestqt", "hypothesis", "IPython",
    "tkinter", "_tkinter", "matplotlib", "numpy", "PyInstaller", "pygments", "rich",
    "pydoc_data", "docutils",
    # relay bundles use PyNaCl (libsodium); "cryptography" (11.5 MB of Rust binding) is
    # only reachable through optional imports (e.g. urllib3.contrib.pyopenssl) and tests
    "cryptography",
]  # fmt: skip
# Modules PyInstaller cannot see: nacl's compiled extension (nacl._sodium) imports
# cffi's runtime from C, and the nacl hook does not list it (the cryptography hook did).
HIDDEN_IMPORTS = ["_cffi_backend"]

# Qt plugin folders that are filtered, each with the plugins kept (names with the
# "lib"/"q" prefixes and the extension stripped). Folders not listed are kept whole
# (styles holds the Windows 11 style; tls, platforminputcontexts are small).
PLUGIN_ALLOW: dict[str, set[str]] = {
    "platforms": {"offscreen", "xcb", "windows"},
    "imageformats": {"ico", "svg"},  # PNG is built into QtGui
    "iconengines": {"svgicon"},
    "platformthemes": set(),  # GTK theme: pulls in the whole GTK stack
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "generic": set(),
    "tls": set(),  # the app does HTTP with requests; QtNetwork is there for
    # QNetworkInformation (online/offline), whose networkinformation plugins are kept
    "egldeviceintegrations": set(),
    "wayland-decoration-client": set(),
    "wayland-graphics-integration-client": set(),
    "wayland-shell-integration": set(),
    "wayland-graphics-integration-server": set(),
    "qmltooling": set(),
    "sceneparsers": set(),
    "geometryloaders": set(),
    "renderers": set(),
    "renderplugins": set(),
    "multimedia": set(),
    "position": set(),
    "sqldrivers": set(),
    "designer": set(),
    "virtualkeyboard": set(),
}
# Qt's own translations: only the languages the app offers.
QT_TRANSLATION_LANGUAGES = ("id", "en")
# Software OpenGL (20 MB): Qt Widgets and the raster QtCharts never need it.
EXCLUDED_FILES = {"opengl32sw.dll"}


def project_version(root: Path) -> str:
    """``[project].version`` of ``root/pyproject.toml``: the one version number."""
    with (root / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``"1.2.3"`` -> ``(1, 2, 3, 0)``; pre-release suffixes are dropped (``"1.2rc1"``)."""
    numbers = []
    for part in version.split(".")[:4]:
        match = re.match(r"\d+", part)
        if not match:
            break
        numbers.append(int(match.group()))
        if match.group() != part:
            break
    if not numbers:
        raise ValueError(f"version {version!r} does not start with a number")
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_resource_text(version: str, exe_name: str, description: str) -> str:
    """The VSVersionInfo text PyInstaller loads for ``EXE(version=path)`` on Windows."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": exe_name,
        "LegalCopyright": f"(c) {PUBLISHER}. MIT License.",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    string_lines = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return (
        "VSVersionInfo(\n"
        "  ffi=FixedFileInfo(\n"
        f"    filevers={numbers!r},\n"
        f"    prodvers={numbers!r},\n"
        "    mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)\n"
        "  ),\n"
        "  kids=[\n"
        "    StringFileInfo([\n"
        "      StringTable('040904B0', [\n"
        f"{string_lines}\n"
        "      ])\n"
        "    ]),\n"
        "    VarFileInfo([VarStruct('Translation', [1033, 1200])])\n"
        "  ]\n"
        ")\n"
    )


def write_version_resource(path: Path, version: str, exe_name: str, description: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_resource_text(version, exe_name, description), encoding="utf-8")
    return path


def _bare_name(filename: str) -> str:
    """``libQt6Quick.so.6`` / ``Qt6Quick.dll`` -> ``Quick``; ``libqxcb.so`` -> ``xcb``."""
    name = filename.split(".")[0]
    for prefix in ("lib", "Qt6", "Qt"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name


def _plugin_name(filename: str) -> str:
    name = filename.split(".")[0]
    if name.startswith("lib"):
        name = name[3:]
    return name[1:] if name.startswith("q") else name


def keep_in_bundle(dest: str) -> bool:
    """False for a collected file (its path inside the bundle) the app never uses."""
    path = PurePosixPath(dest.replace("\\", "/"))
    filename = path.name
    if filename.lower() in EXCLUDED_FILES or _is_qt_library(filename):
        return False
    parts = path.parts
    if "PySide6" not in parts and "shiboken6" not in parts:
        return True
    if "plugins" in parts:
        index = parts.index("plugins")
        if len(parts) > index + 2:
            folder = parts[index + 1]
            if folder in PLUGIN_ALLOW and _plugin_name(filename) not in PLUGIN_ALLOW[folder]:
                return False
    if "translations" in parts and filename.endswith(".qm"):
        language = filename[: -len(".qm")].split("_", 1)[-1]
        return language in QT_TRANSLATION_LANGUAGES
    if "qml" in parts or ("resources" in parts and "qtwebengine" in filename.lower()):
        return False
    return True


def _is_qt_library(filename: str) -> bool:
    return filename.startswith(("Qt6", "libQt6", "Qt", "libQt")) and bool(
        EXCLUDED_QT_LIBRARIES.match(_bare_name(filename))
    )


def filter_toc(entries: Iterable[tuple]) -> list[tuple]:
    """The entries of a PyInstaller TOC (dest, src, typecode) worth shipping.

    A SYMLINK entry (its src is the target inside the bundle) goes with its target.
    """
    entries = list(entries)
    kept = [entry for entry in entries if keep_in_bundle(entry[0])]
    dests = {_norm(entry[0]) for entry in kept}
    return [
        entry for entry in kept if entry[2] != "SYMLINK" or _norm(_symlink_target(entry)) in dests
    ]


def _norm(dest: str) -> str:
    return dest.replace("\\", "/")


def _symlink_target(entry: tuple) -> str:
    """The bundle path a SYMLINK entry points to (its src is relative to the link)."""
    dest, target = _norm(entry[0]), _norm(entry[1])
    parent = PurePosixPath(dest).parent
    parts: list[str] = list(parent.parts) if str(parent) != "." else []
    for part in PurePosixPath(target).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


# Shared libraries kept even when no kept binary links to them: loaded with dlopen.
DLOPENED = ("libssl.", "libcrypto.")


def prune_unlinked_libraries(
    binaries: Iterable[tuple], get_imports: Callable[[str], Iterable[tuple[str, str]]]
) -> tuple[list[tuple], list[str]]:
    """Linux: drop top-level shared libraries that no kept binary links to.

    PyInstaller collects the dependencies of every Qt plugin before the spec can
    filter plugins, so dropping e.g. the GTK theme plugin leaves the GTK stack
    behind. Roots are everything outside the bundle's top level (Python
    extensions, Qt libraries and plugins) plus libpython; ``get_imports(path)``
    (PyInstaller's ``bindepend.get_imports``: ldd, so transitive) names what each
    root needs. Returns (kept entries, names of the dropped libraries).
    """
    entries = filter_toc(binaries)

    def candidate(entry: tuple) -> bool:
        dest = _norm(entry[0])
        return (
            entry[2] == "BINARY"
            and "/" not in dest
            and not dest.startswith("libpython")
            and not dest.startswith(DLOPENED)
        )

    needed: set[str] = set()
    for entry in entries:
        if not candidate(entry) and entry[2] != "SYMLINK":
            needed.update(PurePosixPath(name).name for name, _path in get_imports(entry[1]))
    dropped = [_norm(e[0]) for e in entries if candidate(e) and _norm(e[0]) not in needed]
    gone = set(dropped)
    return filter_toc(e for e in entries if _norm(e[0]) not in gone), sorted(gone)
