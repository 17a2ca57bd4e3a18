"""The NSIS installer under wine: install, upgrade, uninstall (slow: -m packaging, Linux)."""

from __future__ import annotations

import sys

import check_installer
import pytest

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the wine check is for Linux"),
]


def test_installer_mechanics_under_wine(built_bundle):
    timings = check_installer.run_check(skip_build=True)
    assert set(timings) >= {"install", "upgrade", "uninstall", "remove data", "total"}
