"""Packaging tests: the "packaging" marker and the helpers they share.

Tests marked ``packaging`` build the PyInstaller bundle and, for the installer,
run NSIS and wine: minutes, not seconds. They run only when selected with
``-m packaging`` (``pytest -m packaging tests/packaging``); the default run
skips them even before ``-m "not packaging"`` is in the project's addopts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

INSTALLER_DIR = Path(__file__).resolve().parents[2] / "installer"
if str(INSTALLER_DIR) not in sys.path:
    sys.path.insert(0, str(INSTALLER_DIR))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "packaging: builds the bundle / installer (minutes); select with -m packaging"
    )


def pytest_collection_modifyitems(config, items):
    if "packaging" in (config.getoption("markexpr", "") or "").replace("not packaging", ""):
        return
    skip = pytest.mark.skip(reason="packaging test: run with -m packaging")
    for item in items:
        if item.get_closest_marker("packaging") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def built_bundle():
    """dist/jempol/, built once per session from build_installer.spec."""
    import build_bundle

    build_bundle.build()
    return build_bundle.BUNDLE
