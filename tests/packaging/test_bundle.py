"""The PyInstaller bundle built from build_installer.spec (slow: -m packaging)."""

from __future__ import annotations

import subprocess

import build_bundle
import pytest

pytestmark = pytest.mark.packaging


@pytest.fixture
def bundle(built_bundle):
    return built_bundle


def test_bundle_is_small_enough(bundle):
    size, count = build_bundle.bundle_size(bundle)
    assert size <= build_bundle.MAX_MB * 1_000_000, f"{size / 1e6:.1f} MB in {count} files"


def test_bundle_carries_the_resources(bundle):
    resources = bundle / "_internal" / "resources"
    assert (resources / "data" / "NOTICE.md").is_file()
    assert (resources / "data" / "kukar_regions.csv").is_file()
    assert (resources / "translations" / "jempol_id.qm").is_file()
    assert (resources / "icons" / "jempol.ico").is_file()


def test_bundled_app_reports_the_project_version(bundle):
    out = subprocess.run(
        [str(build_bundle.exe_path("jempol", bundle)), "--version"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"jempol {build_bundle.project_version()}"


def test_bundle_leaves_out_unused_qt(bundle):
    names = {p.name for p in bundle.rglob("*")}
    for unwanted in ("libQt6Quick.so.6", "libQt6Qml.so.6", "libQt6Pdf.so.6", "libqgtk3.so",
                     "Qt6Quick.dll", "Qt6Qml.dll", "Qt6Pdf.dll", "opengl32sw.dll"):  # fmt: skip
        assert unwanted not in names


def test_bundled_app_passes_its_smoke_test(bundle):
    seconds, _window_ms, _output = build_bundle.smoke_test(bundle)
    assert seconds < build_bundle.SMOKE_TIMEOUT


def test_bundled_sync_tool_starts(bundle):
    assert build_bundle.sync_check(bundle)
