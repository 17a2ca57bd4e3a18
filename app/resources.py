"""The one place that knows where shipped resources live.

From a source checkout they are in ``resources/`` at the repository root; in a
PyInstaller bundle they are under ``sys._MEIPASS/resources``. No Qt here.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("data", "kukar_regions.csv")``."""
    return resources_root().joinpath(*parts)
