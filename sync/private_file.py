"""Writing a small secret JSON file (key files): atomically, owner-only, on disk.

Shared by the server's key file (``server.keys``) and the organisation's recovery key
file (``sync.recovery_key``). No Qt, no SQL.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_private_json(path: Path, doc: dict[str, Any], *, exclusive: bool = False) -> None:
    """Write ``doc`` to ``path`` through a flushed temporary file (mode 0600) so a reader
    never sees half a file. ``exclusive``: never replace an existing file
    (``FileExistsError``), also when two processes race to create it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(doc, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        if not exclusive:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            if path.exists():
                raise FileExistsError(str(path)) from None
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
