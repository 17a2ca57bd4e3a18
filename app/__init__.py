"""Jempol desktop app.

Importing this package pulls in no Qt: the domain (``app.domain``) and the
store (``app.store``) run headless and are shared with the sync client and,
for the domain, the central server.
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("jempol")
except _metadata.PackageNotFoundError:  # running from a PyInstaller bundle or a bare checkout
    __version__ = "0.1.0"

APP_NAME = "Jempol"
ORG_NAME = "Disdukcapil Kutai Kartanegara"
